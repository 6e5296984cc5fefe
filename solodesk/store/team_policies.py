"""Need to know, enforced by the team store's database: grants, row-level security and the audit trail.

``solodesk team init`` applies all of this after the schema (running it again replaces it):

- **Grants per group.** Everyone reads; the chair writes everything; the assistant keeps
  the directory, takes the minute (agenda notes, attendance), issues and circulates it,
  but changes no risk decision (no risk assessments, decisions, disclosures, victims or
  plan; on a conference, not the risk level or MAPPA level or their reasons); a worker
  keeps the directory and writes preparation (reports, files, notes, proposed actions);
  the manager reads. Workers and managers cannot read a minute's frozen text (it holds
  restricted items) nor the restricted notes under an agenda item: only its dates.
- **Row-level security, enabled and forced on every case table.** A chair and a manager
  read every case; a worker the cases allocated to them (``subject.case_worker_id``); an
  assistant the conferences they take the minute of (and those subjects). A restricted
  row is read only by the chair, by the people in its audience (named, or by agency kind,
  unless withheld from by name) and by the person who prepared it. The minute-taker of a
  conference hears the whole meeting and types its minute, so they read that meeting's
  restricted items too (not another meeting's).
- **The audit trail is written by the database.** Every insert, update and delete of a
  case row adds an event naming the database user, by a trigger the client cannot skip;
  events the app adds itself get their user and time from the database too, so none can
  be forged; no role (the owner included) may update, delete or truncate an event.

A person's directory contact is the ``contact_id`` in their login's comment (``team
add-user``). The functions policies call run as the schema owner (``SECURITY DEFINER``)
with a fixed search path, so a login cannot redirect them.
"""

from psycopg import Connection, sql

from solodesk.store import team_leases
from solodesk.store.team_policy_sql import FUNCTIONS, TRIGGERS

GROUPS = {role: f"solodesk_{role}" for role in ("chair", "assistant", "worker", "manager")}

# Row visibility of each case table, as a SQL condition on the row. The sub-selects run once
# per statement (an init plan, or a hashed set for IN), so nobody reading 50,000 rows pays for a
# function call per row: a chair or a manager skips the set; a worker's or an assistant's is theirs.
_EVERY_CASE = "(SELECT public.solodesk_sees_every_case())"
_CHAIR = "(SELECT public.solodesk_is_chair())"
_MY_SUBJECTS = "(SELECT public.solodesk_my_subjects())"
_MY_CONFERENCES = "(SELECT public.solodesk_my_conferences())"
_SUBJECT = f"({_EVERY_CASE} OR subject_id IN {_MY_SUBJECTS})"
_CONFERENCE = f"({_EVERY_CASE} OR conference_id IN {_MY_CONFERENCES})"
_RESTRICTED = f"(NOT restricted OR {_CHAIR} OR public.solodesk_in_audience(audience, {{conference}}))"
_OWN = " OR created_by = session_user"
VISIBLE: dict[str, str] = {
    "subject": f"({_EVERY_CASE} OR id IN {_MY_SUBJECTS})",
    "conference": f"({_EVERY_CASE} OR id IN {_MY_CONFERENCES})",
    "agenda_note": _CONFERENCE,
    "invitation": _CONFERENCE,
    "minute_issue": _CONFERENCE,
    "contingency_item": _CONFERENCE,
    "diversity_need": _SUBJECT,
    "release_notification": _SUBJECT,
    "victim": f"{_CONFERENCE} AND {_RESTRICTED.format(conference='conference_id')}",
    "decision": f"{_CONFERENCE} AND {_RESTRICTED.format(conference='conference_id')}",
    "disclosure_decision": f"{_CONFERENCE} AND {_RESTRICTED.format(conference='conference_id')}",
    "amendment_request": f"{_CONFERENCE} AND {_RESTRICTED.format(conference='conference_id')}",
    "risk_assessment": f"{_SUBJECT} AND {_RESTRICTED.format(conference='conference_id')}",
    "action": f"{_SUBJECT} AND {_RESTRICTED.format(conference='raised_at_id')}",
    "agency_report": f"{_SUBJECT} AND ({_RESTRICTED.format(conference='conference_id')}{_OWN})",
    "case_note": f"{_SUBJECT} AND ({_RESTRICTED.format(conference='NULL')}{_OWN})",
    "proposed_action": f"{_SUBJECT} AND ({_RESTRICTED.format(conference='NULL')}{_OWN})",
    # A file is read with its report (whose own policy applies here too), and narrows it.
    "attachment": (
        "EXISTS (SELECT 1 FROM public.agency_report r WHERE r.id = report_id"
        f" AND (NOT attachment.restricted OR {_CHAIR}"
        " OR public.solodesk_in_audience(attachment.audience, r.conference_id)"
        " OR r.created_by = session_user))"
    ),
    "distribution": "EXISTS (SELECT 1 FROM public.minute_issue i WHERE i.id = issue_id)",
    # Fingerprints of handed-over records (a laptop's bookkeeping); a digest could confirm a guess of
    # a restricted text, so only the chair reads them.
    "exchange_base": _CHAIR,
    # Everyone who sees a meeting sees whether it is checked out, and by whom.
    "conference_lease": _CONFERENCE,
}
# Everyone in a group reads these whole (no case content in them).
SHARED = ("agency", "contact", "setting", "item_identity")
AUDIT = "audit_event"

