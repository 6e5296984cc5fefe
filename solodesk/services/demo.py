"""The demo case: a fictional conference modelled on the seed's "Mr Leon".

Every name is invented. The case shows a new user a complete, held initial
conference (every agenda item filled) and a planned review.
"""

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    Agency,
    AgencyKind,
    AgendaItem,
    AgendaNote,
    Attendance,
    CaseStatus,
    Conference,
    ConferenceStatus,
    ConferenceType,
    Contact,
    Decision,
    DisclosureDecision,
    Invitation,
    InvitationResponse,
    LegalStatus,
    ManagementLevel,
    MappaCategory,
    PlanArea,
    ReasonForConvening,
    RiskAssessment,
    RiskLevel,
    Subject,
    Victim,
    VictimKind,
)
from solodesk.services import audit
from solodesk.services.demo_audiences import give_audiences
from solodesk.services.demo_record import fill_case_record

DEMO_REFERENCE = "DEMO-0001"
INITIAL_DATE = date(2026, 9, 14)

# (name, agency, agency kind, role, phone, email, is_solo)
_PEOPLE = [
    (
        "Margaret Nicolson",
        "City Council Social Work",
        AgencyKind.CRIMINAL_JUSTICE_SW,
        "Social work Sex Offender Liaison Officer (chair)",
        "0131 496 0101",
        "m.nicolson@council.example",
        True,
    ),
    (
        "Hannah Doyle",
        "City Council Social Work",
        AgencyKind.CRIMINAL_JUSTICE_SW,
        "Support assistant (minutes)",
        "0131 496 0102",
        "h.doyle@council.example",
        False,
    ),
    (
        "Siobhán O'Connor",
        "Criminal Justice Social Work — North Team",
        AgencyKind.CRIMINAL_JUSTICE_SW,
        "Supervising social worker",
        "0131 496 0120",
        "s.oconnor@council.example",
        False,
    ),
    (
        "DS Zoë Ó Briain",
        "Police Scotland — Offender Management Unit",
        AgencyKind.POLICE,
        "Police Sex Offender Liaison Officer",
        "0131 496 0200",
        "zoe.obriain@police.example",
        True,
    ),
    (
        "Łukasz Wiśniewski",
        "City Council Housing",
        AgencyKind.HOUSING,
        "Housing Sex Offender Liaison Officer",
        "0131 496 0300",
        "l.wisniewski@council.example",
        True,
    ),
    (
        "Nguyễn Thị Mai",
        "Children & Families Social Work — West",
        AgencyKind.CHILDREN_AND_FAMILIES,
        "Senior social worker",
        "0131 496 0400",
        "mai.nguyen@council.example",
        False,
    ),
    (
        "Ayşe Yılmaz",
        "HMP Northfield Prison Social Work",
        AgencyKind.PRISON,
        "Prison-based social worker",
        "0131 496 0500",
        "a.yilmaz@prison.example",
        False,
    ),
    (
        "José Muñoz-Ferreira",
        "APEX Employment Service",
        AgencyKind.EMPLOYMENT,
        "Employment adviser",
        "0131 496 0600",
        "j.munoz@apex.example",
        False,
    ),
    (
        "Kirsty D'Arcy",
        "SACRO Supported Accommodation",
        AgencyKind.ACCOMMODATION,
        "Accommodation manager",
        "0131 496 0700",
        "k.darcy@sacro.example",
        False,
    ),
]


def demo_exists(session: Session) -> bool:
    """Return True when the demo case is already in the store."""
    return session.scalar(select(Subject.id).where(Subject.visor_ref == DEMO_REFERENCE)) is not None


def load_demo(session: Session) -> bool:
    """Add the demo case once.

    Returns:
        True when it was added, False when it was already there.
    """
    if demo_exists(session):
        return False
    people = _directory(session)
    subject = _subject(people)
    session.add(subject)
    initial = _initial_conference(subject, people)
    session.add(initial)
    session.flush()
    _action_plan(subject, initial, people)
    give_audiences(initial, people)
    session.flush()
    fill_case_record(session, subject, initial, people)
    session.add(_review_conference(subject, initial, people))
    session.flush()
    audit.record(session, "demo.loaded", "subject", subject.id)
    return True


