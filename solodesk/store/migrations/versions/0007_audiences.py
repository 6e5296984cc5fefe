"""restricted items get an audience; actions can be restricted; copies log their restricted items

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Before this revision one tick per invitee ("cleared for restricted items") decided who saw
every restricted item of a conference. Each restricted item now carries its own audience
(named contacts and agency kinds; the chair always). So that no copy changes what it shows,
an existing restricted item's audience becomes every invitee cleared today:

* an item of one conference (agenda notes, victims, decisions, disclosure decisions,
  amendment requests, and risk assessments or reports recorded for a conference): the
  invitees cleared at that conference;
* an item of the whole case (notes, reports and assessments of no conference): the
  contacts cleared at every conference of the case they were invited to. Where one
  person was cleared at one conference and not at another this is the narrower reading:
  an audience is never widened by the upgrade.

Copies circulated before this revision get their list of restricted items from the issue
they belong to: a copy of a recipient cleared then held every restricted item of it.

The whole revision runs inside the migration's single transaction: a failure leaves the
store at 0006 with its data.
"""

import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

AUDIENCE_TABLES = (
    "agenda_note",
    "victim",
    "risk_assessment",
    "action",
    "decision",
    "disclosure_decision",
    "amendment_request",
    "agency_report",
    "case_note",
)
# Tables whose rows belong to one conference (column conference_id NOT NULL).
_CONFERENCE_ROWS = ("victim", "decision", "disclosure_decision", "amendment_request")
# Tables whose rows may name a conference, else belong to the whole case.
_CASE_ROWS = ("risk_assessment", "agency_report")


def _audience(contacts: set[int]) -> str:
    return json.dumps({"contacts": sorted(contacts), "kinds": []})


def _cleared(connection: sa.Connection) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Return conference -> cleared contacts, and subject -> contacts cleared wherever invited."""
    by_conference: dict[int, set[int]] = defaultdict(set)
    invited: dict[int, set[int]] = defaultdict(set)
    uncleared: dict[int, set[int]] = defaultdict(set)
    rows = connection.execute(
        sa.text(
            "SELECT i.conference_id, i.contact_id, i.restricted_clearance, c.subject_id"
            " FROM invitation i JOIN conference c ON c.id = i.conference_id"
        )
    )
    for conference_id, contact_id, cleared, subject_id in rows:
        invited[subject_id].add(contact_id)
        if cleared:
            by_conference[conference_id].add(contact_id)
        else:
            uncleared[subject_id].add(contact_id)
    by_subject = {subject: people - uncleared[subject] for subject, people in invited.items()}
    return by_conference, by_subject


def _set(connection: sa.Connection, table: str, row_id: int, contacts: set[int]) -> None:
    update = sa.text(f"UPDATE {table} SET audience = :a WHERE id = :i")
    connection.execute(update, {"a": _audience(contacts), "i": row_id})


def _issued_items(content: object, amendments: object) -> list[str]:
    """Return the labels of an issue's restricted items, as the distribution log names them."""
    if not isinstance(content, dict):
        return []
    labels = [
        f"Item {s.get('number')} restricted notes"
        for s in content.get("sections", [])
        if isinstance(s, dict) and str(s.get("restricted_notes", "")).strip()
    ]
    for word, name in (
        ("Victim", "victims"),
        ("Assessment", "assessments"),
        ("Decision", "decisions"),
        ("Disclosure", "disclosures"),
    ):
        rows = content.get(name, [])
        labels += [f"{word} {n}" for n, row in enumerate(rows, 1) if isinstance(row, dict) and row.get("restricted")]
    entries = amendments if isinstance(amendments, list) else []
    labels += [f"Amendment {n}" for n, e in enumerate(entries, 1) if isinstance(e, dict) and e.get("restricted")]
    return labels


def _decoded(value: object, empty: str) -> object:
    # SQLite hands JSON columns back as text; PostgreSQL (psycopg) as the decoded value.
    if value is None or isinstance(value, str):
        return json.loads(value or empty)
    return value


def _log_old_copies(connection: sa.Connection) -> None:
    issues = connection.execute(sa.text("SELECT id, content, amendments_summary FROM minute_issue")).all()
    for issue_id, content_text, amendments_text in issues:
        try:
            content, amendments = _decoded(content_text, "{}"), _decoded(amendments_text, "[]")
        except ValueError:
            continue
        items = _issued_items(content, amendments)
        recipients = content.get("distribution", []) if isinstance(content, dict) else []
        cleared = {r.get("contact_id") for r in recipients if isinstance(r, dict) and r.get("cleared")}
        if not items or not cleared:
            continue
        copies = connection.execute(
            sa.text("SELECT id, contact_id FROM distribution WHERE issue_id = :i"), {"i": issue_id}
        )
        for copy_id, contact_id in copies.all():
            if contact_id in cleared:
                update = sa.text("UPDATE distribution SET restricted_items = :r WHERE id = :i")
                connection.execute(update, {"r": json.dumps(items), "i": copy_id})


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite supports it with a constant default): no table is rebuilt.
    for table in AUDIENCE_TABLES:
        op.add_column(table, sa.Column("audience", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column("action", sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false()))
    logged = sa.Column("restricted_items", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    op.add_column("distribution", logged)

    connection = op.get_bind()
    by_conference, by_subject = _cleared(connection)
    notes = connection.execute(sa.text("SELECT id, conference_id FROM agenda_note WHERE restricted_notes != ''"))
    for row_id, conference_id in notes.all():
        _set(connection, "agenda_note", row_id, by_conference.get(conference_id, set()))
    for table in _CONFERENCE_ROWS:
        rows = connection.execute(sa.text(f"SELECT id, conference_id FROM {table} WHERE restricted")).all()
        for row_id, conference_id in rows:
            _set(connection, table, row_id, by_conference.get(conference_id, set()))
    for table in _CASE_ROWS:
        rows = connection.execute(sa.text(f"SELECT id, conference_id, subject_id FROM {table} WHERE restricted")).all()
        for row_id, conference_id, subject_id in rows:
            people = by_conference.get(conference_id, set()) if conference_id else by_subject.get(subject_id, set())
            _set(connection, table, row_id, people)
    case_notes = connection.execute(sa.text("SELECT id, subject_id FROM case_note WHERE restricted")).all()
    for row_id, subject_id in case_notes:
        _set(connection, "case_note", row_id, by_subject.get(subject_id, set()))
    _log_old_copies(connection)


def downgrade() -> None:
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.drop_column("restricted_items")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_column("restricted")
    for table in reversed(AUDIENCE_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("audience")
