"""Revision 0010: stored risk assessments keep their two old bands as the tool's scale values, and still show."""

from pathlib import Path

from sqlalchemy import inspect, select

from solodesk.models import Conference, RiskAssessment
from solodesk.services.minute_content import read_minute
from solodesk.store import CaseStore, migrate
from tests.conftest import PASSPHRASE
from tests.integration.test_migrations import make_store_at

_OLD_ROWS = (
    "INSERT INTO risk_assessment (id, subject_id, conference_id, tool, assessed_on, assessor, reconviction_band,"
    " harm_band, result, notes, restricted) VALUES"
    " (1, 1, 1, 'Risk Matrix 2000', '2025-01-20', 'Siobhán O''Connor', 'Medium', 'High', 'RM2000/S medium', '', 0),"
    " (2, 1, 1, 'SA07', NULL, '', '', '', 'Stable: moderate', 'Zoë''s note', 0),"
    " (3, 1, NULL, 'Static-99R', '2024-05-02', '', 'Low', '', '', '', 1)"
)


def test_store_at_0006_upgrades_with_its_assessments_shown_by_scale_name(tmp_path: Path) -> None:
    """Bands move to scale values (nothing else changes) and the minute prints them under their names."""
    folder = tmp_path / "old"
    make_store_at(folder, "0006", (_OLD_ROWS,))
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            columns = {c["name"] for c in inspect(session.connection()).get_columns("risk_assessment")}
            assert "results" in columns and not {"reconviction_band", "harm_band"} & columns
            rows = {r.id: r for r in session.scalars(select(RiskAssessment))}
            assert rows[1].results == {"reconviction": "Medium", "harm": "High"}
            assert (rows[1].assessor, rows[1].result, str(rows[1].assessed_on)) == (
                "Siobhán O'Connor",
                "RM2000/S medium",
                "2025-01-20",
            )
            assert rows[2].results == {} and rows[2].notes == "Zoë's note" and rows[2].tool == "SA07"
            assert rows[3].results == {"reconviction": "Low"} and rows[3].restricted
            content = read_minute(session, session.get(Conference, 1))
    printed = {a.tool: a.scale_lines() for a in content.assessments}
    assert printed["Risk Matrix 2000"] == [("Sexual reconviction (RM2000/S)", "Medium"), ("Risk of harm", "High")]
    assert printed["Stable & Acute 2007"] == []  # "SA07" prints under the tool's full name
    # Opening again is a no-op: the store stays at head with the same values.
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store, store.session() as session:
        assert session.get(RiskAssessment, 3).results == {"reconviction": "Low"}