def _directory(session: Session) -> dict[str, Contact]:
    agencies: dict[str, Agency] = {a.name: a for a in session.scalars(select(Agency))}
    people: dict[str, Contact] = {}
    for name, agency_name, kind, role, phone, email, is_solo in _PEOPLE:
        agency = agencies.get(agency_name)
        if agency is None:
            agency = Agency(name=agency_name, kind=kind)
            agencies[agency_name] = agency
            session.add(agency)
        contact = Contact(name=name, agency=agency, role=role, phone=phone, email=email, is_solo=is_solo)
        session.add(contact)
        people[name.split()[-1] if not name.startswith("Nguyễn") else "Nguyễn"] = contact
    return people


def _subject(people: dict[str, Contact]) -> Subject:
    return Subject(
        forenames="Marcus Alan",
        surname="Leon",
        aliases=["Mark Leon", "Marc Lyon"],
        date_of_birth=date(1979, 4, 2),
        gender="Male",
        current_address="HMP Northfield (release due 12 December 2026)",
        proposed_address="Temporary supported accommodation, to be approved by the supervising officer",
        case_status=CaseStatus.IN_CUSTODY,
        legal_status=LegalStatus.CONVICTED,
        offence_summary=(
            "Convicted of lewd and libidinous practices towards two girls aged 9 and 11, "
            "children of a former partner; sentenced to 6 years."
        ),
        registered=True,
        notification_requirements=(
            "Must register with the police within 3 days of release and notify any change of address, "
            "foreign travel and any household with a child under 18."
        ),
        mappa_category=MappaCategory.CATEGORY_1,
        management_level=ManagementLevel.LEVEL_2,
        order_conditions=(
            "3 years' statutory supervision on licence. No unsupervised contact with children under 17. "
            "Live only at an address approved by the supervising officer. Attend offence-focused work as directed."
        ),
        warning_flags=["No contact with children under 17", "Victims live in the north of the city"],
        visor_ref=DEMO_REFERENCE,
        police_ref="PS/OMU/26/0417",
        notes="Fictional demo case for training; modelled on a published practitioner's account.",
    )


