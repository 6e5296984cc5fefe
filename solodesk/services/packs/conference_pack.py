"""Gathering a conference pack's content for one recipient, filtered by their clearance."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    AgencyReport,
    AgendaItem,
    CaseNote,
    Conference,
    ConferenceStatus,
    NoteKind,
    ProposedAction,
    Subject,
)
from solodesk.reports.conference_pack import (
    ConferencePackData,
    PackAction,
    PackFile,
    PackReport,
    PreviousMinute,
    render_conference_pack,
)
from solodesk.services import audit
from solodesk.services.audience import Audience, Member
from solodesk.services.case_record import CaseRecord, case_record
from solodesk.services.minute_record import hospital_detention, mappa_line, offender_information, relevant_dates
from solodesk.services.packs.exporter import write_output
from solodesk.services.settings import load_settings
from solodesk.store import CaseStore
from solodesk.text_search import fold

_NOT_HELD = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)


def long_date(value: date | None) -> str:
    """Return a date as "14 September 2026", or an empty string."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_date(value: date | None) -> str:
    """Return a date as "14 Sep 2026", or an empty string."""
    return f"{value.day} {value:%b %Y}" if value else ""


def conference_pack_data(
    session: Session, subject_id: int, recipient: str, conference_id: int | None = None
) -> ConferencePackData:
    """Return what one recipient's pack for a case's coming conference shows.

    Restricted items (victim information, restricted reports, notes, proposed actions and
    attached files) appear only when the recipient is invited to the conference and in the
    item's audience (the chair always is); a file also needs its report's audience.

    Raises:
        LookupError: there is no such case, or it has no conference.
    """
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise LookupError(f"There is no case with id {subject_id} in this store.")
    conference = _conference(subject, conference_id)
    # The name is matched as a person types it (any case, with or without accents); an
    # unknown name is refused rather than given a copy that quietly lacks restricted items.
    wanted = fold(recipient).split()
    invitee = next((i for i in conference.invitations if wanted in _name_forms(i.contact.name)), None)
    if invitee is None:
        raise LookupError(f"Nobody called {recipient.strip()!r} is invited to this case's coming conference.")
    agency = invitee.contact.agency
    member = Member(invitee.contact_id, agency.kind if agency else None, invitee.contact_id == conference.chair_id)

    def cleared(record: Any) -> bool:
        return not record.restricted or Audience.from_json(record.audience).includes(member)

    recipient = invitee.contact.name
    settings = load_settings(session)
    withheld = 0
    reports = []
    for report in session.scalars(
        select(AgencyReport).where(AgencyReport.subject_id == subject_id).order_by(AgencyReport.id)
    ):
        if report.submitted_on is None or report.conference_id not in (None, conference.id):
            continue
        if not cleared(report):
            withheld += 1
            continue
        # A file goes only to people who may see its report and the file itself.
        files = tuple(PackFile(a.filename, a.media_type, a.data) for a in report.attachments if cleared(a))
        withheld += len(report.attachments) - len(files)
        reports.append(
            PackReport(report.title, report.agency, report.author, long_date(report.submitted_on), report.body, files)
        )
    notes = []
    for note in session.scalars(select(CaseNote).where(CaseNote.subject_id == subject_id).order_by(CaseNote.id)):
        if not cleared(note):
            withheld += 1
            continue
        heading = note.kind.label if note.kind != NoteKind.CHRONOLOGY else long_date(note.happened_on) or "Undated"
        notes.append((f"{heading} (restricted)" if note.restricted else heading, note.text))
    proposals = list(
        session.scalars(
            select(ProposedAction).where(ProposedAction.subject_id == subject_id).order_by(ProposedAction.id)
        )
    )
    withheld += sum(1 for p in proposals if not cleared(p))
    meeting = ", ".join(
        x
        for x in (
            long_date(conference.meeting_date),
            conference.meeting_time.strftime("%H:%M") if conference.meeting_time else "",
            conference.venue,
        )
        if x
    )
    return ConferencePackData(
        marking=settings.protective_marking,
        organisation=settings.organisation_name,
        recipient=recipient.strip(),
        subject_name=subject.full_name,
        subject_details=_details(case_record(conference, settings)),
        conference_title=f"{conference.kind.label} conference",
        meeting=meeting or "Date, time and venue to be confirmed",
        confidentiality=settings.confidentiality_statement,
        agenda=tuple(item.label for item in AgendaItem),
        previous=_previous(subject, conference, cleared),
        actions=tuple(_action(a) for a in sorted(subject.actions, key=_due) if a.is_open),
        proposed=tuple(_action_proposed(p) for p in proposals if cleared(p)),
        notes=tuple(notes),
        reports=tuple(reports),
        withheld=withheld,
    )


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "ds", "dc", "di", "dci", "dsi", "pc", "sgt", "insp", "cllr"}