# What each group may write besides the audit trail (which everyone appends to).
_DIRECTORY = ("agency", "contact", "item_identity")
WRITES: dict[str, tuple[str, ...]] = {
    "chair": (*VISIBLE, *SHARED),
    "assistant": (
        *_DIRECTORY,
        "conference",
        "agenda_note",
        "invitation",
        "minute_issue",
        "distribution",
        "amendment_request",
        "conference_lease",
    ),
    "worker": (*_DIRECTORY, "agency_report", "attachment", "case_note", "proposed_action", "risk_assessment"),
    "manager": (),
}
# The risk decisions on a conference row that only the chair changes.
RISK_COLUMNS = ("risk_level", "risk_rationale", "level_decision", "level_reason")
# Columns holding restricted words that a worker or a manager never reads, whatever the row.
HIDDEN_COLUMNS = {"minute_issue": ("content", "amendments_summary"), "agenda_note": ("restricted_notes",)}
_SEES_HIDDEN = ("chair", "assistant")


def apply(conn: Connection) -> None:
    """Install (or replace) the functions, grants, policies and triggers, in one transaction.

    Args:
        conn: an administrator's connection to the team store (the schema's owner or a superuser).
    """
    with conn.transaction():
        conn.execute(FUNCTIONS)
        columns = _columns(conn)
        for role, group in GROUPS.items():
            _grant(conn, role, sql.Identifier(group), columns)
        for table in (*VISIBLE, *SHARED, AUDIT):
            _protect(conn, table)
        conn.execute(TRIGGERS)
        for table in (*VISIBLE, *SHARED):
            _audit_rows(conn, table, "id" if "id" in columns[table] else "none")
        team_leases.apply(conn, list(GROUPS.values()))


def _columns(conn: Connection) -> dict[str, list[str]]:
    rows = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def _grant(conn: Connection, role: str, group: sql.Identifier, columns: dict[str, list[str]]) -> None:
    tables = sql.SQL(", ").join(sql.Identifier(t) for t in (*VISIBLE, *SHARED, AUDIT))
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(tables, group))
    conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(group))
    for table in (*VISIBLE, *SHARED):
        hidden = HIDDEN_COLUMNS.get(table, ()) if role not in _SEES_HIDDEN else ()
        if not hidden:  # the whole table: pg_dump (a chair's backup) needs table rights to lock it
            conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), group))
            continue
        readable = [c for c in columns[table] if c not in hidden]
        conn.execute(sql.SQL("GRANT SELECT ({}) ON {} TO {}").format(_names(readable), sql.Identifier(table), group))
    conn.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(sql.Identifier(AUDIT), group))
    # Each person keeps their own place and last choices among the settings (the policy limits which).
    conn.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON setting TO {}").format(group))
    for table in WRITES[role]:
        target = sql.Identifier(table)
        if role == "assistant" and table == "conference":
            changeable = [c for c in columns[table] if c not in RISK_COLUMNS]
            conn.execute(sql.SQL("GRANT INSERT, DELETE ON {} TO {}").format(target, group))
            conn.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(_names(changeable), target, group))
        else:
            conn.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(target, group))
    # The schema version is the administrator's alone.
    conn.execute(sql.SQL("REVOKE ALL ON alembic_version FROM {}").format(group))
    conn.execute(sql.SQL("GRANT SELECT ON alembic_version TO {}").format(group))


