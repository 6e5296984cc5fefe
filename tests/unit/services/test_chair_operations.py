"""Typed chair operations: every edit audited by ids only, removals undoable, guards on closing and issuing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from solodesk.models import AuditEvent, Conference, ConferenceStatus, ReasonForConvening, Victim
from solodesk.services import chair_edit, chair_ops, minute_issue
from solodesk.services.chair_ops import (
    ConferenceText,
    DecisionText,
    DisclosureFlag,
    SetFlag,
    SetNextDate,
    SetReasons,
    SetText,
    VictimFlag,
    VictimText,
)
from solodesk.services.chair_removal import RowKind, remove_row, restore_row
from solodesk.services.chair_view import ChairError, load_snapshot
from tests.helpers.chair_scenario import convene_leon
from tests.helpers.minutes import demo_conference

pytestmark = pytest.mark.both_stores

SECRET = "Zoë's niece, 12 Granton Road"  # Case text that must never reach the audit trail.


@pytest.fixture
def conference_id(store) -> int:
    return convene_leon(store, date(2010, 1, 1), "Room 3", "Circular 18 received.")


def _chair_events(store, after_id: int = 0) -> list[tuple[str, str, int | None, str]]:
    with store.session() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action.startswith("chair."), AuditEvent.id > after_id)
        ).all()
        return [(e.action, e.entity, e.entity_id, e.detail) for e in rows]


def _last_event_id(store) -> int:
    with store.session() as session:
        return session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def test_every_operation_is_audited_with_ids_and_field_names_only(store, conference_id) -> None:
    """Each operation adds one event against its conference naming the record and field, never the text."""
    victim_id = chair_edit.add_victim(store, conference_id)
    decision_id = chair_edit.add_decision(store, conference_id, "Refer to MAPPA level 2")
    start = _last_event_id(store)
    operations = [
        SetText(VictimText.DESCRIPTION, victim_id, SECRET),
        SetText(VictimText.WHERE_THEY_LIVE, victim_id, SECRET),
        SetText(ConferenceText.RISK_RATIONALE, conference_id, SECRET),
        SetText(DecisionText.REASONS, decision_id, SECRET),
        SetFlag(VictimFlag.CHILD_PROTECTION, victim_id, True),
        SetNextDate(conference_id, date(2026, 12, 7)),
    ]
    for operation in operations:
        chair_ops.apply(store, operation)
    chair_edit.save_note(store, conference_id, chair_edit.AgendaItem.VICTIM_ISSUES, restricted_notes=SECRET)
    events = _chair_events(store, start)
    assert len(events) == len(operations) + 1
    assert {(entity, entity_id) for _action, entity, entity_id, _detail in events} == {("conference", conference_id)}
    assert events[0] == ("chair.victim.edited", "conference", conference_id, f"victim={victim_id} fields=description")
    assert events[3][3] == f"decision={decision_id} fields=reasons"
    for action, _entity, _id, detail in events:
        for fragment in ("Zoë", "niece", "Granton", "MAPPA"):
            assert fragment not in action and fragment not in detail
    victim = load_snapshot(store, conference_id).victims[0]
    assert (victim.description, victim.where_they_live, victim.child_protection) == (SECRET, SECRET, True)


def test_a_field_outside_the_allow_list_cannot_be_named(conference_id) -> None:
    """An operation naming a column as a plain string, or a flag for the wrong kind, is refused when made."""
    with pytest.raises(TypeError, match="not an editable field"):
        SetText("status", conference_id, "issued")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not an editable field"):
        SetFlag("restricted", conference_id, False)  # type: ignore[arg-type]


def test_operations_apply_together_or_not_at_all(store, conference_id) -> None:
    """When one record named has gone, the whole batch is refused with a sentence and nothing changes."""
    with pytest.raises(ChairError, match="victim is no longer in the store"):
        chair_ops.apply(
            store,
            SetText(ConferenceText.RISK_RATIONALE, conference_id, "Stable accommodation."),
            SetText(VictimText.DESCRIPTION, 9999, "Nobody"),
        )
    assert load_snapshot(store, conference_id).risk_rationale == ""
    assert _chair_events(store) == []


def test_reasons_are_stored_in_agenda_order_whatever_order_they_were_ticked(store, conference_id) -> None:
    """The reasons chosen come back in the enum's order."""
    chosen = list(ReasonForConvening)[:3]
    chair_ops.apply(store, SetReasons(conference_id, frozenset(reversed(chosen))))
    assert load_snapshot(store, conference_id).reasons == chosen


def test_removed_victim_comes_back_with_its_id_and_every_field(store, conference_id) -> None:
    """Removal hands back a snapshot; restoring it puts the same row back under the same id, audited by ids."""
    first = chair_edit.add_victim(store, conference_id)
    second = chair_edit.add_victim(store, conference_id)
    chair_ops.apply(
        store,
        SetText(VictimText.DESCRIPTION, first, SECRET),
        SetText(VictimText.SAFETY_MEASURES, first, "No unsupervised contact."),
        SetFlag(VictimFlag.CHILD_PROTECTION, first, True),
    )
    before = load_snapshot(store, conference_id).victims
    start = _last_event_id(store)
    removed = remove_row(store, RowKind.VICTIM, first)
    assert [v.id for v in load_snapshot(store, conference_id).victims] == [second]
    assert restore_row(store, removed) == first
    assert load_snapshot(store, conference_id).victims == before
    assert _chair_events(store, start) == [
        ("chair.victim.removed", "conference", conference_id, f"victim={first}"),
        ("chair.victim.restored", "conference", conference_id, f"victim={first}"),
    ]


