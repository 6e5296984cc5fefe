"""Chair mode's hospital detention section (MAPPA minute §2.2 row 8): restricted patients.

Mental health staff complete it; the chair records what they report at the meeting.
Saved through typed operations on the subject, tied to this conference for the audit trail.
"""

from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout

from solodesk.services.chair_fields import SubjectText
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_record_ops import SetRestrictedPatient
from solodesk.services.chair_view import ConferenceSnapshot
from solodesk.ui.chair.fields import heading, hint, notes_edit, show_line, show_text
from solodesk.ui.chair.page import DeskContext, line_edit
from solodesk.ui.chair.record_sections import RecordSection

TITLE = "Hospital detention (restricted patients)"


class HospitalSection(RecordSection):
    """Whether the subject is a restricted patient, the detention and its status, and who completed it."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__(ctx)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(heading(TITLE))
        form.addRow(hint("Completed by mental health staff. Leave empty when the subject is not a restricted patient."))
        self.restricted = QCheckBox("Restricted patient")
        self.restricted.setAccessibleName("Restricted patient")
        self.restricted.toggled.connect(self._on_restricted_toggled)
        form.addRow(self.restricted)
        self.details = notes_edit("Hospital, order and restriction, responsible clinician, leave or discharge.", 80)
        self.details.setAccessibleName("Hospital detention and status")
        ctx.saver.bind_text(self.details, partial(self._save, SubjectText.HOSPITAL_DETENTION))
        form.addRow("Detention and status", self.details)
        self.by = line_edit("", "Hospital detention completed by", "Name and role in mental health services")
        ctx.saver.bind_line(self.by, partial(self._save, SubjectText.HOSPITAL_DETENTION_BY))
        form.addRow("Completed by", self.by)

    def fill(self, snap: ConferenceSnapshot) -> None:
        """Show the subject's stored hospital detention."""
        super().fill(snap)
        record = snap.record
        self.restricted.blockSignals(True)
        self.restricted.setChecked(record.restricted_patient)
        self.restricted.blockSignals(False)
        show_text(self.details, record.hospital_detention)
        show_line(self.by, record.hospital_detention_by)

    def _subject_id(self) -> int:
        assert self.snap is not None
        return self.snap.subject_id

    def _save(self, field: SubjectText, text: str, base: str | None = None) -> None:
        self._apply(SetText(field, self._subject_id(), text, self.ctx.conference_id, base))

    @Slot(bool)
    def _on_restricted_toggled(self, checked: bool) -> None:
        self._apply_now(SetRestrictedPatient(self._subject_id(), checked, self.ctx.conference_id))
