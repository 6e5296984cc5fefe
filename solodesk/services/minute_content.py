"""Build the plain minute data from a conference's read model (the snapshot an issue freezes).

:func:`build_content` sees nothing but the :class:`ConferenceSnapshot` chair mode shows, so the
draft preview, issued copies, letters and the executive summary print what the chair saw.
"""

from datetime import date, time

from sqlalchemy.orm import Session

from solodesk.models import AgendaItem, Attendance, Conference
from solodesk.reports.minute_data import (
    ActionRow,
    AgendaSection,
    AssessmentRow,
    DecisionRow,
    DisclosureRow,
    MinuteContent,
    Person,
    Recipient,
    VictimRow,
)
from solodesk.services.case_record import CaseRecord
from solodesk.services.conference_read import read_conference
from solodesk.services.conference_rows import ActionRow as SnapAction
from solodesk.services.conference_rows import ConferenceSnapshot
from solodesk.services.conference_rows import Person as ChairPerson
from solodesk.services.minute_audiences import with_audiences
from solodesk.services.minute_record import mappa_line, record_parts
from solodesk.services.risk_tools import scale_results, tool_display_name


def long_date(value: date | None) -> str:
    """Return a date as people write it (14 September 2026), or an empty string."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: time | None) -> str:
    """Return a time as 10:00, or an empty string."""
    return f"{value:%H:%M}" if value else ""


def _with_agency(person: ChairPerson) -> str:
    if not person.name:
        return "Not recorded"
    return f"{person.name}, {person.agency}" if person.agency else person.name


def _reasons(snap: ConferenceSnapshot) -> list[str]:
    reasons = [r.label for r in snap.reasons] + list(snap.reasons_unknown)
    if snap.reasons_other.strip():
        reasons.append(snap.reasons_other.strip())
    return reasons


def _action_rows(rows: list[SnapAction]) -> list[ActionRow]:
    return [
        ActionRow(
            number=number,
            description=a.description,
            owner=a.owner_name,
            agency=a.agency_name,
            due=a.due_date.strftime("%d/%m/%Y") if a.due_date else "",
            plan_area=a.plan_area.label,
            status=a.status.label,
            outcome=a.outcome,
            reason=a.reason,
        )
        for number, a in enumerate(rows, start=1)
    ]


def _subject_details(record: CaseRecord) -> list[tuple[str, str]]:
    rows = [("Subject", f"{record.forenames} {record.surname.upper()}".strip())]
    if record.aliases:
        rows.append(("Also known as", ", ".join(record.aliases)))
    born = record.date_of_birth.strftime("%d/%m/%Y") if record.date_of_birth else ""
    rows.append(("Date of birth", born + (" · UNDER 18" if record.under_18 else "")))
    refs = [
        f"ViSOR {record.visor_ref}" if record.visor_ref else "",
        f"Police {record.police_ref}" if record.police_ref else "",
        record.other_refs,
    ]
    rows.append(("References", "; ".join(r for r in refs if r)))
    rows.append(("MAPPA", mappa_line(record)))
    rows.append(("Legal status", record.legal_status.label))
    return rows


def _previous_minute(snap: ConferenceSnapshot) -> str:
    if snap.previous_conference_id is None:
        return ""
    if snap.previous_minute_accurate is None:
        return "The accuracy of the last minute was not recorded."
    if snap.previous_minute_accurate:
        return "The minute of the last meeting was agreed as accurate."
    return "The minute of the last meeting was agreed with amendments: " + (
        snap.previous_minute_amendments.strip() or "not recorded."
    )


def _next_meeting(snap: ConferenceSnapshot) -> str:
    if snap.next_date:
        parts = [long_date(snap.next_date), short_time(snap.next_time), snap.next_venue]
        return "The group will next meet on " + ", ".join(p for p in parts if p) + "."
    if snap.not_reconvening_reason.strip():
        return "The group decided not to reconvene: " + snap.not_reconvening_reason.strip()
    return ""


def _core_group(snap: ConferenceSnapshot) -> list[Person]:
    return [
        Person(
            name=i.name,
            agency=i.agency,
            role=i.role,
            phone=i.phone,
            email=i.email,
            attendance=i.attendance.label if i.attendance != Attendance.UNKNOWN else "Not recorded",
            report_submitted=i.report_submitted,
            arrived_late=i.arrived_late,
            left_early=i.left_early,
        )
        for i in snap.invitees
    ]


def _distribution(snap: ConferenceSnapshot) -> list[Recipient]:
    receiving = [i for i in snap.invitees if i.receives_minute]
    return [
        Recipient(
            number=n,
            name=i.name,
            agency=i.agency,
            contact_id=i.contact_id,
            cleared=i.restricted_clearance,
            email=i.email,
        )
        for n, i in enumerate(receiving, start=1)
    ]


def build_content(snap: ConferenceSnapshot) -> MinuteContent:
    """Return everything the minute of a conference shows, as plain data, from its read model alone."""
    chair = snap.chair
    sections = []
    for item in AgendaItem:
        note = snap.note(item)
        sections.append(AgendaSection(item.number, item.label, note.notes, note.restricted_notes))
    record = snap.record
    organisation = snap.organisation or "Social Work Services"
    parts = record_parts(record, organisation)
    content = MinuteContent(
        organisation=organisation,
        marking=snap.marking,
        confidentiality_statement=snap.confidentiality_statement,
        subject_name=f"{record.forenames} {record.surname}".strip(),
        subject_surname=record.surname,
        meeting_type=snap.kind.label,
        meeting_date=long_date(snap.meeting_date) or "Date not set",
        meeting_date_iso=snap.meeting_date.isoformat() if snap.meeting_date else "",
        meeting_time=short_time(snap.meeting_time),
        venue=snap.venue,
        chair=_with_agency(chair),
        chair_contact=", ".join(x for x in (chair.phone, chair.email) if x),
        minute_taker=_with_agency(snap.minute_taker),
        subject_details=_subject_details(record),
        reasons=_reasons(snap),
        core_group=_core_group(snap),
        distribution=_distribution(snap),
        sections=sections,
        previous_minute=_previous_minute(snap),
        previous_actions=_action_rows(snap.previous_actions),
        victims=[
            VictimRow(
                kind=v.kind.label,
                description=v.description,
                relationship=v.relationship,
                where_they_live=v.where_they_live,
                child_protection=v.child_protection,
                contact_restrictions=v.contact_restrictions,
                exclusion_area=v.exclusion_area,
                safety_measures=v.safety_measures,
                restricted=v.restricted,
            )
            for v in snap.victims
        ],
        assessments=[
            AssessmentRow(
                tool=tool_display_name(a.tool),
                assessed_on=a.assessed_on.strftime("%d/%m/%Y") if a.assessed_on else "",
                assessor=a.assessor,
                scales=[(r.label, r.value) for r in scale_results(a.tool, a.results)],
                result=a.result,
                notes=a.notes,
                restricted=a.restricted,
            )
            for a in snap.assessments
        ],
        dynamic_factors=snap.dynamic_factors,
        who_is_at_risk=snap.who_is_at_risk,
        risk_level=snap.risk_level.label if snap.risk_level else "",
        risk_rationale=snap.risk_rationale,
        actions=_action_rows(snap.actions),
        decisions=[DecisionRow(d.item.label, d.decision, d.reasons, d.dissent, d.restricted) for d in snap.decisions],
        disclosures=[
            DisclosureRow(
                d.to_whom,
                d.what,
                d.why,
                d.authority,
                d.disclose,
                d.discloses_registration,
                d.restricted,
                legal_route=d.legal_route,
            )
            for d in snap.disclosures
        ],
        next_meeting=_next_meeting(snap),
        meeting_ordinal=parts.meeting_ordinal,
        actual_times=parts.actual_times,
        confidentiality_agreed=snap.confidentiality_agreed,
        offender_information=parts.offender_information,
        relevant_dates=parts.relevant_dates,
        hospital_detention=parts.hospital_detention,
        agency_updates=[
            (f"{i.name} ({i.agency})" if i.agency else i.name, i.agency_update)
            for i in snap.invitees
            if i.agency_update.strip()
        ],
        diversity_needs=parts.diversity_needs,
        mappa_managed=record.mappa_managed,
        level_decision=parts.level_decision,
        level_reason=parts.level_reason,
        contingencies=parts.contingencies,
        exit_criteria=record.exit_criteria,
        handling_caveat=record.handling_caveat,
        foi_position=record.foi_position,
    )
    return with_audiences(content, snap)


def read_minute(session: Session, conference: Conference) -> MinuteContent:
    """Return the minute of a stored conference: its read model, read once, then :func:`build_content`."""
    return build_content(read_conference(session, conference))
