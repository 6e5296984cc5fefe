"""A worker's preparation for a conference, for views that hold no session.

Reports, attached files, notes (background, chronology, victim information),
proposed actions and risk assessments are added here and read back as plain
dataclasses.
"""

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    AgencyReport,
    Attachment,
    CaseNote,
    Contact,
    NoteKind,
    PlanArea,
    ProposedAction,
    RiskAssessment,
    Subject,
)
from solodesk.services import audit, limits
from solodesk.services.attachment_checks import UnreadableFileError, check_decodable
from solodesk.services.audience import Audience, describe
from solodesk.services.preparation_views import (
    AttachmentView,
    CaseChoice,
    NoteView,
    Preparation,
    ProposedActionView,
    ReportView,
    RiskView,
)
from solodesk.store import CaseStore

# Read at call time, so a test can lower it.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_MEDIA_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


class AttachmentRefusedError(ValueError):
    """A file cannot be attached; the message says why in one sentence."""


def list_cases(store: CaseStore) -> list[CaseChoice]:
    """Return every case, by surname."""
    with store.session() as session:
        subjects = session.scalars(select(Subject).order_by(Subject.surname, Subject.forenames))
        return [CaseChoice(s.id, s.full_name, s.date_of_birth, s.visor_ref) for s in subjects]


def load_preparation(store: CaseStore, subject_id: int) -> Preparation:
    """Return what has been prepared for a case.

    Raises:
        LookupError: there is no such case.
    """
    with store.session() as session:
        subject = session.get(Subject, subject_id)
        if subject is None:
            raise LookupError(f"There is no case with id {subject_id}.")
        reports = session.scalars(select(AgencyReport).where(AgencyReport.subject_id == subject_id))
        notes = session.scalars(select(CaseNote).where(CaseNote.subject_id == subject_id).order_by(CaseNote.id))
        actions = session.scalars(select(ProposedAction).where(ProposedAction.subject_id == subject_id))
        words = _AudienceWords(session)
        return Preparation(
            subject_id=subject_id,
            subject_name=subject.full_name,
            reports=tuple(
                ReportView(
                    r.id,
                    r.title,
                    r.agency,
                    r.author,
                    r.body,
                    r.submitted_on,
                    r.restricted,
                    tuple(
                        AttachmentView(a.id, a.filename, a.media_type, a.size, a.restricted, words(a))
                        for a in r.attachments
                    ),
                    words(r),
                )
                for r in reports
            ),
            notes=tuple(NoteView(n.id, n.kind, n.happened_on, n.text, n.source, n.restricted, words(n)) for n in notes),
            actions=tuple(
                ProposedActionView(
                    a.id, a.description, a.owner_name, a.owner_agency, a.due_date, a.plan_area, a.restricted, words(a)
                )
                for a in actions
            ),
            risks=tuple(
                RiskView(r.id, r.tool, r.assessed_on, r.assessor, dict(r.results), r.result)
                for r in subject.risk_assessments
            ),
        )


class _AudienceWords:
    """Says who may see a restricted record ("police and chair only"); "" for an open one."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self, record: AgencyReport | Attachment | CaseNote | ProposedAction) -> str:
        if not record.restricted:
            return ""
        audience = Audience.from_json(record.audience)
        named = (self.session.get(Contact, c) for c in audience.contacts | set(audience.withheld))
        return describe(audience, {c.id: c.name for c in named if c is not None})


def save_report(
    store: CaseStore,
    subject_id: int,
    *,
    report_id: int | None = None,
    title: str,
    agency: str,
    author: str,
    body: str,
    submitted_on: date | None = None,
    restricted: bool = False,
) -> int:
    """Create a report (no ``report_id``) or update one; return its id.

    Raises:
        TextTooLongError: a field is longer than its limit (nothing saved).
    """
    limits.check_texts(
        (
            ("The report's title", title, limits.SHORT_TEXT),
            ("The agency", agency, limits.SHORT_TEXT),
            ("The author", author, limits.SHORT_TEXT),
            ("The report", body, limits.LONG_TEXT),
        )
    )
    with store.session() as session:
        report = session.get(AgencyReport, report_id) if report_id is not None else None
        if report is None:
            report = AgencyReport(subject_id=subject_id)
            session.add(report)
        report.title, report.agency, report.author, report.body = title, agency, author, body
        report.submitted_on, report.restricted = submitted_on, restricted
        session.flush()
        audit.record(session, "report.saved", "agency_report", report.id)
        return report.id


def check_attachment(filename: str, size: int, head: bytes) -> str:
    """Return the media type of a file that may be attached.

    Raises:
        AttachmentRefusedError: too large, of a kind not accepted, or not what its name says.
    """
    limit = MAX_ATTACHMENT_BYTES
    if size > limit:
        raise AttachmentRefusedError(
            f"“{filename}” is {size / 1_048_576:.1f} MB; files larger than {limit / 1_048_576:.0f} MB cannot be "
            "attached. Make it smaller (for example, save the PDF with smaller images) or split it."
        )
    suffix = Path(filename).suffix.lower()
    if suffix not in _MEDIA_TYPES:
        raise AttachmentRefusedError(
            f"“{filename}” cannot be attached: only PDF, Word (.docx), PNG and JPEG files can."
        )
    media_type, signatures = _MEDIA_TYPES[suffix]
    if not head.startswith(signatures):
        raise AttachmentRefusedError(f"“{filename}” is not a readable {suffix[1:].upper()} file.")
    return media_type


def attach_file(store: CaseStore, report_id: int, path: Path) -> AttachmentView:
    """Copy a file into the encrypted store, attached to a report.

    Raises:
        AttachmentRefusedError: the file is too large, unreadable, damaged or of a kind not accepted.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            media_type = check_attachment(path.name, size, handle.read(16))
            handle.seek(0)
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as exc:
        raise AttachmentRefusedError(f"“{path.name}” could not be read.") from exc
    check_attachment(path.name, len(data), data[:16])
    try:
        check_decodable(path.name, media_type, data)
    except UnreadableFileError as exc:
        raise AttachmentRefusedError(str(exc)) from exc
    return attach_bytes(store, report_id, path.name, data, media_type)


