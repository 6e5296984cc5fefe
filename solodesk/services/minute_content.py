"""Build the plain minute data from a stored conference (the snapshot an issue freezes)."""

from datetime import date, time

from solodesk.models import AgendaItem, Attendance, Conference, Contact, ReasonForConvening
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
from solodesk.services.case_record import CaseRecord, case_record
from solodesk.services.minute_audiences import with_audiences
from solodesk.services.minute_record import mappa_line, record_parts
from solodesk.services.risk_tools import scale_results, tool_display_name
from solodesk.services.settings import OrganisationSettings
from solodesk.services.validation import actions_raised_at, previous_actions


def long_date(value: date | None) -> str:
    """Return a date as people write it (14 September 2026), or an empty string."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: time | None) -> str:
    """Return a time as 10:00, or an empty string."""
    return f"{value:%H:%M}" if value else ""


def _with_agency(contact: Contact | None) -> str:
    if contact is None:
        return "Not recorded"
    return f"{contact.name}, {contact.agency_name}" if contact.agency_name else contact.name


def _who(contact: Contact) -> str:
    return f"{contact.name} ({contact.agency_name})" if contact.agency_name else contact.name


def _reasons(conference: Conference) -> list[str]:
    reasons = []
    for value in conference.reasons:
        try:
            reasons.append(ReasonForConvening(value).label)
        except ValueError:
            reasons.append(value)
    if conference.reasons_other.strip():
        reasons.append(conference.reasons_other.strip())
    return reasons


def _action_rows(conference: Conference, review: bool) -> list[ActionRow]:
    actions = previous_actions(conference) if review else actions_raised_at(conference)
    return [
        ActionRow(
            number=number,
            description=a.description,
            owner=a.owner.name if a.owner else "",
            agency=a.owner_agency.name if a.owner_agency else (a.owner.agency_name if a.owner else ""),
            due=a.due_date.strftime("%d/%m/%Y") if a.due_date else "",
            plan_area=a.plan_area.label,
            status=a.status.label,
            outcome=a.outcome,
            reason=a.reason,
        )
        for number, a in enumerate(actions, start=1)
    ]


def _subject_details(conference: Conference, record: CaseRecord) -> list[tuple[str, str]]:
    subject = conference.subject
    rows = [("Subject", f"{subject.forenames} {subject.surname.upper()}".strip())]
    if subject.aliases:
        rows.append(("Also known as", ", ".join(subject.aliases)))
    born = subject.date_of_birth.strftime("%d/%m/%Y") if subject.date_of_birth else ""
    rows.append(("Date of birth", born + (" · UNDER 18" if record.under_18 else "")))
    refs = [
        f"ViSOR {subject.visor_ref}" if subject.visor_ref else "",
        f"Police {subject.police_ref}" if subject.police_ref else "",
        subject.other_refs,
    ]
    rows.append(("References", "; ".join(r for r in refs if r)))
    rows.append(("MAPPA", mappa_line(record)))
    rows.append(("Legal status", subject.legal_status.label))
    return rows


def _previous_minute(conference: Conference) -> str:
    if conference.previous_conference_id is None:
        return ""
    if conference.previous_minute_accurate is None:
        return "The accuracy of the last minute was not recorded."
    if conference.previous_minute_accurate:
        return "The minute of the last meeting was agreed as accurate."
    return "The minute of the last meeting was agreed with amendments: " + (
        conference.previous_minute_amendments.strip() or "not recorded."
    )


def _next_meeting(conference: Conference) -> str:
    if conference.next_date:
        parts = [long_date(conference.next_date), short_time(conference.next_time), conference.next_venue]
        return "The group will next meet on " + ", ".join(p for p in parts if p) + "."
    if conference.not_reconvening_reason.strip():
        return "The group decided not to reconvene: " + conference.not_reconvening_reason.strip()
    return ""


def build_content(conference: Conference, settings: OrganisationSettings) -> MinuteContent:
    """Return everything the minute of a conference shows, as plain data."""
    settings = settings.validated()
    chair = conference.chair
    invitations = list(conference.invitations)
    core_group = [
        Person(
            name=i.contact.name,
            agency=i.contact.agency_name,
            role=i.contact.role,
            phone=i.contact.phone,
            email=i.contact.email,
            attendance=i.attendance.label if i.attendance != Attendance.UNKNOWN else "Not recorded",
            report_submitted=i.report_submitted,
            arrived_late=i.arrived_late,
            left_early=i.left_early,
        )
        for i in invitations
    ]
    receiving = [i for i in invitations if i.receives_minute]
    distribution = [
        Recipient(
            number=n,
            name=i.contact.name,
            agency=i.contact.agency_name,
            contact_id=i.contact_id,
            cleared=i.restricted_clearance,
            email=i.contact.email,
        )
        for n, i in enumerate(receiving, start=1)
    ]
    sections = []
    for item in AgendaItem:
        note = conference.note_for(item)
        sections.append(
            AgendaSection(item.number, item.label, note.notes if note else "", note.restricted_notes if note else "")
        )
    subject = conference.subject
    organisation = settings.organisation_name or "Social Work Services"
    record = case_record(conference, settings)
    parts = record_parts(record, organisation)
    content = MinuteContent(
        organisation=organisation,
        marking=settings.protective_marking,
        confidentiality_statement=settings.confidentiality_statement,
        subject_name=f"{subject.forenames} {subject.surname}".strip(),
        subject_surname=subject.surname,
        meeting_type=conference.kind.label,
        meeting_date=long_date(conference.meeting_date) or "Date not set",
        meeting_date_iso=conference.meeting_date.isoformat() if conference.meeting_date else "",
        meeting_time=short_time(conference.meeting_time),
        venue=conference.venue,
        chair=_with_agency(chair),
        chair_contact=", ".join(x for x in ((chair.phone, chair.email) if chair else ()) if x),
        minute_taker=_with_agency(conference.minute_taker),
        subject_details=_subject_details(conference, record),
        reasons=_reasons(conference),
        core_group=core_group,
        distribution=distribution,
        sections=sections,
        previous_minute=_previous_minute(conference),
        previous_actions=_action_rows(conference, review=True),
        victims=[
            VictimRow(
                kind=v.kind.label,
                description=v.description,
                relationship=v.relationship_to_subject,
                where_they_live=v.where_they_live,
                child_protection=v.child_protection,
                contact_restrictions=v.contact_restrictions,
                exclusion_area=v.exclusion_area,
                safety_measures=v.safety_measures,
                restricted=v.restricted,
            )
            for v in conference.victims
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
            for a in conference.risk_assessments
        ],
        dynamic_factors=conference.dynamic_factors,
        who_is_at_risk=conference.who_is_at_risk,
        risk_level=conference.risk_level.label if conference.risk_level else "",
        risk_rationale=conference.risk_rationale,
        actions=_action_rows(conference, review=False),
        decisions=[
            DecisionRow(d.item.label, d.decision, d.reasons, d.dissent, d.restricted) for d in conference.decisions
        ],
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
            for d in conference.disclosures
        ],
        next_meeting=_next_meeting(conference),
        meeting_ordinal=parts.meeting_ordinal,
        actual_times=parts.actual_times,
        confidentiality_agreed=conference.confidentiality_agreed,
        offender_information=parts.offender_information,
        relevant_dates=parts.relevant_dates,
        agency_updates=[
            (
                f"{i.contact.name} ({i.contact.agency_name})" if i.contact.agency_name else i.contact.name,
                i.agency_update,
            )
            for i in invitations
            if i.agency_update.strip()
        ],
        diversity_needs=parts.diversity_needs,
        mappa_managed=record.mappa_managed,
        level_decision=parts.level_decision,
        level_reason=parts.level_reason,
        contingencies=parts.contingencies,
        exit_criteria=conference.exit_criteria,
        handling_caveat=record.handling_caveat,
        foi_position=record.foi_position,
    )
    return with_audiences(content, conference)
