"""Benchmark the desk at scale.

Run: ``.venv/bin/python bench/desk.py``. Creates a store with 10,000 subjects, each
with conferences (held, issued or planned, with agreed next dates), actions (those of
the first meeting mostly given an outcome at the second, as in practice), risk
assessments and, for a third of them, a release notification; then times computing
the desk's lists from the store as the desk screen reads them (``open_ms``: the first
lines of each list and of each owner's actions, with every count exact; median of 5
runs after one warm-up).
Prints one line: ``desk: subjects=10000 open_ms=A mi_s=B full_ms=C view_ms=D``. ``mi_s``
is computing the management-information tables for the year up to the desk's day from
the same store (median of 3 runs after one warm-up; the PDF and CSV writing are not
included). ``full_ms`` is computing every line of every list (what ``solodesk desk`` and
the chasing letters read), and ``view_ms`` the desk screen refreshed from the store and
painted (offscreen Qt), both medians of 5.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    AmendmentRequest,
    Attendance,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Invitation,
    ManagementLevel,
    MappaCategory,
    MinuteIssue,
    NotificationKind,
    PlanArea,
    ReleaseNotification,
    RiskAssessment,
    RiskLevel,
    Subject,
)
from solodesk.services.desk import store_desk
from solodesk.services.mi import Period, store_management_information
from solodesk.services.mi_tables import mi_tables
from solodesk.store import CaseStore
from solodesk.ui.desk.desk_view import DESK_LIMIT

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SUBJECTS = 10_000
ACTIONS_EACH = 10
AGENCIES = 14
CONTACTS_EACH = 5
INVITED_EACH = 5
HELD = (ConferenceStatus.HELD, ConferenceStatus.MINUTE_DRAFTED, ConferenceStatus.ISSUED, ConferenceStatus.AMENDED)
AS_OF = date(2026, 6, 15)
RUNS = 5
MI_RUNS = 3
FORENAMES = ["Zoë", "Łukasz", "Siobhán", "José", "Ayşe", "Thị Mai", "Seán", "Marcus", "Anna", "Kirsty", "Darius"]
SURNAMES = ["Ó Briain", "Wiśniewski", "O'Connor", "Muñoz", "Yılmaz", "Nguyễn", "Leon", "Smith", "MacLeod", "Doyle"]


def _day(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def populate(store: CaseStore) -> None:
    """Insert the subjects and their history in bulk (ids are assigned here)."""
    rng = random.Random(42)
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    subjects, conferences, actions, assessments, notifications, amendments = [], [], [], [], [], []
    invitations, issues = [], []
    agencies = [
        {"id": a, "name": f"Agency {a} — Ó Briain & Łukasz Partnership", **stamps} for a in range(1, AGENCIES + 1)
    ]
    contacts = [
        {"id": c, "name": f"Contact {c}", "agency_id": 1 + (c - 1) // CONTACTS_EACH, **stamps}
        for c in range(1, AGENCIES * CONTACTS_EACH + 1)
    ]
    conference_id = 0
    for i in range(1, SUBJECTS + 1):
        subjects.append(
            {
                "id": i,
                "forenames": rng.choice(FORENAMES),
                "surname": f"{rng.choice(SURNAMES)} {i}",
                "case_status": rng.choice(list(CaseStatus)),
                "mappa_category": rng.choice(list(MappaCategory)),
                "management_level": rng.choice(list(ManagementLevel)),
                **stamps,
            }
        )
        # The first meeting 8 to 14 months before the desk's day, the second four to six months later.
        first = AS_OF - timedelta(days=240 + rng.randrange(180))
        gap = timedelta(days=120 + rng.randrange(60))
        held_ids = []
        for c, status in enumerate((ConferenceStatus.ISSUED, rng.choice(list(ConferenceStatus)))):
            conference_id += 1
            met = first + gap * c
            conferences.append(
                {
                    "id": conference_id,
                    "subject_id": i,
                    "kind": ConferenceType.INITIAL if c == 0 else ConferenceType.REVIEW,
                    "status": status,
                    "meeting_date": met,
                    "next_date": met + timedelta(weeks=rng.choice((8, 12, 16))) if rng.random() < 0.7 else None,
                    "risk_level": rng.choice(list(RiskLevel)),
                    "reasons": [],
                    **stamps,
                }
            )
            held_ids.append(conference_id)
            if status in HELD:
                for contact in rng.sample(contacts, INVITED_EACH):
                    invitations.append(
                        {
                            "conference_id": conference_id,
                            "contact_id": contact["id"],
                            "attendance": rng.choice(list(Attendance)),
                            "report_submitted": rng.random() < 0.4,
                        }
                    )
            if status in (ConferenceStatus.ISSUED, ConferenceStatus.AMENDED):
                issued = datetime.combine(met + timedelta(days=2 + rng.randrange(25)), datetime.min.time(), UTC)
                issues.append({"conference_id": conference_id, "version": 1, "issued_at": issued, "content": {}})
            if rng.random() < 0.05:
                amendments.append({"conference_id": conference_id, "requested_by": "Zoë", "request": "Item 5"})
        for a in range(ACTIONS_EACH):
            # As in practice: the first meeting's actions were reviewed at the second (an outcome
            # recorded, mostly done); the latest meeting's actions are still open, due after it.
            raised_at, met = (held_ids[0], first) if a < ACTIONS_EACH // 2 else (held_ids[1], first + gap)
            reviewed = raised_at == held_ids[0] and rng.random() < 0.9
            done = (ActionStatus.COMPLETED, ActionStatus.NOT_DONE, ActionStatus.WITHDRAWN)
            actions.append(
                {
                    "subject_id": i,
                    "raised_at_id": raised_at,
                    "description": f"Action {a} for subject {i}",
                    "due_date": _day(rng, met + timedelta(days=14), 180),
                    "plan_area": rng.choice(list(PlanArea)),
                    "status": rng.choice(done) if reviewed else rng.choice((ActionStatus.OPEN, ActionStatus.ONGOING)),
                    "owner_id": rng.choice(contacts)["id"] if rng.random() < 0.8 else None,
                    **stamps,
                }
            )
        for _ in range(rng.randrange(3)):
            assessed_on = _day(rng, first - timedelta(days=60), 300)
            assessments.append({"subject_id": i, "tool": "Risk Matrix 2000", "assessed_on": assessed_on})
        if rng.random() < 0.33:
            received = AS_OF - timedelta(days=rng.randrange(120))
            referral = rng.random() < 0.25
            notifications.append(
                {
                    "subject_id": i,
                    "kind": NotificationKind.REFERRAL if referral else NotificationKind.CIRCULAR_18,
                    "received_on": received,
                    "release_date": None if referral else received + timedelta(days=rng.randrange(60, 120)),
                    "from_whom": "HMP Northfield",
                    "reasons": [],
                    **stamps,
                }
            )
    with store.engine.begin() as connection:
        connection.execute(insert(Agency), agencies)
        connection.execute(insert(Contact), contacts)
        connection.execute(insert(Subject), subjects)
        connection.execute(insert(Conference), conferences)
        connection.execute(insert(Invitation), invitations)
        connection.execute(insert(MinuteIssue), issues)
        connection.execute(insert(Action), actions)
        connection.execute(insert(RiskAssessment), assessments)
        connection.execute(insert(ReleaseNotification), notifications)
        connection.execute(insert(AmendmentRequest), amendments)


_APP: object = None


def _time_view(store: CaseStore) -> list[float]:
    """Time the desk screen refreshed from the store and painted (the first build is the warm-up)."""
    from PySide6.QtWidgets import QApplication

    from solodesk.ui.desk import desk_view

    global _APP  # noqa: PLW0603 - the application must outlive every widget, to the end of the run
    _APP = app = QApplication.instance() or QApplication(sys.argv[:1])
    desk_view._today = lambda: AS_OF  # the day the store was built around
    view = desk_view.DeskView(store)
    view.resize(1366, 768)
    view.show()
    app.processEvents()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        view.refresh()
        app.processEvents()  # the lines on screen are painted
        timings.append((time.perf_counter() - started) * 1000)
    assert view.desk is not None and view.desk.counts == store_desk(store, AS_OF).counts
    view.close()
    del view  # the screen goes before the store closes and before the application
    return timings


def main() -> None:
    """Build the store, time the desk, print the benchmark line."""
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", "benchmark passphrase")
        started = time.perf_counter()
        populate(store)
        populate_s = time.perf_counter() - started
        store_desk(store, AS_OF)  # warm-up: first statements compile and pages load into the cache
        timings, cpu_timings, full_timings = [], [], []
        for _ in range(RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            desk = store_desk(store, AS_OF, limit=DESK_LIMIT)
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
            started = time.perf_counter()
            whole = store_desk(store, AS_OF)
            full_timings.append((time.perf_counter() - started) * 1000)
        assert desk.counts == whole.counts
        counts = desk.counts
        view_timings = _time_view(store)
        year = Period.checked(AS_OF - timedelta(days=364), AS_OF)
        mi_tables(store_management_information(store, year, AS_OF))  # warm-up
        mi_timings = []
        for _ in range(MI_RUNS):
            started = time.perf_counter()
            mi_tables(store_management_information(store, year, AS_OF))
            mi_timings.append(time.perf_counter() - started)
        store.close()
    print(f"# populated {SUBJECTS} subjects in {populate_s:.1f}s; desk counts {counts}", file=sys.stderr)
    # On a shared machine the wall time swings with the load; the CPU time shows the work itself.
    print(f"# desk cpu_ms={statistics.median(cpu_timings):.0f} (median of {RUNS})", file=sys.stderr)
    mi_s = statistics.median(mi_timings)
    print(
        f"desk: subjects={SUBJECTS} open_ms={statistics.median(timings):.0f} mi_s={mi_s:.2f}"
        f" full_ms={statistics.median(full_timings):.0f} view_ms={statistics.median(view_timings):.0f}"
    )


if __name__ == "__main__":
    main()
    # Tearing Qt down at interpreter exit warns "shared QObject was deleted directly" and can
    # crash on this PySide6 build, with or without the desk (seen with the screen of 19b052d
    # too); the line is printed, so leave without the teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