def attach_bytes(store: CaseStore, report_id: int, filename: str, data: bytes, media_type: str) -> AttachmentView:
    """Store bytes as an attachment of a report (after :func:`check_attachment`)."""
    with store.session() as session:
        attachment = Attachment(
            report_id=report_id,
            filename=filename,
            media_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
        )
        session.add(attachment)
        session.flush()
        audit.record(session, "attachment.added", "attachment", attachment.id, detail=f"{len(data)} bytes")
        return AttachmentView(attachment.id, filename, media_type, len(data))


def set_attachment_restricted(store: CaseStore, attachment_id: int, restricted: bool) -> None:
    """Restrict an attached file (for the chair alone until its audience is set), or open it again.

    An open file goes wherever its report goes; a restricted one only to people in both audiences.
    """
    with store.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise LookupError("That file is no longer attached.")
        attachment.restricted = restricted
        audit.record(
            session, "attachment.restricted" if restricted else "attachment.opened", "attachment", attachment_id
        )


def remove_attachment(store: CaseStore, attachment_id: int) -> None:
    """Delete an attached file."""
    with store.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is not None:
            session.delete(attachment)
            audit.record(session, "attachment.removed", "attachment", attachment_id)


def add_note(
    store: CaseStore,
    subject_id: int,
    kind: NoteKind,
    text: str,
    *,
    happened_on: date | None = None,
    source: str = "",
    restricted: bool | None = None,
) -> int:
    """Add a background note, chronology entry or victim information (restricted unless told otherwise).

    Raises:
        TextTooLongError: the note or its source is longer than its limit (nothing saved).
    """
    limits.check_texts((("The note", text, limits.LONG_TEXT), ("The source", source, limits.SHORT_TEXT)))
    note = CaseNote(
        subject_id=subject_id,
        kind=kind,
        text=text,
        happened_on=happened_on,
        source=source,
        restricted=kind == NoteKind.VICTIM if restricted is None else restricted,
    )
    return _insert(store, note, "note.added", "case_note")


def add_proposed_action(
    store: CaseStore,
    subject_id: int,
    description: str,
    *,
    owner_name: str = "",
    owner_agency: str = "",
    due_date: date | None = None,
    plan_area: PlanArea = PlanArea.SUPERVISION,
    proposed_by: str = "",
    restricted: bool = False,
) -> int:
    """Add an action a worker proposes for the plan (restricted: for the chair alone until an audience is set).

    Raises:
        TextTooLongError: a field is longer than its limit (nothing saved).
    """
    limits.check_texts(
        (
            ("The action", description, limits.LINE_TEXT),
            ("The owner", owner_name, limits.SHORT_TEXT),
            ("The owner's agency", owner_agency, limits.SHORT_TEXT),
            ("Proposed by", proposed_by, limits.SHORT_TEXT),
        )
    )
    action = ProposedAction(
        subject_id=subject_id,
        description=description,
        owner_name=owner_name,
        owner_agency=owner_agency,
        due_date=due_date,
        plan_area=plan_area,
        proposed_by=proposed_by,
        restricted=restricted,
    )
    return _insert(store, action, "proposed_action.added", "proposed_action")


def add_risk_assessment(
    store: CaseStore,
    subject_id: int,
    tool: str,
    *,
    assessed_on: date | None = None,
    assessor: str = "",
    results: Mapping[str, str] | None = None,
    result: str = "",
) -> int:
    """Add a risk assessment summary to a case, with ``results`` by the tool's scale keys (see ``risk_tools``).

    Raises:
        TextTooLongError: a field is longer than its limit (nothing saved).
    """
    limits.check_texts(
        (
            ("The tool", tool, limits.SHORT_TEXT),
            ("The assessor", assessor, limits.SHORT_TEXT),
            *((f"The result “{key}”", value, limits.SHORT_TEXT) for key, value in (results or {}).items()),
            ("The result", result, limits.LONG_TEXT),
        )
    )
    risk = RiskAssessment(
        subject_id=subject_id,
        tool=tool,
        assessed_on=assessed_on,
        assessor=assessor,
        results={key: value.strip() for key, value in (results or {}).items() if value.strip()},
        result=result,
    )
    return _insert(store, risk, "risk_assessment.added", "risk_assessment")


def _insert(store: CaseStore, record: CaseNote | ProposedAction | RiskAssessment, event: str, entity: str) -> int:
    """Store a new record with its audit event in one transaction; return its id."""
    with store.session() as session:
        session.add(record)
        session.flush()
        audit.record(session, event, entity, record.id)
        return record.id