def _names(columns: list[str]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(c) for c in columns)


def _protect(conn: Connection, table: str) -> None:
    """Enable and force row-level security on a table, replacing its SOLO Desk policies."""
    target = sql.Identifier(table)
    conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(target))
    conn.execute(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(target))
    existing = conn.execute(
        "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = %s AND policyname LIKE %s",
        (table, "solodesk\\_%"),
    ).fetchall()
    for (name,) in existing:
        conn.execute(sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(name), target))
    groups = sql.SQL(", ").join(sql.Identifier(g) for g in GROUPS.values())
    # The owner (who runs team init, imports and upgrades) is subject to FORCE too: it keeps every row.
    conn.execute(sql.SQL("CREATE POLICY solodesk_owner ON {} TO CURRENT_USER USING (true)").format(target))
    if table == AUDIT:
        conn.execute(
            sql.SQL(
                "CREATE POLICY solodesk_read ON {} FOR SELECT TO {} USING"
                " ((SELECT public.solodesk_sees_every_case()) OR actor = session_user)"
            ).format(target, groups)
        )
        conn.execute(
            sql.SQL("CREATE POLICY solodesk_append ON {} FOR INSERT TO {} WITH CHECK (true)").format(target, groups)
        )
        return
    if table == "setting":
        # Everyone reads the settings; a person writes only their own keys (name@login); the chair all.
        mine = sql.SQL("({} OR right(key, length(session_user) + 1) = '@' || session_user)").format(sql.SQL(_CHAIR))
        conn.execute(sql.SQL("CREATE POLICY solodesk_read ON setting FOR SELECT TO {} USING (true)").format(groups))
        conn.execute(
            sql.SQL("CREATE POLICY solodesk_own ON setting TO {} USING ({}) WITH CHECK ({})").format(groups, mine, mine)
        )
        return
    if table == "risk_assessment":
        # A worker adds assessments to their case's preparation; one a conference has taken up is the chair's.
        worker = sql.Identifier(GROUPS["worker"])
        for command, clause in (("INSERT", "WITH CHECK"), ("UPDATE", "USING"), ("DELETE", "USING")):
            conn.execute(
                sql.SQL(
                    "CREATE POLICY {} ON risk_assessment AS RESTRICTIVE FOR {} TO {} {} (conference_id IS NULL)"
                ).format(
                    sql.Identifier(f"solodesk_prepared_{command.lower()}"), sql.SQL(command), worker, sql.SQL(clause)
                )
            )
    condition = sql.SQL(VISIBLE.get(table, "true"))
    conn.execute(
        sql.SQL("CREATE POLICY solodesk_need_to_know ON {} TO {} USING ({}) WITH CHECK ({})").format(
            target, groups, condition, condition
        )
    )


def _audit_rows(conn: Connection, table: str, key: str) -> None:
    target = sql.Identifier(table)
    conn.execute(sql.SQL("DROP TRIGGER IF EXISTS solodesk_audit_row ON {}").format(target))
    conn.execute(
        sql.SQL(
            "CREATE TRIGGER solodesk_audit_row AFTER INSERT OR UPDATE OR DELETE ON {}"
            " FOR EACH ROW EXECUTE FUNCTION public.solodesk_audit_row({})"
        ).format(target, sql.Literal(key))
    )