def _name_forms(name: str) -> list[list[str]]:
    """Return the folded words of a name, with and without a leading title ("DS Zoë Ó Briain")."""
    words = fold(name).replace(".", "").split()
    forms = [words]
    if len(words) > 1 and words[0] in _TITLES:
        forms.append(words[1:])
    return forms


def pack_recipients(store: CaseStore, subject_id: int, conference_id: int | None = None) -> list[str]:
    """Return the names of the people invited to the conference a pack is for.

    Raises:
        LookupError: there is no such case, or it has no conference.
    """
    with store.session() as session:
        subject = session.get(Subject, subject_id)
        if subject is None:
            raise LookupError(f"There is no case with id {subject_id} in this store.")
        return [i.contact.name for i in _conference(subject, conference_id).invitations]


def write_conference_pack_pdf(
    store: CaseStore,
    subject_id: int,
    recipient: str,
    out: Path,
    conference_id: int | None = None,
    overwrite: bool = False,
) -> int:
    """Render one recipient's conference pack into a PDF file; return its size in bytes.

    ``overwrite`` replaces a plain file already at ``out``; a link or special file is always refused.

    Raises:
        LookupError: no such case or conference.
        PackError: the file cannot be written (already there, a link or special file, disk full, ...).
        UnprintableTextError: a text holds characters the font cannot draw.
    """
    write_output(Path(out), None, overwrite)
    with store.session() as session:
        data = conference_pack_data(session, subject_id, recipient, conference_id)
    pdf = render_conference_pack(data)
    write_output(Path(out), pdf, overwrite)
    with store.session() as session:
        audit.record(session, "pack_pdf.written", "subject", subject_id, detail=f"{len(pdf)} bytes")
    return len(pdf)


def _conference(subject: Subject, conference_id: int | None) -> Conference:
    if conference_id is not None:
        chosen = next((c for c in subject.conferences if c.id == conference_id), None)
    else:
        coming = [c for c in subject.conferences if c.status in _NOT_HELD]
        candidates = coming or subject.conferences
        chosen = candidates[-1] if candidates else None
    if chosen is None:
        raise LookupError("This case has no conference to prepare a pack for.")
    return chosen


def _previous(subject: Subject, conference: Conference, cleared: Callable[[Any], bool]) -> PreviousMinute | None:
    previous = conference.previous
    if previous is None:
        held = [c for c in subject.conferences if c.id != conference.id and c.status not in _NOT_HELD]
        previous = held[-1] if held else None
    if previous is None:
        return None
    items = []
    for item in AgendaItem:
        note = previous.note_for(item)
        text = note.notes if note else ""
        if note and note.restricted_notes and cleared(_Restricted(note.audience)):
            text = f"{text}\nRestricted: {note.restricted_notes}".strip()
        if item == AgendaItem.RISK_ASSESSMENT and previous.risk_level is not None:
            text = f"{text}\nAgreed level of risk: {previous.risk_level.label}. {previous.risk_rationale}".strip()
        if text:
            items.append((f"{item.number}. {item.label}", text))
    decisions = tuple(_decision_text(d.decision, d.reasons, d.dissent) for d in previous.decisions if cleared(d))
    title = f"{previous.kind.label} conference held on {long_date(previous.meeting_date) or 'an unrecorded date'}"
    return PreviousMinute(title, tuple(items), decisions)


@dataclass(frozen=True)
class _Restricted:
    """Restricted notes of an agenda item, seen as one restricted record."""

    audience: Any
    restricted: bool = True


def _decision_text(decision: str, reasons: str, dissent: str) -> str:
    text = decision
    if reasons:
        text += f" Reasons: {reasons}"
    if dissent:
        text += f" Dissent: {dissent}"
    return text


def _details(record: CaseRecord) -> tuple[tuple[str, str], ...]:
    """Return the case as the minute describes it (§2.2 rows 5 to 8), from the same case record."""
    rows = [
        *offender_information(record),
        ("MAPPA", mappa_line(record)),
        *relevant_dates(record),
        *hospital_detention(record),
    ]
    return tuple((k, v) for k, v in rows if v)


def _action_proposed(proposal: ProposedAction) -> PackAction:
    label = proposal.plan_area.label
    if proposal.restricted:  # the reader is told not to pass it on, as with restricted notes
        label += " (restricted)"
    due = short_date(proposal.due_date)
    return PackAction(proposal.description, proposal.owner_name, proposal.owner_agency, due, label)


def _due(action: Action) -> date:
    return action.due_date or date.max


def _action(action: Action) -> PackAction:
    return PackAction(
        action.description,
        action.owner.name if action.owner else "",
        action.owner_agency.name if action.owner_agency else "",
        short_date(action.due_date),
        action.plan_area.label,
        action.status.label,
    )
