"""The SQL functions and triggers behind a team store's row policies and audit trail.

Every function runs as the schema's owner (``SECURITY DEFINER``) with a search path of
the system catalog alone and fully qualified names, so a login can neither read past
the policies through them nor plant a look-alike table in front of them. Positional
parameters (``$1``) are used because in SQL functions a column of the same name wins.
"""

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.solodesk_is(role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'solodesk_' || $1)
     AND pg_has_role(session_user, 'solodesk_' || $1, 'MEMBER')
$$;

CREATE OR REPLACE FUNCTION public.solodesk_is_chair() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT public.solodesk_is('chair')
$$;

CREATE OR REPLACE FUNCTION public.solodesk_sees_every_case() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT public.solodesk_is('chair') OR public.solodesk_is('manager')
$$;

-- The signed-in person's directory contact: the contact_id of their login's comment.
CREATE OR REPLACE FUNCTION public.solodesk_me() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN (shobj_description((SELECT oid FROM pg_roles WHERE rolname = session_user), 'pg_authid')::jsonb
          ->> 'contact_id')::integer;
EXCEPTION WHEN others THEN
  RETURN NULL;  -- no comment, or not ours: nobody in any audience
END
$$;

CREATE OR REPLACE FUNCTION public.solodesk_my_kind() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT a.kind FROM public.contact c JOIN public.agency a ON a.id = c.agency_id
   WHERE c.id = public.solodesk_me()
$$;

-- The cases and the meetings a worker or an assistant reads: a worker the cases allocated to them
-- (and their meetings), an assistant the meetings they take the minute of (and those cases). Each is
-- a set the policies test rows against with IN: PostgreSQL computes it once per statement and hashes
-- it, where a function asked per row (as before) cost a worker 7 s to list 50,000 cases.
CREATE OR REPLACE FUNCTION public.solodesk_my_subjects() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS MATERIALIZED (SELECT public.solodesk_me() AS id)
  SELECT s.id FROM public.subject s, me
   WHERE (SELECT public.solodesk_is('worker')) AND s.case_worker_id = me.id
  UNION
  SELECT c.subject_id FROM public.conference c, me
   WHERE (SELECT public.solodesk_is('assistant')) AND c.minute_taker_id = me.id
$$;

CREATE OR REPLACE FUNCTION public.solodesk_my_conferences() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS MATERIALIZED (SELECT public.solodesk_me() AS id)
  SELECT c.id FROM public.conference c
   WHERE (SELECT public.solodesk_is('worker'))
     AND c.subject_id IN (SELECT s.id FROM public.subject s, me WHERE s.case_worker_id = me.id)
  UNION
  SELECT c.id FROM public.conference c, me
   WHERE (SELECT public.solodesk_is('assistant')) AND c.minute_taker_id = me.id
$$;

