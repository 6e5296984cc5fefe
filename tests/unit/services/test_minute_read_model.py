"""One read model of a conference feeds chair mode and the minute: the minute needs nothing else."""

import re
from dataclasses import replace

from solodesk.models import Action, Conference
from solodesk.reports.minute_data import IssueInfo, Recipient
from solodesk.reports.minute_pdf import PREVIEW_NAME, MinuteRenderer
from solodesk.services.chair_view import load_snapshot
from solodesk.services.minute_content import build_content, read_minute
from tests.helpers.minutes import demo_conference, page_texts


def test_the_minute_is_the_chair_snapshot_and_needs_no_store(store) -> None:
    """The chair's snapshot builds the same minute as the store; with the store closed it still renders."""
    conference_id = demo_conference(store)
    snap = load_snapshot(store, conference_id)
    with store.session() as session:
        assert build_content(snap) == read_minute(session, session.get(Conference, conference_id))
    store.close()  # nothing below may reach back into the records
    content = build_content(replace(snap, venue="Room <b>9</b>, Waverley Court"))
    assert content.venue == "Room <b>9</b>, Waverley Court"
    pdf = MinuteRenderer(content, IssueInfo(0, "today", draft=True)).copy_for(Recipient(0, PREVIEW_NAME, cleared=True))
    text = re.sub(r"\s+", " ", " ".join(page_texts(pdf)))
    assert "Room <b>9</b>, Waverley Court" in text
    assert "Marcus Alan LEON" in text


def test_an_action_names_the_same_agency_in_chair_mode_and_on_the_minute(store) -> None:
    """An owner with no agency chosen for the action: both show the owner's own agency (they used to differ)."""
    conference_id = demo_conference(store)
    with store.session() as session:
        action = session.query(Action).filter(Action.raised_at_id == conference_id).order_by(Action.id).first()
        assert action is not None and action.owner is not None
        own_agency = action.owner.agency_name
        action.owner_agency_id = None
    snap = load_snapshot(store, conference_id)
    content = build_content(snap)
    assert snap.actions[0].agency_name == own_agency != ""
    assert content.actions[0].agency == own_agency
