"""Benchmark a team store: 50,000 cases on a local PostgreSQL server, ten people working at once.

Run: ``.venv/bin/python bench/team.py [--subjects N] [--clients N] [--edits N]``. Starts its own
throwaway PostgreSQL cluster (as the tests do: ``tests/pg_server.py``; as root, the server runs as
an unprivileged user), fills a team store with 50,000 subjects (3 conferences with 3 invitees
each and 10 actions each; bulk-loaded with COPY), sets it up as ``solodesk team init`` does (group
roles, row-level security forced on every case table, the audit, lease and version triggers) and
adds one chair login per client (``team add-user``). Then 10 client processes, each signed in as
its own login with its SCRAM password (never the administrator, who would pass the row policies
by), all together each:

1. open the register (``open_register``: on a team store, the server searches its folded ``search_text``);
2. search it 20 times as a person types (``search`` + the first page of rows, ``PAGE_SIZE``, as the view shows);
3. open a conference of a case found (``conference_read.read_conference``, the chair's read model);
4. save 200 chair edits (``chair_ops.apply`` of a ``SetText`` each, alternately the conference's
   dynamic factors and one of its actions' descriptions: one transaction each, audited).

Then a worker (every 1,000th case is allocated to them: 50 cases), alone, opens their register and
searches it 20 times, the first with nothing typed.

Prints one line: ``team: subjects=50000 clients=10 search_p95_ms=A save_p95_ms=B register_open_s=C
worker_search_p95_ms=D``: A and B are 95th percentiles over every client's searches and saves; C is
the slowest client's register opening (all ten open at the same moment); D the worker's 95th
percentile. Targets (2 cores, server local): A < 100, B < 50, C < 2 (D has none: a worker's row
policy once cost 7 s per search on 50,000 cases). The cluster runs with fsync off, like the
tests' (a commit's disk flush is not timed).
"""

import argparse
import enum
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's solodesk and tests

SUBJECTS = 50_000
CLIENTS = 10
EDITS = 200
SEARCHES = 20
CONFERENCES_EACH = 3
INVITEES_EACH = 3
ACTIONS_EACH = 10
CONTACTS = 300
DATABASE = "solodesk_bench_team"
PASSWORD = "a long benchmark password"
WORKER_CONTACT = 7  # the directory contact of the one worker login, allocated every 1,000th case
WORKER_EVERY = 1000
FORENAMES = ["Zoë", "Łukasz", "Siobhán", "José", "Ayşe", "Thị Mai", "Seán", "Marcus", "Anna", "Kirsty", "Darius"]
SURNAMES = ["Ó Briain", "Wiśniewski", "O'Connor", "Muñoz", "Yılmaz", "Nguyễn", "Leon", "Smith", "MacLeod", "Doyle"]
QUERIES = ["o'con", "wisn", "nguyen 12", "smith", "V-0042", "zoe obriain 99", "leon", "doyle 4", "macl", "munoz 7"]


