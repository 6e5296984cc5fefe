"""Audiences of the demo's restricted items: who, besides the chair, may see each one."""

from solodesk.models import AgencyKind, AgendaItem, Conference, Contact


def give_audiences(conference: Conference, people: dict[str, Contact]) -> None:
    """Give each restricted item of the held conference its own audience (the chair always sees all).

    Police intelligence goes to the police and the supervising officer; the victims' details to
    children & families and the police (and the supervising officer for the index victims); the
    health detail to health and the supervising officer: five different copies in all.
    """
    police, families, health = AgencyKind.POLICE.value, AgencyKind.CHILDREN_AND_FAMILIES.value, AgencyKind.HEALTH.value
    supervisor = people["O'Connor"].id
    by_item = {note.item: note for note in conference.agenda_notes}
    by_item[AgendaItem.VICTIM_ISSUES].audience = {"contacts": [supervisor], "kinds": [police]}
    by_item[AgendaItem.RISK_ASSESSMENT].audience = {"contacts": [supervisor], "kinds": [health]}
    index_victims, potential_victims = conference.victims
    index_victims.audience = {"contacts": [supervisor], "kinds": [families, police]}
    potential_victims.audience = {"contacts": [], "kinds": [families, police]}
    for decision in conference.decisions:
        if decision.restricted:
            decision.audience = {"contacts": [supervisor], "kinds": [police]}