def test_restore_takes_a_new_id_when_the_old_one_was_reused(store, store_kind, conference_id) -> None:
    """SQLite may give the newest row's id to a row added after the removal: the restored row takes a fresh id.

    (PostgreSQL's sequences never give an id twice: there the restored row keeps its own.)
    """
    last = chair_edit.add_victim(store, conference_id)
    chair_ops.apply(store, SetText(VictimText.DESCRIPTION, last, "Boy aged 7"))
    removed = remove_row(store, RowKind.VICTIM, last)
    newcomer = chair_edit.add_victim(store, conference_id)
    restored = restore_row(store, removed)
    if store_kind == "sqlcipher":
        assert newcomer == last and restored != last
    else:
        assert newcomer != last and restored == last
    descriptions = {v.id: v.description for v in load_snapshot(store, conference_id).victims}
    assert descriptions == {newcomer: "", restored: "Boy aged 7"}


@pytest.mark.parametrize("kind", list(RowKind))
def test_every_kind_of_row_can_be_removed_and_restored(store, conference_id, kind) -> None:
    """Victims, assessments, actions, decisions and disclosures all come back as they were."""
    adders = {
        RowKind.VICTIM: lambda: chair_edit.add_victim(store, conference_id),
        RowKind.ASSESSMENT: lambda: chair_edit.add_assessment(store, conference_id),
        RowKind.ACTION: lambda: chair_edit.add_action(store, conference_id, "Visit weekly", None, date(2026, 10, 1)),
        RowKind.DECISION: lambda: chair_edit.add_decision(store, conference_id, "Stay at level 2", "Stable"),
        RowKind.DISCLOSURE: lambda: chair_edit.add_disclosure(store, conference_id, "Head teacher", disclose=True),
        RowKind.CONTINGENCY: lambda: chair_edit.add_contingency(store, conference_id, "Misses a visit", "Police check"),
        RowKind.DIVERSITY_NEED: lambda: chair_edit.add_diversity_need(store, conference_id, "Dyslexia", "Read aloud"),
        RowKind.NOTIFICATION: lambda: chair_edit.add_notification(store, conference_id),
    }
    record_id = adders[kind]()
    before = load_snapshot(store, conference_id)
    restore_row(store, remove_row(store, kind, record_id))
    assert load_snapshot(store, conference_id) == before


def test_lifting_a_restriction_is_audited_as_such(store, conference_id) -> None:
    """Unticking "Restricted" is named in the audit trail, so a reviewer can find every widening of access."""
    disclosure_id = chair_edit.add_disclosure(store, conference_id, "Head teacher", restricted=True)
    start = _last_event_id(store)
    chair_ops.apply(store, SetFlag(DisclosureFlag.RESTRICTED, disclosure_id, False))
    chair_ops.apply(store, SetFlag(DisclosureFlag.RESTRICTED, disclosure_id, True))
    actions = [action for action, *_rest in _chair_events(store, start)]
    assert actions == ["chair.disclosure.restriction_lifted", "chair.disclosure.edited"]


def test_a_future_meeting_cannot_be_closed_as_held(store, conference_id) -> None:
    """Closing a meeting dated after today is refused with a sentence; the status and audit trail are untouched."""
    tomorrow = date.today() + timedelta(days=1)
    with store.session() as session:
        session.get(Conference, conference_id).meeting_date = tomorrow
    with pytest.raises(chair_edit.ChairRefusedError, match="has not come yet"):
        chair_edit.close_meeting(store, conference_id, accepted_findings=2)
    assert "cannot be closed as held" in chair_edit.close_refusal(store, conference_id)
    with store.session() as session:
        assert session.get(Conference, conference_id).status == ConferenceStatus.PLANNED
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "conference.closed")).all() == []
    chair_edit.close_meeting(store, conference_id, today=tomorrow)
    with store.session() as session:
        assert session.get(Conference, conference_id).status == ConferenceStatus.HELD


def test_changed_since_issue_follows_edits_after_the_latest_issue(store) -> None:
    """None before any issue and right after issuing; the version number once the chair edits the record."""
    conference_id = demo_conference(store)
    chair_ops.apply(store, SetText(ConferenceText.RISK_RATIONALE, conference_id, "Before the issue."))
    assert chair_edit.changed_since_issue(store, conference_id) is None
    minute_issue.issue_minute(store, conference_id)
    assert chair_edit.changed_since_issue(store, conference_id) is None
    with store.session() as session:
        victim_id = session.scalars(select(Victim.id).where(Victim.conference_id == conference_id)).first()
    remove_row(store, RowKind.VICTIM, victim_id)
    assert chair_edit.changed_since_issue(store, conference_id) == 1