def populate(admin_url: str, subjects: int) -> None:
    """Fill the team store with COPY (the server's bulk path), in one transaction."""
    import psycopg

    from solodesk.models import ActionStatus, CaseStatus, ConferenceStatus, ConferenceType, ManagementLevel
    from solodesk.text_search import subject_search_keys

    rng = random.Random(42)
    with psycopg.connect(admin_url) as conn, conn.cursor() as cur:
        with _Copier(cur, "agency") as agencies:
            for a in range(1, 11):
                agencies.write(id=a, name=f"Agency {a}")
        with _Copier(cur, "contact") as contacts:
            for c in range(1, CONTACTS + 1):
                contacts.write(id=c, name=f"Officer {c}", agency_id=c % 10 + 1, email=f"o{c}@example.org")
        with _Copier(cur, "subject") as rows:
            for i in range(1, subjects + 1):
                forenames, surname = rng.choice(FORENAMES), f"{rng.choice(SURNAMES)} {i}"
                aliases, visor, police = [f"Alias {i}"], f"V-{i:05d}", f"P-{i:06d}"
                # COPY bypasses the ORM's mapper events, which keep the register's folded search keys.
                search_text, sort_name = subject_search_keys(forenames, surname, aliases, visor, police, "")
                rows.write(
                    id=i,
                    forenames=forenames,
                    surname=surname,
                    aliases=aliases,
                    date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(20000)),
                    visor_ref=visor,
                    police_ref=police,
                    search_text=search_text,
                    sort_name=sort_name,
                    case_status=rng.choice(list(CaseStatus)),
                    management_level=rng.choice(list(ManagementLevel)),
                    case_worker_id=WORKER_CONTACT if i % WORKER_EVERY == 0 else None,
                )
        last = CONFERENCES_EACH - 1
        with _Copier(cur, "conference") as rows:
            for i in range(1, subjects + 1):
                for c in range(CONFERENCES_EACH):
                    cid = (i - 1) * CONFERENCES_EACH + c + 1
                    rows.write(
                        id=cid,
                        subject_id=i,
                        kind=ConferenceType.INITIAL if c == 0 else ConferenceType.REVIEW,
                        status=ConferenceStatus.PLANNED if c == last else ConferenceStatus.HELD,
                        meeting_date=date(2025, 1, 1) + timedelta(days=90 * c + rng.randrange(60)),
                        venue="Room 1",
                        previous_conference_id=cid - 1 if c else None,
                    )
        with _Copier(cur, "invitation") as rows:
            for cid in range(1, subjects * CONFERENCES_EACH + 1):
                for n, contact in enumerate(rng.sample(range(1, CONTACTS + 1), INVITEES_EACH)):
                    rows.write(id=(cid - 1) * INVITEES_EACH + n + 1, conference_id=cid, contact_id=contact)
        statuses = [ActionStatus.OPEN, ActionStatus.ONGOING, ActionStatus.COMPLETED]
        with _Copier(cur, "action") as rows:
            for i in range(1, subjects + 1):
                for a in range(ACTIONS_EACH):
                    rows.write(
                        id=(i - 1) * ACTIONS_EACH + a + 1,
                        subject_id=i,
                        raised_at_id=(i - 1) * CONFERENCES_EACH + 1,
                        description=f"Action {a} for subject {i}",
                        due_date=date(2026, 1, 1) + timedelta(days=rng.randrange(365)),
                        status=rng.choice(statuses),
                    )
        for table in ("agency", "contact", "subject", "conference", "invitation", "action"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


class _Copier:
    """COPY rows into one table, every column the model has, its Python defaults filled in."""

    def __init__(self, cur, table: str) -> None:  # type: ignore[no-untyped-def]
        from solodesk.models import Base

        self.table = Base.metadata.tables[table]
        self.cur = cur
        self.now = datetime.now(UTC)
        self.columns = [c for c in self.table.c]

    def __enter__(self) -> "_Copier":
        names = ", ".join(c.name for c in self.columns)
        self._context = self.cur.copy(f"COPY {self.table.name} ({names}) FROM STDIN")
        self.copy = self._context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)

    def write(self, **values: object) -> None:
        row = []
        for column in self.columns:
            value = values[column.name] if column.name in values else self._default(column)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, list | dict):
                value = json.dumps(value)
            row.append(value)
        self.copy.write_row(row)

    def _default(self, column) -> object:  # type: ignore[no-untyped-def]
        default = column.default
        if default is None:
            return None
        if default.is_callable:
            return self.now if column.name.endswith("_at") else default.arg(None)
        return default.arg


