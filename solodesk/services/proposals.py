"""The meeting adopts a worker's proposed action into its plan, restriction and audience included.

A proposal that was restricted becomes a restricted action for the same audience (never a
wider one): the minute then shows it only to the people who may see it. The owner is found
among the conference's invitees by exact name, as packs find people: nobody when in doubt.
"""

from sqlalchemy import select

from solodesk.models import Action, Conference, Contact, ProposedAction
from solodesk.services import audit
from solodesk.services.audience import Audience
from solodesk.store import CaseStore


def adopt_proposed_action(store: CaseStore, conference_id: int, proposal_id: int) -> int:
    """Add a proposed action to the conference's plan; return the new action's id.

    Raises:
        LookupError: no such conference or proposal, or the proposal is for another case.
    """
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        proposal = session.get(ProposedAction, proposal_id)
        if conference is None or proposal is None or proposal.subject_id != conference.subject_id:
            raise LookupError("That proposed action is not one of this case's.")
        invited = {i.contact_id for i in conference.invitations}
        named = session.scalars(select(Contact).where(Contact.name == proposal.owner_name)).all()
        owners = [c for c in named if c.id in invited]
        owner = owners[0] if len(owners) == 1 and proposal.owner_name else None
        action = Action(
            subject_id=conference.subject_id,
            raised_at_id=conference.id,
            description=proposal.description,
            owner_id=owner.id if owner else None,
            owner_agency_id=owner.agency_id if owner else None,
            due_date=proposal.due_date,
            plan_area=proposal.plan_area,
            restricted=proposal.restricted,
            audience=Audience.from_json(proposal.audience).to_json() if proposal.restricted else {},
        )
        session.add(action)
        session.flush()
        audit.record(session, "proposed_action.adopted", "action", action.id, detail=f"proposal {proposal.id}")
        return action.id
