"""The worker's way to the chair's "who may see it?" checklist, for prepared items.

The checklist itself is :class:`solodesk.ui.chair.audience_dialog.AudienceDialog`, reused
as it is: it saves the audience on Enter (and restricts the item); Escape leaves the item
restricted for the chair alone. Here we only name the item and refresh the view afterwards.
"""

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from solodesk.store import CaseStore
from solodesk.ui.chair.audience_dialog import AudienceDialog, ask_audience


def pick_audience(parent: QWidget, store: CaseStore, key: str, label: str, after: Callable[[], None]) -> AudienceDialog:
    """Ask who may see a restricted prepared item (``"case_note:4"``); call ``after`` once answered.

    Args:
        parent: the widget asking (the checklist is modal to its window).
        store: the open store.
        key: the item, as :mod:`solodesk.services.clearance` names it.
        label: how the checklist names the item ("Victim information").
        after: run when the checklist closes, whichever way.
    """
    dialog = ask_audience(store, key, label, parent.window())
    dialog.finished.connect(lambda _result: after())
    return dialog


def restricted_words(audience: str) -> str:
    """Return how a table cell shows an item's audience ("Restricted — police and chair only")."""
    return f"Restricted — {audience}" if audience else ""
