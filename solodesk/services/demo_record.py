"""The demo case's case record for the minute: every field a chair can fill, filled.

Kept apart from :mod:`solodesk.services.demo` so that module stays readable; it
adds what the MAPPA minute structure needs (ethnicity, dates, diversity needs,
contingency, the level decision, exit criteria, ...) to the demo's subject and
its initial conference.
"""

from datetime import date, time

from sqlalchemy.orm import Session

from solodesk.models import (
    AddressOnMinute,
    Conference,
    Contact,
    ContingencyItem,
    DiversityNeed,
    LevelDecision,
    NotificationKind,
    ReleaseNotification,
    Subject,
)

_AGENCY_UPDATES = {
    "O'Connor": (
        "Mr Leon has completed the prison's group programme and engages with her, but minimises the index "
        "offence. He has asked about returning to IT work."
    ),
    "Briain": (
        "Registration within 3 days of release explained in writing; no intelligence of contact with the "
        "victims since 2025."
    ),
    "Wiśniewski": "Two temporary flats outside the exclusion area are available; neither overlooks a school.",
    "Nguyễn": "The prison visitor understands the risk and has agreed a safety plan for her children.",
    "Yılmaz": "Parole Board hearing confirmed; licence conditions as applied for.",
}
_ACTION_REASONS = [
    "So every agency plans for the same release date and conditions.",
    "Close contact in the first months, when risk of re-offending is highest.",
    "Registration is a legal requirement; home visits check he lives where he says.",
    "Keeps him away from the victims and from places where children gather.",
    "Addresses the minimisation the group identified as a dynamic risk factor.",
    "Constructive occupation reduces isolation, a dynamic risk factor.",
    "Protects the potential victims the group identified.",
    "Victim safety: the family can plan for his release.",
    "Early, defensible response if the plan is not working.",
]
_CONTINGENCY = [
    (
        "He seeks contact with children, or with the mother who visited him in prison",
        "Police to visit within 24 hours; chair convenes an emergency conference within 48 hours.",
    ),
    (
        "He misses a supervision appointment or is not at his approved address",
        "Supervising officer informs the police the same day; breach of licence considered.",
    ),
    (
        "He is seen in the exclusion area agreed under victim issues",
        "Police attend and recall to custody is considered; victims' family informed.",
    ),
]
_DIVERSITY = [
    (
        "Dyslexia: struggles with written conditions",
        "Licence conditions read through with him and given in plain English.",
    ),
    ("Practising Catholic: wishes to attend Mass", "Chaplaincy to arrange a service without children present."),
]


def fill_case_record(session: Session, subject: Subject, initial: Conference, people: dict[str, Contact]) -> None:
    """Fill every case-record field of the demo subject and its initial conference."""
    subject.ethnicity = "White Scottish"
    subject.address_area = "Edinburgh (in custody at HMP Northfield until release)"
    subject.sentence = "6 years' imprisonment, extended sentence with 3 years' supervision on licence"
    subject.sentenced_on = date(2021, 3, 15)
    subject.order_ends_on = date(2029, 12, 11)
    for need, response in _DIVERSITY:
        subject.diversity_needs.append(DiversityNeed(need=need, response=response))
    initial.actual_start = time(10, 5)
    initial.actual_end = time(11, 50)
    initial.level_decision = LevelDecision.SET
    initial.level_reason = (
        "High risk of harm with dynamic factors present needs active multi-agency management; level 3 is not "
        "needed because the agencies can manage the risk without senior-level resources."
    )
    initial.exit_criteria = (
        "Twelve months in the community without breach, with offence-focused work completed and stable "
        "accommodation: the group will then consider management at level 1."
    )
    initial.address_on_minute = AddressOnMinute.AREA
    for text in _CONTINGENCY:
        initial.contingencies.append(ContingencyItem(warning_sign=text[0], response=text[1]))
    keys = {contact.id: key for key, contact in people.items()}
    for invitation in initial.invitations:
        invitation.agency_update = _AGENCY_UPDATES.get(keys.get(invitation.contact.id, ""), "")
    for action, reason in zip(sorted(subject.actions, key=lambda a: a.id), _ACTION_REASONS, strict=False):
        action.reason = reason
    for disclosure in initial.disclosures:
        disclosure.legal_route = (
            "Common law power to disclose to prevent harm, with the police's written permission for registration "
            "status (Sexual Offences Act 2003 register held by the police)."
        )
    session.add(
        ReleaseNotification(
            subject=subject,
            kind=NotificationKind.CIRCULAR_18,
            received_on=date(2026, 9, 1),
            from_whom="HMP Northfield, prison-based social work",
            release_date=date(2026, 12, 12),
            sentence=subject.sentence,
            order_or_licence="Licence with 3 years' statutory supervision",
            supervising_officer="Siobhán O'Connor",
            conference=initial,
        )
    )
