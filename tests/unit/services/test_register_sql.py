"""The server-searched register (a team store's) finds and orders exactly as the in-memory one does.

Both registers run over the same subjects on both kinds of store: the server register's SQL
(LIKE on the stored folded ``search_text``, sort keys in ORDER BY) against the laptop's Python index.
"""

import os
from datetime import date

import pytest

from solodesk.models import (
    Action,
    ActionStatus,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ManagementLevel,
    Subject,
)
from solodesk.services.register import PAGE_SIZE, RegisterFilter, SortKey, SubjectRegister
from solodesk.services.register_sql import ServerRegister
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import TeamStore, parse_url

pytestmark = pytest.mark.both_stores
PASSWORD = "a long register password"

_PEOPLE = [
    # forenames, surname, aliases, visor, police, other, status, level, born
    ("Zoë", "Ó Briain", ["Zoe Bryan"], "V-100", "", "", CaseStatus.ACTIVE, ManagementLevel.LEVEL_2, date(1990, 5, 1)),
    ("Łukasz", "Wiśniewski", [], "V-200", "P-9", "", CaseStatus.IN_CUSTODY, ManagementLevel.LEVEL_1, None),
    ("Siobhán", "O'Connor", ["Shiv", "Siobhan Connor"], "", "P-77", "", CaseStatus.CLOSED, None, date(1970, 1, 1)),
    ("Thị Mai", "Nguyễn", [], "", "", "HO/55_1", CaseStatus.ACTIVE, ManagementLevel.LEVEL_3, date(1985, 2, 2)),
    ("José", "Muñoz-Leon", ["100% Pepe"], "v-050", "", "", CaseStatus.ACTIVE, ManagementLevel.LEVEL_1, None),
    ("Seán", "MacLeod", [], "", "", "", CaseStatus.IN_CUSTODY, None, date(1985, 2, 2)),
    ("Ayşe", "Yılmaz", ["Ayse Y"], "V-300", "P-1", "Other 1", CaseStatus.ACTIVE, ManagementLevel.LEVEL_2, None),
    ("Anna", "Smith", [], "V-301", "", "", CaseStatus.ACTIVE, ManagementLevel.LEVEL_3, date(2001, 12, 31)),
    ("Anne", "Smith", ["Annie"], "", "p-302", "", CaseStatus.CLOSED, ManagementLevel.LEVEL_1, date(1960, 6, 6)),
]
_TEXTS = [
    "",
    "zoe obriain",
    "ZOË",
    "o'con",
    "oconnor",
    "lukasz",
    "wisn",
    "nguyen",
    "thi mai",
    "shiv",
    "siobhan connor",
    "v-3",
    "V-050",
    "p-",
    "ho/55_1",
    "55_",
    "100%",
    "%",
    "_",
    "munozleon",
    "muñoz-leon",
    "ayse",
    "yilmaz y",
    "smith ann",
    "annie smith",
    "macleod sean",
    "mac leod",
    "nobody",
]


def _seed(store) -> None:
    with store.session() as session:
        for forenames, surname, aliases, visor, police, other, status, level, born in _PEOPLE:
            subject = Subject(
                forenames=forenames,
                surname=surname,
                aliases=aliases,
                visor_ref=visor,
                police_ref=police,
                other_refs=other,
                case_status=status,
                management_level=level,
                date_of_birth=born,
            )
            session.add(subject)
            session.flush()
            for n in range(len(surname) % 4):
                session.add(Action(subject_id=subject.id, description=f"a{n}", status=ActionStatus.OPEN))
            session.add(Action(subject_id=subject.id, description="done", status=ActionStatus.COMPLETED))
            if level is not None:
                planned = date(2026, 1 + len(forenames) % 12, 1)
                session.add(Conference(subject_id=subject.id, meeting_date=planned, status=ConferenceStatus.PLANNED))
            session.add(Conference(subject_id=subject.id, meeting_date=date(2020, 1, 1), status=ConferenceStatus.HELD))


@pytest.mark.parametrize("sort", list(SortKey))
def test_every_search_and_sort_matches_the_in_memory_register(store, sort: SortKey) -> None:
    """Accents, aliases, references, several words, filters, each sort both ways: the same ids in the same order."""
    _seed(store)
    _assert_same_as_in_memory(SubjectRegister(store), ServerRegister(store), sort)


