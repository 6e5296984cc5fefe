"""A worker's restricted proposal, carried by a pack and adopted into the plan, reaches only its audience's copies."""

from datetime import date

from sqlalchemy import select

from solodesk.models import Action, AgencyKind, ProposedAction
from solodesk.services import clearance, minute_issue, preparation
from solodesk.services.audience import Audience
from solodesk.services.packs import apply_import, export_pack, read_pack
from solodesk.services.proposals import adopt_proposed_action
from tests.helpers.minutes import demo_conference, page_texts, raw_pdf_strings
from tests.helpers.packs import PACK_PASSPHRASE

ACTION = "Police to check the associate Dariusz Kowal at the hostel"
CHAIR, POLICE, FAMILIES, HOUSING = "Margaret Nicolson", "DS Zoë Ó Briain", "Nguyễn Thị Mai", "Łukasz Wiśniewski"


def test_an_adopted_restricted_proposal_is_in_exactly_its_audiences_minute_copies(worker, chair, tmp_path) -> None:
    """Worker restricts it to police; the chair imports and adopts it; chair and police copies show it, marked."""
    store, subject_id = worker
    proposal = preparation.add_proposed_action(
        store,
        subject_id,
        ACTION,
        owner_name=POLICE,
        owner_agency="Police Scotland",
        due_date=date(2027, 1, 15),
        restricted=True,
    )
    clearance.set_audience(store, f"proposed_action:{proposal}", Audience(kinds=frozenset({AgencyKind.POLICE})))
    conference_id = demo_conference(chair)  # the chair holds the same case (matched by its ViSOR reference)
    export_pack(store, subject_id, tmp_path / "leon.solopack", PACK_PASSPHRASE)
    apply_import(chair, read_pack(tmp_path / "leon.solopack", PACK_PASSPHRASE))
    with chair.session() as session:
        arrived = session.scalars(select(ProposedAction.id).where(ProposedAction.description == ACTION)).one()
    action_id = adopt_proposed_action(chair, conference_id, arrived)
    with chair.session() as session:
        action = session.get(Action, action_id)
        assert action.restricted and action.owner is not None and action.owner.name == POLICE
    assert clearance.audience_of(chair, f"action:{action_id}") == Audience(kinds=frozenset({AgencyKind.POLICE}))

    minute_issue.issue_minute(chair, conference_id)
    copies = {c.recipient: c.path.read_bytes() for c in minute_issue.circulate(chair, conference_id, tmp_path)}
    texts = {name: " ".join(" ".join(page_texts(pdf)).split()) for name, pdf in copies.items()}
    for name in (CHAIR, POLICE):
        # The plan's table wraps the cell: the action's words and its mark arrive on lines of their own.
        assert "Police to check the associate" in texts[name] and "Dariusz Kowal at the hostel" in texts[name], name
        assert "10 Restricted — police and chair" in texts[name], name
    for name in (FAMILIES, HOUSING):
        assert "Dariusz Kowal" not in texts[name] and "Dariusz Kowal" not in raw_pdf_strings(copies[name]), name
