"""The register's search, filters and sort over a real store."""

from datetime import date

import pytest

from solodesk.models import Action, ActionStatus, CaseStatus, ManagementLevel, Subject
from solodesk.services.register import RegisterFilter, SortKey, SubjectRegister, open_register

pytestmark = pytest.mark.both_stores


def _seed(store) -> dict[str, int]:
    people = [
        ("Zoë", "Ó Briain", ["Zoe Bryan"], "V-100", CaseStatus.ACTIVE, ManagementLevel.LEVEL_2, date(1990, 5, 1)),
        ("Łukasz", "Wiśniewski", [], "V-200", CaseStatus.IN_CUSTODY, ManagementLevel.LEVEL_1, date(1970, 1, 1)),
        ("Siobhán", "O'Connor", ["Shiv"], "", CaseStatus.CLOSED, None, None),
        ("Thị Mai", "Nguyễn", [], "V-300", CaseStatus.ACTIVE, ManagementLevel.LEVEL_3, date(1985, 2, 2)),
    ]
    ids = {}
    with store.session() as session:
        for forenames, surname, aliases, ref, status, level, born in people:
            subject = Subject(
                forenames=forenames,
                surname=surname,
                aliases=aliases,
                visor_ref=ref,
                case_status=status,
                management_level=level,
                date_of_birth=born,
            )
            session.add(subject)
            session.flush()
            ids[surname] = subject.id
        session.add(Action(subject_id=ids["Nguyễn"], description="a", status=ActionStatus.OPEN))
        session.add(Action(subject_id=ids["Nguyễn"], description="b", status=ActionStatus.COMPLETED))
    return ids


def test_search_ignores_accents_case_and_apostrophes(store) -> None:
    """'zoe obriain', 'lukasz', 'oconnor' and 'nguyen' find the right people."""
    ids = _seed(store)
    register = open_register(store)
    assert register.search(RegisterFilter(text="zoe obriain")) == [ids["Ó Briain"]]
    assert register.search(RegisterFilter(text="LUKASZ")) == [ids["Wiśniewski"]]
    assert register.search(RegisterFilter(text="oconnor")) == [ids["O'Connor"]]
    assert register.search(RegisterFilter(text="o'connor")) == [ids["O'Connor"]]
    assert register.search(RegisterFilter(text="nguyen")) == [ids["Nguyễn"]]


def test_search_finds_aliases_and_references(store) -> None:
    """Aliases and reference numbers are searched too."""
    ids = _seed(store)
    register = open_register(store)
    assert register.search(RegisterFilter(text="shiv")) == [ids["O'Connor"]]
    assert register.search(RegisterFilter(text="v-300")) == [ids["Nguyễn"]]
    assert register.search(RegisterFilter(text="nobody-like-this")) == []


def test_filters_by_status_and_level(store) -> None:
    """Status and management-level filters narrow the list."""
    ids = _seed(store)
    register = open_register(store)
    assert set(register.search(RegisterFilter(case_status=CaseStatus.ACTIVE))) == {ids["Ó Briain"], ids["Nguyễn"]}
    assert register.search(RegisterFilter(management_level=ManagementLevel.LEVEL_3)) == [ids["Nguyễn"]]


def test_sorts_by_name_date_and_open_actions(store) -> None:
    """Sorting by name folds accents; unknown birth dates go last; open actions count only open ones."""
    ids = _seed(store)
    register = open_register(store)
    by_name = register.search(RegisterFilter(), SortKey.NAME)
    assert by_name == [ids["Nguyễn"], ids["Ó Briain"], ids["O'Connor"], ids["Wiśniewski"]]
    by_birth = register.search(RegisterFilter(), SortKey.DATE_OF_BIRTH)
    assert by_birth[0] == ids["Wiśniewski"] and by_birth[-1] == ids["O'Connor"]
    rows = register.rows([ids["Nguyễn"]])
    assert rows[0].open_actions == 1
    assert register.search(RegisterFilter(), SortKey.OPEN_ACTIONS, descending=True)[0] == ids["Nguyễn"]


def test_reload_sees_new_subjects(store) -> None:
    """A subject added after the register was built appears after reload."""
    register = open_register(store)
    assert len(register) == 0
    with store.session() as session:
        session.add(Subject(forenames="Ana", surname="Muñoz"))
    register.reload()
    assert len(register.search(RegisterFilter(text="munoz"))) == 1


def test_reload_subject_moves_one_entry_in_every_sort_order(store) -> None:
    """Renaming one subject re-reads only it, and the cached name order places it anew (the laptop's index)."""
    ids = _seed(store)
    register = SubjectRegister(store)
    assert register.search(RegisterFilter(), SortKey.NAME)[0] == ids["Nguyễn"]
    register.search(RegisterFilter(), SortKey.DATE_OF_BIRTH)
    with store.session() as session:
        session.get(Subject, ids["Nguyễn"]).surname = "Żak"
        session.add(Subject(forenames="Ana", surname="Abbott"))
    register.reload_subject(ids["Nguyễn"])
    by_name = register.search(RegisterFilter(), SortKey.NAME)
    assert by_name == [ids["Ó Briain"], ids["O'Connor"], ids["Wiśniewski"], ids["Nguyễn"]]  # Abbott not re-read
    assert register.search(RegisterFilter(text="zak")) == [ids["Nguyễn"]]
    assert register.search(RegisterFilter(text="nguyen")) == []
    assert len(register.search(RegisterFilter(), SortKey.DATE_OF_BIRTH)) == 4


def test_a_team_store_searches_on_the_server_and_sees_every_change_at_once(store, store_kind) -> None:
    """On a team store the register is the server's (no index to build); a laptop keeps its in-memory index."""
    ids = _seed(store)
    register = open_register(store)
    assert isinstance(register, SubjectRegister) == (store_kind == "sqlcipher")
    with store.session() as session:
        session.get(Subject, ids["Nguyễn"]).surname = "Żak"
    register.reload_subject(ids["Nguyễn"])
    assert register.search(RegisterFilter(text="zak")) == [ids["Nguyễn"]]
    assert register.search(RegisterFilter(text="nguyen")) == []
    assert len(register) == 4 and ids["Nguyễn"] in register and 10_000 not in register
    assert [row.name for row in register.rows([ids["Nguyễn"], ids["Ó Briain"]])] == ["Thị Mai Żak", "Zoë Ó Briain"]
