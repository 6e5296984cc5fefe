"""Time what chair mode does on every edit, on the demo case.

Run: ``.venv/bin/python bench/chair.py``. Prints one line:
``chair: save_ms=A snapshot_ms=B preview_ms=C completeness_ms=D`` (medians):
``save_ms`` one autosaved field (its own transaction), ``snapshot_ms`` the
reload that refreshes the progress marks after it, ``preview_ms`` the minute
preview HTML, ``completeness_ms`` the checks of the closing panel.
"""

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from solodesk.models import AgendaItem, Conference, ConferenceType
from solodesk.services import chair_edit
from solodesk.services.chair_view import load_snapshot
from solodesk.services.demo import load_demo
from solodesk.services.minute_preview import preview_html
from solodesk.store import CaseStore

ROUNDS = 50


def _median_ms(work: Callable[[], object]) -> float:
    work()
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", "benchmark passphrase")
        with store.session() as session:
            load_demo(session)
            conference_id = session.query(Conference.id).filter_by(kind=ConferenceType.INITIAL).scalar()
        text = "The chair outlined the reasons for convening. " * 20
        save = _median_ms(lambda: chair_edit.save_note(store, conference_id, AgendaItem.PURPOSE, notes=text))
        snapshot = _median_ms(lambda: load_snapshot(store, conference_id))
        preview = _median_ms(lambda: preview_html(store, conference_id))
        checks = _median_ms(lambda: chair_edit.completeness(store, conference_id))
        store.close()
    print(f"chair: save_ms={save:.1f} snapshot_ms={snapshot:.1f} preview_ms={preview:.1f} completeness_ms={checks:.1f}")


if __name__ == "__main__":
    main()
