"""Read one conference from the store into its plain read model, once.

Every view of a conference starts here: chair mode, the draft preview, issued
minutes, letters and the executive summary. What leaves this module holds no ORM
object, so nothing downstream can read the records a second way.
"""

from contextlib import suppress
from datetime import date
from typing import Any

from sqlalchemy import literal, select, text
from sqlalchemy.orm import Session

from solodesk.models import Action, AgendaItem, AgendaNote, Conference, Contact, ReasonForConvening
from solodesk.services.audience import Audience
from solodesk.services.case_record import case_record
from solodesk.services.closing_checks import tool_misfits
from solodesk.services.conference_rows import (
    ActionRow,
    AssessmentRow,
    ConferenceSnapshot,
    DecisionRow,
    DisclosureRow,
    InviteeRow,
    NoteRow,
    Person,
    VictimRow,
)
from solodesk.services.convening import conference_label
from solodesk.services.settings import DEFAULT_CONFIDENTIALITY, DEFAULT_MARKING, load_settings
from solodesk.services.validation import actions_raised_at, previous_actions


def _person(contact: Contact | None) -> Person:
    if contact is None:
        return Person()
    return Person(contact.id, contact.name, contact.agency_name, contact.phone, contact.email)


def _action_row(action: Action, conference_id: int) -> ActionRow:
    agency = action.owner_agency.name if action.owner_agency else (action.owner.agency_name if action.owner else "")
    return ActionRow(
        id=action.id,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=action.owner.name if action.owner else "",
        agency_name=agency,
        due_date=action.due_date,
        plan_area=action.plan_area,
        status=action.status,
        outcome=action.outcome,
        reviewed_here=action.reviewed_at_id == conference_id,
        raised_at=conference_label(action.raised_at) if action.raised_at else "",
        restricted=action.restricted,
        reason=action.reason,
        audience=Audience.from_json(action.audience),
    )


def _assessment_rows(conference: Conference, mine: bool) -> list[AssessmentRow]:
    rows = [
        r
        for r in conference.subject.risk_assessments
        if (r.conference_id == conference.id) == mine
        and (mine or r.conference_id is None or r.conference_id < conference.id)
    ]
    return [
        AssessmentRow(
            r.id,
            r.tool,
            r.assessed_on,
            r.assessor,
            {str(k): str(v) for k, v in r.results.items()},
            r.result,
            r.notes,
            r.restricted,
            tuple(tool_misfits(r, conference)),
            Audience.from_json(r.audience),
        )
        for r in rows
    ]


def _contact_names(session: Session, snap_audiences: list[Audience], known: dict[int, str]) -> dict[int, str]:
    wanted = {c for a in snap_audiences for c in (*a.contacts, *a.withheld)} - known.keys()
    names = dict(known)
    if wanted:
        names.update(session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(wanted))).all())
    return names