def client(url: str, seed: int, edits: int, start: "multiprocessing.synchronize.Barrier", results) -> None:  # type: ignore[no-untyped-def]
    """One person's session; puts (register_open_s, [search ms], [save ms]) on ``results``."""
    from sqlalchemy import select

    from solodesk.models import Action, Conference
    from solodesk.services import chair_ops
    from solodesk.services.chair_fields import ActionText, ConferenceText
    from solodesk.services.conference_read import read_conference
    from solodesk.services.register import PAGE_SIZE, RegisterFilter, open_register
    from solodesk.store.team_store import TeamStore

    rng = random.Random(seed)
    store = TeamStore.open(url, password=PASSWORD)
    start.wait()
    began = time.perf_counter()
    register = open_register(store)
    opened = time.perf_counter() - began

    searches, found = [], []
    for n in range(SEARCHES):
        query = rng.choice(QUERIES) if n % 2 else f"{rng.choice(SURNAMES).split()[-1][:4]} {rng.randrange(1, 500)}"
        began = time.perf_counter()
        ids = register.search(RegisterFilter(text=query))
        rows = register.rows(ids[:PAGE_SIZE])
        searches.append((time.perf_counter() - began) * 1000)
        found += [row.id for row in rows]
    subject_id = rng.choice(found) if found else 1

    with store.session() as session:
        conference = session.scalars(
            select(Conference).where(Conference.subject_id == subject_id).order_by(Conference.id)
        ).first()
        assert conference is not None
        conference_id = conference.id
        read_conference(session, conference)
        action_id = session.scalars(select(Action.id).where(Action.raised_at_id == conference_id)).first()
    assert action_id is not None

    saves = []
    for n in range(edits):
        if n % 2:
            operation: chair_ops.ChairOperation = chair_ops.SetText(ActionText.DESCRIPTION, action_id, f"Edited {n}")
        else:
            operation = chair_ops.SetText(ConferenceText.DYNAMIC_FACTORS, conference_id, f"Dynamic factors {n}")
        began = time.perf_counter()
        chair_ops.apply(store, operation)
        saves.append((time.perf_counter() - began) * 1000)
    store.close()
    results.put((opened, searches, saves))


def worker_searches(url: str) -> list[float]:
    """One worker alone: open their register (50 of the 50,000 cases) and search it as ``client`` does; ms each."""
    from solodesk.services.register import PAGE_SIZE, RegisterFilter, open_register
    from solodesk.store.team_store import TeamStore

    rng = random.Random(99)
    times = []
    with TeamStore.open(url, password=PASSWORD) as store:
        register = open_register(store)
        for n in range(SEARCHES):
            query = "" if n == 0 else rng.choice(QUERIES)  # the whole register first, as it opens
            began = time.perf_counter()
            register.rows(register.search(RegisterFilter(text=query))[:PAGE_SIZE])
            times.append((time.perf_counter() - began) * 1000)
    return times


def p95(values: list[float]) -> float:
    """Return the 95th percentile (inclusive method)."""
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=SUBJECTS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--edits", type=int, default=EDITS)
    args = parser.parse_args()

    from solodesk.store.team_roles import add_user, init_team
    from solodesk.store.team_store import install_schema
    from tests import pg_server

    server = pg_server.start()
    try:
        server.drop_database(DATABASE)
        server.create_database(DATABASE)
        url = server.url(DATABASE)
        install_schema(url)
        began = time.perf_counter()
        populate(url, args.subjects)
        # The roles, policies and triggers come after the bulk load, as on a store moved in by ``team import``.
        init_team(url)
        # Logins belong to the whole server: unique per run, in case it is a developer's own (SOLODESK_TEST_PG_URL).
        logins = [f"bench_chair_{os.getpid()}_{n}" for n in range(args.clients)]
        for n, login in enumerate(logins):
            add_user(url, login, f"Chair {n + 1}", "chair", PASSWORD)
        worker_login = f"bench_worker_{os.getpid()}"
        add_user(url, worker_login, "The worker", "worker", PASSWORD, contact_id=WORKER_CONTACT)
        print(f"# populated {args.subjects} subjects in {time.perf_counter() - began:.1f}s", file=sys.stderr)

        spawn = multiprocessing.get_context("spawn")
        start, results = spawn.Barrier(args.clients), spawn.Queue()
        workers = [
            spawn.Process(target=client, args=(server.url(DATABASE, user=login), seed, args.edits, start, results))
            for seed, login in enumerate(logins)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=1800) for _ in workers]
        for worker in workers:
            worker.join()
        alone = worker_searches(server.url(DATABASE, user=worker_login))
    finally:
        server.stop()
    opens = [o for o, _, _ in outcomes]
    searches = [ms for _, s, _ in outcomes for ms in s]
    saves = [ms for _, _, s in outcomes for ms in s]
    print(
        f"# register open s: median {statistics.median(opens):.2f} max {max(opens):.2f}; search median "
        f"{statistics.median(searches):.1f} ms; save median {statistics.median(saves):.1f} ms",
        file=sys.stderr,
    )
    print(
        f"team: subjects={args.subjects} clients={args.clients} search_p95_ms={p95(searches):.1f}"
        f" save_p95_ms={p95(saves):.1f} register_open_s={max(opens):.2f} worker_search_p95_ms={p95(alone):.1f}"
    )


if __name__ == "__main__":
    main()
