"""The banner of a conference someone else has checked out of the team store, and the desk kept read-only.

While another login holds the conference's lease, the server refuses every change to it;
the desk says so up front (who, since when) and makes its fields read-only and its
buttons inert, rather than letting the chair type what cannot be saved. A check-out or a
check-in is an audit event by another login, so the change watcher re-reads the lease within
seconds: a desk already open turns read-only by itself, and editable again after check-in.
The same banner keeps chair mode read-only for a role that changes no conference record
(a worker or a manager on a team store), saying so.
"""

import shiboken6
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from solodesk.services.checkout import LeaseInfo, lease_of
from solodesk.services.roles import Task, permissions_of
from solodesk.store import CaseStore
from solodesk.ui.chair.autosave import AutoSaver
from solodesk.ui.lock_cleanup import read_only_banner

_EDITS = (QLineEdit, QPlainTextEdit, QTextEdit)
_CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox)


def held_by_another(store: CaseStore, lease: LeaseInfo | None) -> bool:
    """Return True when a lease keeps this login from changing the conference (it stands, and is not theirs)."""
    return lease is not None and not lease.broken_by and lease.holder != store.actor


class LeaseBar(QLabel):
    """The read-only banner of a checked-out conference (hidden when nobody else has it).

    Attributes:
        held: True while another login has the conference checked out.
    """

    def __init__(self, store: CaseStore, conference_id: int, saver: AutoSaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.conference_id = store, conference_id
        self.held = False
        self._frozen: list[QWidget] = []
        # A role that changes no conference (a worker, a manager) reads chair mode as if it were held.
        permissions = permissions_of(store)
        allowed = permissions.may(Task.CHANGE_CONFERENCE)
        self._role_refusal = None if allowed else permissions.refusal(Task.CHANGE_CONFERENCE)
        banner = read_only_banner()  # the second window's look: one kind of "read-only" across the app
        self.setObjectName("lease_banner")
        self.setWordWrap(True)
        self.setStyleSheet(banner.styleSheet())
        banner.deleteLater()
        self.hide()
        saver.failed.connect(lambda _sentence: self.check())  # a refusal may be the first news of a lease
        self.check()

    def check(self) -> bool:
        """Read the lease again and show (or hide) the banner; return whether the conference is held."""
        lease = lease_of(self.store, self.conference_id)
        held = held_by_another(self.store, lease)
        if lease is not None and held:
            self.setText(f"Read-only: {lease.sentence()}")
        elif self._role_refusal is not None:
            held = True
            self.setText(f"Read-only: {self._role_refusal}")
        self.setVisible(held)
        if self.held and not held:
            self._thaw()
        self.held = held
        return held

    def freeze(self, root: QWidget) -> None:
        """Make the fields under ``root`` read-only and its buttons inert, while the conference is held."""
        if not self.held:
            return
        for widget in root.findChildren(QWidget):
            if isinstance(widget, _EDITS) and not widget.isReadOnly():
                widget.setReadOnly(True)
                self._frozen.append(widget)
            elif isinstance(widget, _CONTROLS) and widget.isEnabled():
                widget.setEnabled(False)
                self._frozen.append(widget)

    def _thaw(self) -> None:
        frozen, self._frozen = self._frozen, []
        for widget in frozen:
            if not shiboken6.isValid(widget):
                continue  # a row rebuilt since
            if isinstance(widget, _EDITS):
                widget.setReadOnly(False)
            else:
                widget.setEnabled(True)
