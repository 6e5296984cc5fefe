"""Chair mode: the referrals and release notifications behind the minute's "relevant dates"."""

from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from solodesk.models import NotificationKind
from solodesk.services import chair_edit
from solodesk.services.case_record import NotificationRow
from solodesk.services.chair_fields import NotificationText
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_record_ops import SetNotificationKind, SetNotificationReceived, SetNotificationRelease
from solodesk.services.chair_removal import RowKind
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.ui.chair.fields import DateField, EnumCombo, heading, hint
from solodesk.ui.chair.page import DeskContext, clear_layout, line_edit
from solodesk.ui.chair.record_sections import RecordSection
from solodesk.ui.chair.rows import RowFrame


class RelevantDatesSection(RecordSection):
    """Each referral or Circular 18 notification received up to the meeting: when, from whom, the release date."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(heading("Referral and release notification"), 0, 0)
        self.grid.addWidget(
            hint("When the referral or Circular 18 notification came, from whom, and the release date it gives."), 1, 0
        )
        self.rows_holder = QWidget()
        self.rows = QVBoxLayout(self.rows_holder)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.rows_holder, 2, 0)
        self.add_button = QPushButton("Add referral or notification")
        self.add_button.clicked.connect(self.add_notification)
        self.grid.addWidget(self.add_button, 3, 0, Qt.AlignmentFlag.AlignLeft)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Rebuild one row per notification from the store."""
        super().fill(snap)
        clear_layout(self.rows)
        for number, row in enumerate(snap.record.notifications, start=1):
            self.rows.addWidget(self._row(number, row))

    def _row(self, number: int, row: NotificationRow) -> RowFrame:
        frame = RowFrame(f"Notification {number}")
        grid, line = frame.grid(), 0
        kind = EnumCombo(NotificationKind, f"Notification {number}: kind")
        kind.set_value(row.kind)
        kind.activated.connect(partial(self._on_kind_activated, row.id, kind))
        grid.addWidget(kind, line, 0, 1, 2)
        received = DateField()
        received.setAccessibleName(f"Notification {number}: received on")
        received.set_value(row.received_on)
        self.ctx.saver.bind_value(received, partial(self._save_received, row.id))
        grid.addWidget(QLabel("Received"), line, 2)
        grid.addWidget(received, line, 3)
        sender = line_edit(row.from_whom, f"Notification {number}: from whom", "From whom")
        self.ctx.saver.bind_line(sender, partial(self._save_text, NotificationText.FROM_WHOM, row.id))
        grid.addWidget(sender, line, 4, 1, 5)
        release = DateField()
        release.setAccessibleName(f"Notification {number}: release date")
        release.set_value(row.release_date)
        self.ctx.saver.bind_value(release, partial(self._save_release, row.id))
        grid.addWidget(QLabel("Release"), line + 1, 2)
        grid.addWidget(release, line + 1, 3)
        licence = line_edit(
            row.order_or_licence, f"Notification {number}: released on", "Released on (order or licence)"
        )
        self.ctx.saver.bind_line(licence, partial(self._save_text, NotificationText.ORDER_OR_LICENCE, row.id))
        grid.addWidget(licence, line + 1, 4, 1, 4)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove notification {number}")
        remove.clicked.connect(partial(self._remove, row.id, f"notification {number}"))
        grid.addWidget(remove, line + 1, 8)
        grid.setColumnStretch(4, 1)
        frame.set_editor(sender)
        frame.set_remove(f"notification {number}", remove.click)
        return frame

    @Slot()
    def add_notification(self) -> None:
        """Record a referral received on the meeting date, for the chair to complete."""
        ctx = self.ctx
        if ctx.saver.now(lambda: chair_edit.add_notification(ctx.store, ctx.conference_id)):
            self.structure_changed.emit()

    def _on_kind_activated(self, notification_id: int, combo: EnumCombo, _index: int) -> None:
        self._apply_now(SetNotificationKind(notification_id, combo.value(), self.ctx.conference_id))

    def _save_received(self, notification_id: int, value: object) -> None:
        if isinstance(value, date):  # It always has a date: an emptied field keeps the stored one.
            self._apply(SetNotificationReceived(notification_id, value, self.ctx.conference_id))

    def _save_release(self, notification_id: int, value: object) -> None:
        assert value is None or isinstance(value, date)
        self._apply(SetNotificationRelease(notification_id, value, self.ctx.conference_id))

    def _save_text(self, field: NotificationText, notification_id: int, text: str, base: str | None = None) -> None:
        self._apply(SetText(field, notification_id, text, self.ctx.conference_id, base))

    def _remove(self, notification_id: int, label: str) -> None:
        if self.ctx.removals.remove(RowKind.NOTIFICATION, notification_id, label):
            self.structure_changed.emit()