-- Named (and not withheld from by name), or of a named agency kind (and not withheld), or the
-- minute-taker of the meeting the item belongs to (they hear all of it). The chair is checked
-- by the policy itself.
CREATE OR REPLACE FUNCTION public.solodesk_in_audience(json, integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT COALESCE(
    EXISTS (SELECT 1 FROM public.conference c WHERE c.id = $2 AND c.minute_taker_id = public.solodesk_me())
    OR (public.solodesk_me() IS NOT NULL
        AND NOT COALESCE(($1::jsonb -> 'withheld') ? public.solodesk_me()::text, false)
        AND (COALESCE(($1::jsonb -> 'contacts') @> to_jsonb(public.solodesk_me()), false)
             OR COALESCE(($1::jsonb -> 'kinds') ? public.solodesk_my_kind(), false))),
    false)
$$;

-- The register's search: the ids of the cases whose folded search text holds every pattern ($1: LIKE,
-- '/' escaping), of one status ($2) and level ($3) when given, which the signed-in person may read,
-- in the register's name order ($4: descending). Under the row policies LIKE (not leakproof) may
-- not run before them, so the trigram index could not serve a search made as a team login and
-- every keystroke read the whole table. Here the search runs as the schema's owner (whose policy
-- passes every row) and the visibility rule is the subject policy's own (team_policies.VISIBLE),
-- asked of session_user: nobody learns of a case they may not read. Values go as parameters.
CREATE OR REPLACE FUNCTION public.solodesk_search_ids(text[], text, text, boolean) RETURNS integer[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  found integer[];
BEGIN
  EXECUTE 'SELECT coalesce(array_agg(id), ''{}'') FROM (SELECT s.id FROM public.subject s WHERE ((SELECT'
       || ' pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = ''public.subject''::regclass),'
       || ' ''MEMBER'')) OR (SELECT public.solodesk_sees_every_case())'
       || ' OR s.id IN (SELECT public.solodesk_my_subjects()))'
       || CASE WHEN $2 IS NULL THEN '' ELSE ' AND s.case_status = $2' END
       || CASE WHEN $3 IS NULL THEN '' ELSE ' AND s.management_level = $3' END
       || coalesce((SELECT string_agg(format(' AND s.search_text LIKE $1[%s] ESCAPE ''/''', n), '')
                      FROM generate_subscripts($1, 1) n), '')
       || CASE WHEN $4 THEN ' ORDER BY s.sort_name COLLATE "C" DESC, s.id DESC'
               ELSE ' ORDER BY s.sort_name COLLATE "C", s.id' END
       || ') page'
    INTO found USING $1, $2, $3;
  RETURN found;
END
$$;

-- "Has anyone else changed anything since event N?": what a screen polls to refresh itself. Every
-- login may ask, whatever rows it reads: the answer is a number and a yes or no, never content.
CREATE OR REPLACE FUNCTION public.solodesk_change_stamp(bigint) RETURNS TABLE (newest bigint, by_others boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT COALESCE((SELECT max(id) FROM public.audit_event), 0)::bigint,
         EXISTS (SELECT 1 FROM public.audit_event WHERE id > $1 AND actor <> session_user)
$$;

-- Audit events carry the database's own user and clock, whatever the client sent.
CREATE OR REPLACE FUNCTION public.solodesk_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- The schema's owner (who runs team import) may keep the laptop's own times and the login the
  -- laptop's user was mapped to; the owner could disable this trigger anyway.
  IF NEW.actor <> '' AND pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
  THEN
    RETURN NEW;
  END IF;
  NEW.actor := session_user;
  NEW.at := now();
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION public.solodesk_audit_refuse() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: events are never changed or removed.'
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- One event per changed row, naming the changed columns (never their contents).
CREATE OR REPLACE FUNCTION public.solodesk_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  changed text := '';
  row_id integer;
BEGIN
  IF TG_ARGV[0] = 'id' THEN
    row_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(string_agg(n.key, ',' ORDER BY n.key), '') INTO changed
      FROM jsonb_each(to_jsonb(NEW)) n
     WHERE to_jsonb(OLD) -> n.key IS DISTINCT FROM n.value;
  END IF;
  INSERT INTO public.audit_event (at, actor, action, entity, entity_id, detail)
  VALUES (now(), session_user, 'row.' || lower(TG_OP), TG_TABLE_NAME, row_id, changed);
  RETURN NULL;
END
$$;

-- Who prepared an item is the database user who inserted it, and stays so.
CREATE OR REPLACE FUNCTION public.solodesk_prepared_by() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := session_user;
  ELSE
    NEW.created_by := OLD.created_by;
  END IF;
  RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION public.solodesk_audit_row(), public.solodesk_audit_stamp() FROM PUBLIC;
"""

TRIGGERS = r"""
DROP TRIGGER IF EXISTS solodesk_audit_stamp ON public.audit_event;
CREATE TRIGGER solodesk_audit_stamp BEFORE INSERT ON public.audit_event
  FOR EACH ROW EXECUTE FUNCTION public.solodesk_audit_stamp();
DROP TRIGGER IF EXISTS solodesk_audit_refuse ON public.audit_event;
CREATE TRIGGER solodesk_audit_refuse BEFORE UPDATE OR DELETE ON public.audit_event
  FOR EACH ROW EXECUTE FUNCTION public.solodesk_audit_refuse();
DROP TRIGGER IF EXISTS solodesk_audit_truncate ON public.audit_event;
CREATE TRIGGER solodesk_audit_truncate BEFORE TRUNCATE ON public.audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION public.solodesk_audit_refuse();
DROP TRIGGER IF EXISTS solodesk_prepared_by ON public.agency_report;
CREATE TRIGGER solodesk_prepared_by BEFORE INSERT OR UPDATE ON public.agency_report
  FOR EACH ROW EXECUTE FUNCTION public.solodesk_prepared_by();
DROP TRIGGER IF EXISTS solodesk_prepared_by ON public.case_note;
CREATE TRIGGER solodesk_prepared_by BEFORE INSERT OR UPDATE ON public.case_note
  FOR EACH ROW EXECUTE FUNCTION public.solodesk_prepared_by();
DROP TRIGGER IF EXISTS solodesk_prepared_by ON public.proposed_action;
CREATE TRIGGER solodesk_prepared_by BEFORE INSERT OR UPDATE ON public.proposed_action
  FOR EACH ROW EXECUTE FUNCTION public.solodesk_prepared_by();
"""
