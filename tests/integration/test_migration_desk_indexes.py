"""Revision 0013 (the desk's index of open actions, issue 13): a 0012 store with data upgrades, all or nothing."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from solodesk.services.desk import store_desk
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_ACTION = (
    "INSERT INTO action (id, subject_id, raised_at_id, description, owner_id, owner_agency_id, due_date, plan_area,"
    " status, outcome, created_at, updated_at) VALUES ({}, 1, 1, '{}', {}, NULL, '{}', 'supervision', '{}', '',"
    " '2025-02-03', '2025-02-03')"
)
_OLD_ROWS = (
    "INSERT INTO agency (id, name, kind, address, phone, created_at, updated_at)"
    " VALUES (1, 'Police Scotland', 'police', '', '', '2025-01-01', '2025-01-01')",
    "INSERT INTO contact (id, name, agency_id, role, phone, email, address, is_solo, archived, created_at, updated_at)"
    " VALUES (1, 'Zoë Ó Briain', 1, 'SOLO', '', 'zoe@example.org', '', 0, 0, '2025-01-01', '2025-01-01')",
    _ACTION.format(1, "Home visit with Łukasz", 1, "2025-03-01", "open"),
    _ACTION.format(2, "Check the licence conditions", 1, "2025-03-07", "ongoing"),
    _ACTION.format(3, "Done already", 1, "2025-02-20", "completed"),
    _ACTION.format(4, "Nobody named", "NULL", "2025-03-10", "open"),
)


def test_a_0012_store_upgrades_and_its_desk_lists_the_same_open_actions(tmp_path: Path) -> None:
    """The index arrives; the open actions, their owners and counts read as before, on a limited desk too."""
    folder = tmp_path / "at-0012"
    make_store_at(folder, "0012", extra=_OLD_ROWS)
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        assert "ix_action_open_by_owner" in {i["name"] for i in inspect(store.engine).get_indexes("action")}
        as_of = date(2025, 3, 5)
        for limit in (None, 1):
            desk = store_desk(store, as_of, limit=limit)
            lines = {g.owner: [a.description for a in g.actions] for g in desk.action_groups}
            assert lines == {
                "Zoë Ó Briain": ["Home visit with Łukasz", "Check the licence conditions"][: limit or 2],
                "No owner named": ["Nobody named"],
            }
            assert [g.count for g in desk.action_groups] == [2, 1]
            assert (desk.counts.actions_overdue, desk.counts.actions_due_soon) == (1, 2)
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0012.bak"]


def test_a_failing_0013_leaves_the_store_at_0012_with_its_data(tmp_path: Path) -> None:
    """When the index cannot be made, the store stays at 0012 with every action intact."""
    folder = tmp_path / "at-0012"
    # A table already holding the index's name makes 0013 fail.
    make_store_at(folder, "0012", extra=(*_OLD_ROWS, "CREATE TABLE ix_action_open_by_owner (id INTEGER)"))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0012"
        assert "ix_action_open_by_owner" not in {i["name"] for i in inspect(engine).get_indexes("action")}
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, status FROM action ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, "open"), (2, "ongoing"), (3, "completed"), (4, "open")]
    finally:
        engine.dispose()
