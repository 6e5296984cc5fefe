"""Leases in a team store, kept by the server: a checked-out conference changes only in its holder's hands.

While a lease stands (not broken), a trigger on the conference and every table of its meeting
refuses a change by anyone but the holder, with one sentence naming who has it and since
when (SQLSTATE 55006, "object in use"). The chair or a manager may break a lease through
:func:`solodesk_break_lease`, which marks it broken (the audit trigger logs the change); the
holder's laptop is then told so at check-in and keeps its copy.
"""

from psycopg import Connection, sql

CHECKED_OUT_STATE = "55006"
# Tables whose rows belong to one meeting, and the column naming it.
GUARDED = {
    "conference": "id",
    "agenda_note": "conference_id",
    "invitation": "conference_id",
    "victim": "conference_id",
    "decision": "conference_id",
    "disclosure_decision": "conference_id",
    "contingency_item": "conference_id",
    "minute_issue": "conference_id",
    "amendment_request": "conference_id",
}

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.solodesk_refuse_if_checked_out() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  row_data jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  meeting integer := (row_data ->> TG_ARGV[0])::integer;
  lease record;
BEGIN
  SELECT holder, holder_name, since INTO lease FROM public.conference_lease
   WHERE conference_id = meeting AND broken_at IS NULL;
  IF FOUND AND lease.holder <> session_user THEN
    RAISE EXCEPTION 'This conference is checked out by % since % for offline work; it changes when checked in.',
      coalesce(nullif(lease.holder_name, ''), lease.holder), to_char(lease.since, 'DD Mon YYYY HH24:MI')
      USING ERRCODE = '55006';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION public.solodesk_lease_holder() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  -- The server names the holder (their login, the name their login was given) and the time: none is forged.
  NEW.holder := session_user;
  NEW.since := now();
  BEGIN
    NEW.holder_name := coalesce(nullif(shobj_description(
      (SELECT oid FROM pg_roles WHERE rolname = session_user), 'pg_authid')::jsonb ->> 'name', ''), session_user);
  EXCEPTION WHEN others THEN
    NEW.holder_name := session_user;
  END;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION public.solodesk_break_lease(integer) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT (public.solodesk_is('chair') OR public.solodesk_is('manager')) THEN
    RAISE EXCEPTION 'Only the chair or a manager may break a check-out.' USING ERRCODE = '42501';
  END IF;
  UPDATE public.conference_lease SET broken_by = session_user, broken_at = now()
   WHERE conference_id = $1 AND broken_at IS NULL;
  RETURN FOUND;
END $$;
"""


def apply(conn: Connection, groups: list[str]) -> None:
    """Install the lease functions and guards (inside the caller's transaction).

    Args:
        conn: an administrator's connection.
        groups: the group roles that may call the break function.
    """
    conn.execute(FUNCTIONS)
    conn.execute("REVOKE ALL ON FUNCTION public.solodesk_break_lease(integer) FROM PUBLIC")
    for group in groups:
        conn.execute(
            sql.SQL("GRANT EXECUTE ON FUNCTION public.solodesk_break_lease(integer) TO {}").format(
                sql.Identifier(group)
            )
        )
    names = sql.SQL(", ").join(sql.Identifier(g) for g in groups)
    # A lease is taken and given back by its holder alone (breaking one goes through the function above).
    for command, clauses in (
        ("INSERT", "WITH CHECK (holder = session_user)"),
        ("UPDATE", "USING (holder = session_user) WITH CHECK (holder = session_user)"),
        ("DELETE", "USING (holder = session_user)"),
    ):
        policy = sql.Identifier(f"solodesk_own_lease_{command.lower()}")
        conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON conference_lease").format(policy))
        conn.execute(
            sql.SQL("CREATE POLICY {} ON conference_lease AS RESTRICTIVE FOR {} TO {} {}").format(
                policy, sql.SQL(command), names, sql.SQL(clauses)
            )
        )
    conn.execute("DROP TRIGGER IF EXISTS solodesk_lease_holder ON conference_lease")
    conn.execute(
        "CREATE TRIGGER solodesk_lease_holder BEFORE INSERT ON conference_lease"
        " FOR EACH ROW EXECUTE FUNCTION public.solodesk_lease_holder()"
    )
    for table, column in GUARDED.items():
        target = sql.Identifier(table)
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS solodesk_checked_out ON {}").format(target))
        conn.execute(
            sql.SQL(
                "CREATE TRIGGER solodesk_checked_out BEFORE INSERT OR UPDATE OR DELETE ON {}"
                " FOR EACH ROW EXECUTE FUNCTION public.solodesk_refuse_if_checked_out({})"
            ).format(target, sql.Literal(column))
        )