def _initial_conference(subject: Subject, people: dict[str, Contact]) -> Conference:
    conference = Conference(
        subject=subject,
        kind=ConferenceType.INITIAL,
        status=ConferenceStatus.HELD,
        meeting_date=INITIAL_DATE,
        meeting_time=time(10, 0),
        venue="Room 3.12, Waverley Court",
        chair=people["Nicolson"],
        minute_taker=people["Doyle"],
        reasons=[ReasonForConvening.HIGH_RISK_RETURNING.value, ReasonForConvening.SENTENCE_FOUR_YEARS.value],
        reasons_other="Circular 18 notification received from HMP Northfield: release due in three months.",
        confidentiality_agreed=True,
        dynamic_factors=(
            "Attempts to form relationships with mothers of young children (prison visits); "
            "minimisation of offending; isolation and lack of constructive occupation on release."
        ),
        who_is_at_risk="Female children aged 7 to 13, in particular children of partners or acquaintances.",
        risk_level=RiskLevel.HIGH,
        risk_rationale=(
            "Risk Matrix 2000 places Mr Leon at medium risk of reconviction and high risk of harm. "
            "Dynamic factors (contact sought with a mother of young children while in custody, minimisation) "
            "raise concern; the group agreed the risk of harm is high and supervision will reflect that."
        ),
        next_date=date(2026, 12, 7),
        next_time=time(10, 0),
        next_venue="Room 3.12, Waverley Court",
    )
    replies = {
        "D'Arcy": (InvitationResponse.APOLOGIES, Attendance.APOLOGIES, True),
        "Muñoz-Ferreira": (InvitationResponse.APOLOGIES, Attendance.APOLOGIES, False),
    }
    for key in (
        "Nicolson",
        "Doyle",
        "O'Connor",
        "Briain",
        "Wiśniewski",
        "Nguyễn",
        "Yılmaz",
        "Muñoz-Ferreira",
        "D'Arcy",
    ):
        response, attendance, report = replies.get(
            key, (InvitationResponse.ACCEPTED, Attendance.PRESENT, key in ("O'Connor", "Yılmaz"))
        )
        conference.invitations.append(
            Invitation(
                contact=people[key],
                invited_on=INITIAL_DATE - timedelta(days=21),
                response=response,
                attendance=attendance,
                report_submitted=report,
                arrived_late=key == "Wiśniewski",
            )
        )
    for item, text, restricted in _AGENDA_TEXT:
        conference.agenda_notes.append(AgendaNote(item=item, notes=text, restricted_notes=restricted, completed=True))
    conference.victims.append(
        Victim(
            kind=VictimKind.KNOWN,
            description="Two sisters, now aged 14 and 16 (victims of the index offence)",
            relationship_to_subject="Daughters of a former partner",
            where_they_live="Granton area, north of the city (police intelligence)",
            child_protection=False,
            contact_restrictions="No contact, direct or indirect.",
            exclusion_area="Granton and Pilton",
            safety_measures="Proposed accommodation to be outside the exclusion area; police to inform the family.",
            restricted=True,
        )
    )
    conference.victims.append(
        Victim(
            kind=VictimKind.POTENTIAL,
            description="Children of the woman who visited him in prison (girls aged 6 and 8)",
            relationship_to_subject="Prison visitor's children",
            where_they_live="South-east of the city",
            child_protection=True,
            contact_restrictions="No unsupervised contact with children under 17.",
            safety_measures="Children & families assessed the mother's ability to protect; disclosure made to her.",
            restricted=True,
        )
    )
    conference.risk_assessments.append(
        RiskAssessment(
            subject=subject,
            tool="Risk Matrix 2000",
            assessed_on=date(2026, 8, 20),
            assessor="Siobhán O'Connor",
            results={"reconviction": "Medium", "violence": "High", "combined": "High"},
            result="RM2000/S medium; RM2000/V high",
            notes="Static factors only; dynamic factors discussed at the meeting.",
        )
    )
    conference.risk_assessments.append(
        RiskAssessment(
            subject=subject,
            tool="Stable & Acute 2007",
            assessed_on=date(2026, 8, 27),
            assessor="Siobhán O'Connor",
            results={"stable": "Moderate", "acute": "Low"},
            result="Stable-2007: moderate; Acute-2007: low in custody, to be reviewed monthly after release",
        )
    )
    conference.decisions.append(
        Decision(
            item=AgendaItem.RISK_ASSESSMENT,
            decision="Risk of harm agreed as high; Mr Leon to be managed at MAPPA level 2.",
            reasons="Static assessment is high for harm and dynamic factors are present.",
            dissent="Prison social work considered medium more accurate given progress on the programme; noted.",
        )
    )
    conference.decisions.append(
        Decision(
            item=AgendaItem.ACTION_PLAN,
            decision="Mr Leon will not return to IT work with access to children's services or schools.",
            reasons="Previous employment gave unsupervised access to school networks.",
        )
    )
    conference.decisions.append(
        Decision(
            item=AgendaItem.VICTIM_ISSUES,
            decision="Police intelligence on the victims' current address is shared only with cleared members.",
            reasons="Victim safety; need to know.",
            restricted=True,
        )
    )
    conference.disclosures.append(
        DisclosureDecision(
            to_whom="Any prospective employer in the IT sector",
            what="That Mr Leon has a conviction for sexual offences against children",
            why="Roles in IT may give access to children or their data; proportionate to the identified risk.",
            authority="Police Scotland (DS Ó Briain) to give written permission before registration status is "
            "revealed; social work to decide on its own information.",
            disclose=True,
            discloses_registration=True,
        )
    )
    return conference


def _action_plan(subject: Subject, conference: Conference, people: dict[str, Contact]) -> None:
    start = INITIAL_DATE
    for description, owner_key, area, days in _ACTIONS:
        owner = people[owner_key]
        subject.actions.append(
            Action(
                raised_at_id=conference.id,
                description=description,
                owner=owner,
                owner_agency=owner.agency,
                due_date=start + timedelta(days=days),
                plan_area=area,
            )
        )


