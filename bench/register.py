"""Benchmark the case register at scale.

Run: ``.venv/bin/python bench/register.py [--subjects N]``. Creates a store
with 10,000 subjects (or N; 3 conferences and 10 actions each), then times
opening the register (index built, real Qt view shown with its first rows) and
search-as-you-type queries typed into the real search field. Prints one line:
``register: subjects=10000 open_s=A search_ms=B index_s=C view_ms=D edit_ms=E``
(B is the median over queries). ``open_s`` = ``index_s`` (built once per unlock,
on the unlock job's worker thread) + ``view_ms`` (the part on the UI thread:
the view built and painted with its first page); ``edit_ms`` is the UI-thread
cost of showing one edited case again (its row only).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert

from solodesk.models import Action, CaseStatus, Conference, ManagementLevel, PlanArea, Subject
from solodesk.store import CaseStore

SUBJECTS = 10_000
CONFERENCES_EACH = 3
ACTIONS_EACH = 10
FORENAMES = ["Zoë", "Łukasz", "Siobhán", "José", "Ayşe", "Thị Mai", "Seán", "Marcus", "Anna", "Kirsty", "Darius"]
SURNAMES = ["Ó Briain", "Wiśniewski", "O'Connor", "Muñoz", "Yılmaz", "Nguyễn", "Leon", "Smith", "MacLeod", "Doyle"]
QUERIES = ["o'con", "wisn", "nguyen 12", "smith", "V-0042", "zoe obriain 99", "leon"]


def populate(store: CaseStore) -> None:
    rng = random.Random(42)
    now = datetime.now(UTC)
    subjects, conferences, actions = [], [], []
    for i in range(1, SUBJECTS + 1):
        subjects.append(
            {
                "id": i,
                "forenames": rng.choice(FORENAMES),
                "surname": f"{rng.choice(SURNAMES)} {i}",
                "aliases": [f"Alias {i}"],
                "date_of_birth": date(1950, 1, 1) + timedelta(days=rng.randrange(20000)),
                "visor_ref": f"V-{i:05d}",
                "case_status": rng.choice(list(CaseStatus)),
                "management_level": rng.choice(list(ManagementLevel)),
                "created_at": now,
                "updated_at": now,
            }
        )
        for c in range(CONFERENCES_EACH):
            conferences.append(
                {
                    "subject_id": i,
                    "meeting_date": date(2025, 1, 1) + timedelta(days=90 * c + rng.randrange(60)),
                    "venue": "Room 1",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for a in range(ACTIONS_EACH):
            actions.append(
                {
                    "subject_id": i,
                    "description": f"Action {a} for subject {i}",
                    "due_date": date(2026, 1, 1) + timedelta(days=rng.randrange(365)),
                    "plan_area": rng.choice(list(PlanArea)),
                    "created_at": now,
                    "updated_at": now,
                }
            )
    with store.engine.begin() as connection:
        connection.execute(insert(Subject), subjects)
        connection.execute(insert(Conference), conferences)
        connection.execute(insert(Action), actions)


def main() -> None:
    global SUBJECTS  # noqa: PLW0603 - a benchmark script's one setting
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=SUBJECTS)
    SUBJECTS = parser.parse_args().subjects
    from PySide6.QtWidgets import QApplication

    from solodesk.services.register import SubjectRegister
    from solodesk.ui.register.register_view import RegisterView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", "benchmark passphrase")
        started = time.perf_counter()
        populate(store)
        populate_s = time.perf_counter() - started

        started = time.perf_counter()
        register = SubjectRegister(store)
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        view = RegisterView(register)
        view.resize(900, 700)
        view.show()
        app.processEvents()
        view_s = time.perf_counter() - started
        open_s = index_s + view_s

        edits = []
        for subject_id in (1, SUBJECTS // 2, SUBJECTS):
            started = time.perf_counter()
            view.refresh_subject(subject_id)
            app.processEvents()
            edits.append((time.perf_counter() - started) * 1000)

        timings = []
        for query in QUERIES:
            view.search_field.clear()
            app.processEvents()
            started = time.perf_counter()
            view.search_field.setText(query)  # emits textChanged exactly as typing does
            app.processEvents()
            timings.append((time.perf_counter() - started) * 1000)
        shown = view.model.match_count
        view.close()
        store.close()
    print(f"# populated {SUBJECTS} subjects in {populate_s:.1f}s; last query matched {shown}", file=sys.stderr)
    print(
        f"register: subjects={SUBJECTS} open_s={open_s:.3f} search_ms={statistics.median(timings):.1f}"
        f" index_s={index_s:.3f} view_ms={view_s * 1000:.0f} edit_ms={statistics.median(edits):.1f}"
    )


if __name__ == "__main__":
    main()