def test_a_team_set_up_by_init_searches_through_its_function_alike(pg, pg_database: str) -> None:
    """Signed in as a chair (row policies on), every search and sort goes through the server's search
    function (its trigram index usable under the policies) and still matches the in-memory register."""
    init_team(pg_database)
    login = f"register_chair_{os.getpid()}"
    add_user(pg_database, login, "The chair", "chair", PASSWORD)
    with TeamStore.open(pg_database) as owner:
        _seed(owner)
        memory = SubjectRegister(owner)
        with TeamStore.open(pg.url(parse_url(pg_database).database, user=login), password=PASSWORD) as chair:
            server = ServerRegister(chair)
            assert server._by_function  # the path under test, not the LIKE of a bare schema
            for sort in SortKey:
                _assert_same_as_in_memory(memory, server, sort)
            found = server.search(RegisterFilter(text="smith"))  # the page comes with the ids, as the view reads it
            assert server._first_page and server.rows(found) == memory.rows(found)


def _assert_same_as_in_memory(memory: SubjectRegister, server: ServerRegister, sort: SortKey) -> None:
    filters = [RegisterFilter(text=text) for text in _TEXTS] + [
        RegisterFilter(text="smith", case_status=CaseStatus.CLOSED),
        RegisterFilter(case_status=CaseStatus.ACTIVE),
        RegisterFilter(management_level=ManagementLevel.LEVEL_1),
        RegisterFilter(text="a", case_status=CaseStatus.ACTIVE, management_level=ManagementLevel.LEVEL_2),
    ]
    for criteria in filters:
        for descending in (False, True):
            expected = memory.search(criteria, sort, descending)
            assert server.search(criteria, sort, descending) == expected, (criteria, descending)
    everyone = memory.search(RegisterFilter(), sort)
    assert len(everyone) == len(_PEOPLE) and len(server) == len(_PEOPLE)
    assert server.rows(everyone) == memory.rows(everyone)


def test_the_stored_search_text_follows_every_edit(store) -> None:
    """Renaming, new aliases and a new reference are found at once; the old words no longer are."""
    _seed(store)
    server = ServerRegister(store)
    (smith,) = server.search(RegisterFilter(text="annie"))
    with store.session() as session:
        subject = session.get(Subject, smith)
        subject.surname = "Ørsted"
        subject.aliases = ["Nan"]
        subject.other_refs = "X-42"
    assert server.search(RegisterFilter(text="orsted anne nan x-42")) == [smith]
    assert server.search(RegisterFilter(text="annie")) == []
    by_name = server.search(RegisterFilter(), SortKey.NAME)
    assert by_name == SubjectRegister(store).search(RegisterFilter(), SortKey.NAME)
    assert by_name.index(smith) == by_name.index(server.search(RegisterFilter(text="oconnor"))[0]) + 1
    assert server.rows([smith])[0].reference == "p-302"


def test_the_first_page_read_with_a_search_is_the_page_as_it_is(store) -> None:
    """The page a search brings with its ids is what a separate read gives; served once, then read afresh."""
    _seed(store)
    memory, server = SubjectRegister(store), ServerRegister(store)
    for criteria in (RegisterFilter(), RegisterFilter(text="smith"), RegisterFilter(text="nobody")):
        for sort in (SortKey.NAME, SortKey.NEXT_CONFERENCE, SortKey.OPEN_ACTIONS):
            ids = server.search(criteria, sort, descending=True)
            assert server.rows(ids[:PAGE_SIZE]) == memory.rows(ids[:PAGE_SIZE])
    ids = server.search(RegisterFilter(text="smith"))
    first = server.rows(ids[:1])[0]
    with store.session() as session:
        session.get(Subject, first.id).visor_ref = "V-999"
    assert server.rows(ids[:1])[0].reference == "V-999"  # the search's copy was used up: read again
    server.search(RegisterFilter(text="smith"))
    server.reload_subject(first.id)  # an edit in this window drops the row read with the search
    assert server.rows([first.id])[0] == SubjectRegister(store).rows([first.id])[0]