def _reads_restricted_notes(session: Session) -> bool:
    """Return whether this login may read restricted notes: asked once per pooled connection, not per read.

    Every refresh of chair mode reads the conference again; the answer lasts as long as the
    sign-in (the connection is the login's, and locking closes it).
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    cache = session.connection().info
    if "reads_restricted_notes" not in cache:
        query = text("SELECT has_column_privilege('agenda_note', 'restricted_notes', 'SELECT')")
        cache["reads_restricted_notes"] = bool(session.scalar(query))
    return bool(cache["reads_restricted_notes"])


def _agenda_notes(session: Session, conference_id: int) -> dict[AgendaItem, NoteRow]:
    """Return a conference's notes by item; restricted notes empty where this login may not read them.

    On a team store a worker or a manager reads an agenda item's notes but not its restricted
    ones (a column they hold no grant on: selecting it would fail the whole read), so chair
    mode opens for them with those withheld.
    """
    restricted: Any = AgendaNote.restricted_notes if _reads_restricted_notes(session) else literal("")
    rows = session.execute(
        select(AgendaNote.item, AgendaNote.notes, restricted, AgendaNote.completed, AgendaNote.id, AgendaNote.audience)
        .where(AgendaNote.conference_id == conference_id)
        .order_by(AgendaNote.id)
    )
    return {
        item: NoteRow(item, notes, hidden, completed, note_id, Audience.from_json(audience))
        for item, notes, hidden, completed, note_id, audience in rows
    }


def read_conference(session: Session, conference: Conference) -> ConferenceSnapshot:
    """Return the read model of a conference (read inside the caller's session)."""
    settings = load_settings(session)
    with suppress(ValueError):  # a damaged setting must not stop the record opening; defaults apply below
        settings = settings.validated()
    subject = conference.subject
    when = conference.meeting_date or date.today()
    known_reasons = {r.value for r in ReasonForConvening}
    invitees = [
        InviteeRow(
            id=i.id,
            contact_id=i.contact_id,
            name=i.contact.name,
            agency=i.contact.agency_name,
            role=i.contact.role,
            phone=i.contact.phone,
            email=i.contact.email,
            invited_on=i.invited_on,
            method=i.method,
            response=i.response,
            attendance=i.attendance,
            arrived_late=i.arrived_late,
            left_early=i.left_early,
            report_submitted=i.report_submitted,
            restricted_clearance=i.restricted_clearance,
            agency_update=i.agency_update,
            receives_minute=i.receives_minute,
            agency_kind=i.contact.agency.kind if i.contact.agency else None,
        )
        for i in conference.invitations
    ]
    notes = _agenda_notes(session, conference.id)
    victims = [
        VictimRow(
            v.id,
            v.kind,
            v.description,
            v.relationship_to_subject,
            v.where_they_live,
            v.child_protection,
            v.contact_restrictions,
            v.exclusion_area,
            v.safety_measures,
            v.restricted,
            Audience.from_json(v.audience),
        )
        for v in conference.victims
    ]
    assessments = _assessment_rows(conference, mine=True)
    actions = [_action_row(a, conference.id) for a in actions_raised_at(conference)]
    earlier = [_action_row(a, conference.id) for a in previous_actions(conference)]
    decisions = [
        DecisionRow(d.id, d.item, d.decision, d.reasons, d.dissent, d.restricted, Audience.from_json(d.audience))
        for d in conference.decisions
    ]
    disclosures = [
        DisclosureRow(
            d.id,
            d.to_whom,
            d.what,
            d.why,
            d.authority,
            d.disclose,
            d.discloses_registration,
            d.restricted,
            d.legal_route,
            Audience.from_json(d.audience),
        )
        for d in conference.disclosures
    ]
    chair = _person(conference.chair)
    known = {i.contact_id: i.name for i in invitees}
    if chair.id is not None:
        known[chair.id] = chair.name
    audiences = [r.audience for rows in (notes.values(), victims, assessments, actions, earlier) for r in rows]
    audiences += [r.audience for rows in (decisions, disclosures) for r in rows]
    return ConferenceSnapshot(
        id=conference.id,
        subject_id=subject.id,
        subject_name=subject.full_name,
        subject_dob=subject.date_of_birth,
        young_person=subject.is_young_person(when),
        visor_ref=subject.visor_ref,
        kind=conference.kind,
        status=conference.status,
        meeting_date=conference.meeting_date,
        meeting_time=conference.meeting_time,
        venue=conference.venue,
        chair_name=chair.name,
        minute_taker_name=conference.minute_taker.name if conference.minute_taker else "",
        organisation=settings.organisation_name.strip(),
        marking=settings.protective_marking.strip() or DEFAULT_MARKING,
        confidentiality_statement=settings.confidentiality_statement.strip() or DEFAULT_CONFIDENTIALITY,
        confidentiality_agreed=conference.confidentiality_agreed,
        reasons=[ReasonForConvening(r) for r in conference.reasons if r in known_reasons],
        reasons_other=conference.reasons_other,
        previous_conference_id=conference.previous_conference_id,
        previous_label=conference_label(conference.previous) if conference.previous else "",
        previous_minute_accurate=conference.previous_minute_accurate,
        previous_minute_amendments=conference.previous_minute_amendments,
        dynamic_factors=conference.dynamic_factors,
        who_is_at_risk=conference.who_is_at_risk,
        risk_level=conference.risk_level,
        risk_rationale=conference.risk_rationale,
        next_date=conference.next_date,
        next_time=conference.next_time,
        next_venue=conference.next_venue,
        not_reconvening_reason=conference.not_reconvening_reason,
        record=case_record(conference, settings),
        invitees=invitees,
        notes=notes,
        victims=victims,
        assessments=assessments,
        earlier_assessments=_assessment_rows(conference, mine=False),
        actions=actions,
        previous_actions=earlier,
        decisions=decisions,
        disclosures=disclosures,
        chair=chair,
        minute_taker=_person(conference.minute_taker),
        reasons_unknown=[r for r in conference.reasons if r not in known_reasons],
        contact_names=_contact_names(session, audiences, known),
    )
