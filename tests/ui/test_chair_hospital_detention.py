"""Hospital detention (MAPPA minute §2.2 row 8): recorded in chair mode by keyboard, printed in its place."""

import re

from PySide6.QtCore import Qt

from solodesk.services.chair_view import load_snapshot
from solodesk.services.minute_views import draft_pdf
from tests.helpers.chair_keys import ALT, by_name, keyboard, open_desk_with_apologies, tab_until
from tests.helpers.minutes import page_texts
from tests.helpers.qt_keys import press, type_text

DETAILS = "Detained at the State Hospital, Carstairs; CORO; escorted leave only."
BY = "Dr Aoife Ní Bhriain, RMO"


def _lines(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for page in page_texts(pdf) for line in page.splitlines()]


def test_a_restricted_patient_typed_in_chair_mode_prints_after_the_relevant_dates(qtbot, store) -> None:
    """Tab to the tick and the two fields on item 4's page, type, and the draft minute prints row 8 in order."""
    desk = open_desk_with_apologies(qtbot, store)
    before = _lines(draft_pdf(store, desk.conference_id))
    assert "Restricted patient No: not detained in hospital under a restriction order." in before

    press(qtbot, desk, Qt.Key.Key_4, ALT)
    tab_until(qtbot, desk, by_name("Restricted patient"))
    press(qtbot, desk, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: load_snapshot(store, desk.conference_id).record.restricted_patient)
    tab_until(qtbot, desk, by_name("Hospital detention and status"))
    keyboard(qtbot, desk, DETAILS)
    tab_until(qtbot, desk, by_name("Hospital detention completed by"))
    type_text(qtbot, desk, BY)  # "í" arrives as a keyboard layout sends it
    press(qtbot, desk, Qt.Key.Key_1, ALT)  # leaving the page saves what was typed
    desk.save_now()

    record = load_snapshot(store, desk.conference_id).record
    assert (record.restricted_patient, record.hospital_detention, record.hospital_detention_by) == (True, DETAILS, BY)
    lines = _lines(draft_pdf(store, desk.conference_id))
    text = " ".join(lines)
    start = lines.index("Hospital detention (restricted patients)")
    assert lines.index("Relevant dates and order or licence status") < start < lines.index("1. Introductions")
    assert "Restricted patient Yes" in text
    assert f"Detention and status {DETAILS}" in text
    assert f"Completed by {BY}" in text
    assert "not detained in hospital" not in text