def _review_conference(subject: Subject, initial: Conference, people: dict[str, Contact]) -> Conference:
    review = Conference(
        subject=subject,
        kind=ConferenceType.REVIEW,
        status=ConferenceStatus.PLANNED,
        previous_conference_id=initial.id,
        meeting_date=initial.next_date,
        meeting_time=initial.next_time,
        venue=initial.next_venue,
        chair=people["Nicolson"],
        minute_taker=people["Doyle"],
        reasons=list(initial.reasons),
        reasons_other="Review of the risk management plan after release.",
    )
    for invitation in initial.invitations:
        review.invitations.append(Invitation(contact=invitation.contact))
    return review


_AGENDA_TEXT = [
    (
        AgendaItem.INTRODUCTIONS,
        "Members introduced themselves. The chair read the confidentiality statement, which all agreed.",
        "",
    ),
    (
        AgendaItem.APOLOGIES,
        "Apologies from Kirsty D'Arcy (SACRO), who sent a written report, and José Muñoz-Ferreira (APEX).",
        "",
    ),
    (AgendaItem.PREVIOUS_MINUTE, "Not applicable: this is the initial conference.", ""),
    (
        AgendaItem.PURPOSE,
        "The chair outlined the reasons for convening: Mr Leon is due for release on 3 years' statutory "
        "supervision. Siobhán O'Connor described her contact with him in prison, his home circumstances, his "
        "offending, his attitude to his victims and the conditions applied for to the Parole Board.",
        "",
    ),
    (
        AgendaItem.VICTIM_ISSUES,
        "The group considered where the victims live so that Mr Leon is not placed nearby, and that he is not "
        "placed overlooking a school or playground. Children & families reported on the mother who visited him "
        "in prison with her children and her ability to protect them.",
        "Police intelligence: the victims and their mother moved in 2025; current address held by the OMU.",
    ),
    (
        AgendaItem.RISK_ASSESSMENT,
        "The group discussed the dynamic factors the static tools do not cover. Police highlighted "
        "registration within 3 days of release and home visits at least every 6 months.",
        "Health: Mr Leon takes prescribed anti-libidinal medication; the prison GP will hand his care over to "
        "the community forensic psychiatrist before release.",
    ),
    (
        AgendaItem.ACTION_PLAN,
        "Housing options considered: temporary accommodation, then a local authority tenancy, subject to the "
        "supervising officer's approval. Employment: referral to APEX. Offence-focused work: referral to the "
        "Community Intervention Service.",
        "",
    ),
    (AgendaItem.NEXT_MEETING, "Review within three months of release.", ""),
]

_ACTIONS = [
    (
        "Confirm release date and licence conditions with the Parole Board and prison.",
        "Yılmaz",
        PlanArea.SUPERVISION,
        14,
    ),
    (
        "Hold weekly supervision appointments for the first 3 months after release.",
        "O'Connor",
        PlanArea.SUPERVISION,
        90,
    ),
    (
        "Ensure registration with the police within 3 days of release; home visit at least every 6 months.",
        "Briain",
        PlanArea.MONITORING_CONTROL,
        90,
    ),
    (
        "Identify temporary accommodation outside the exclusion area, not overlooking a school or playground.",
        "Wiśniewski",
        PlanArea.MONITORING_CONTROL,
        60,
    ),
    (
        "Refer Mr Leon to the Community Intervention Service for offence-focused work.",
        "O'Connor",
        PlanArea.INTERVENTIONS,
        30,
    ),
    ("Refer Mr Leon to APEX for employment counselling.", "Muñoz-Ferreira", PlanArea.INTERVENTIONS, 45),
    (
        "Review the mother's ability to protect her children and record any contact attempt.",
        "Nguyễn",
        PlanArea.VICTIM_SAFETY,
        30,
    ),
    ("Inform the victims' family of the release and the exclusion area.", "Briain", PlanArea.VICTIM_SAFETY, 80),
    (
        "If any condition is breached or contact with children is sought, convene an emergency conference "
        "within 48 hours.",
        "Nicolson",
        PlanArea.CONTINGENCY,
        89,
    ),
]
