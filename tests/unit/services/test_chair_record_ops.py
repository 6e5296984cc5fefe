"""Chair edits of the case record: typed, audited against the meeting by ids only, read back by the snapshot."""

from datetime import date, time

import pytest
from sqlalchemy import select

from solodesk.models import AddressOnMinute, AuditEvent, LevelDecision, NotificationKind
from solodesk.services import chair_edit, chair_ops
from solodesk.services.chair_fields import (
    ActionText,
    ConferenceText,
    ContingencyText,
    DisclosureText,
    DiversityText,
    InvitationText,
    NotificationText,
    SubjectText,
)
from solodesk.services.chair_ops import SetText
from solodesk.services.chair_record_ops import (
    SetActualEnd,
    SetActualStart,
    SetAddressOnMinute,
    SetLevelDecision,
    SetNotificationKind,
    SetNotificationReceived,
    SetNotificationRelease,
    SetOrderEndsOn,
    SetSentencedOn,
)
from solodesk.services.chair_view import load_snapshot
from tests.helpers.chair_scenario import convene_leon

pytestmark = pytest.mark.both_stores

SECRET = "Zoë's niece, 12 Granton Road"


def test_case_record_edits_are_audited_against_the_meeting_with_ids_only(store) -> None:
    """Subject, notification and diversity edits carry the meeting; no event holds the text typed."""
    conference_id = convene_leon(store, date(2010, 1, 1), "Room 3", "Circular 18 received.")
    snap = load_snapshot(store, conference_id)
    subject_id, invitation_id = snap.subject_id, snap.invitees[0].id
    need_id = chair_edit.add_diversity_need(store, conference_id, "Dyslexia")
    sign_id = chair_edit.add_contingency(store, conference_id, "Misses a visit")
    notification_id = chair_edit.add_notification(store, conference_id)
    action_id = chair_edit.add_action(store, conference_id, "Visit weekly")
    disclosure_id = chair_edit.add_disclosure(store, conference_id, "Head teacher")
    with store.session() as session:
        start = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    operations: list[chair_ops.ChairOperation] = [
        SetText(SubjectText.ETHNICITY, subject_id, SECRET, conference_id),
        SetText(SubjectText.ADDRESS_AREA, subject_id, SECRET, conference_id),
        SetText(SubjectText.SENTENCE, subject_id, SECRET, conference_id),
        SetSentencedOn(subject_id, date(2021, 3, 15), conference_id),
        SetOrderEndsOn(subject_id, date(2029, 12, 11), conference_id),
        SetText(DiversityText.RESPONSE, need_id, SECRET, conference_id),
        SetText(ContingencyText.RESPONSE, sign_id, SECRET),
        SetText(InvitationText.AGENCY_UPDATE, invitation_id, SECRET),
        SetText(NotificationText.FROM_WHOM, notification_id, SECRET, conference_id),
        SetNotificationKind(notification_id, NotificationKind.CIRCULAR_18, conference_id),
        SetNotificationReceived(notification_id, date(2026, 6, 1), conference_id),
        SetNotificationRelease(notification_id, date(2026, 12, 12), conference_id),
        SetText(ActionText.REASON, action_id, SECRET),
        SetText(DisclosureText.LEGAL_ROUTE, disclosure_id, SECRET),
        SetText(ConferenceText.LEVEL_REASON, conference_id, SECRET),
        SetText(ConferenceText.EXIT_CRITERIA, conference_id, SECRET),
        SetActualStart(conference_id, time(10, 5)),
        SetActualEnd(conference_id, time(11, 50)),
        SetLevelDecision(conference_id, LevelDecision.RAISED),
        SetAddressOnMinute(conference_id, AddressOnMinute.FULL),
    ]
    for operation in operations:
        chair_ops.apply(store, operation)
    with store.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.id > start).order_by(AuditEvent.id)).all()
        rows = [(e.action, e.entity, e.entity_id, e.detail) for e in events]
    assert len(rows) == len(operations)
    assert {(entity, entity_id) for _a, entity, entity_id, _d in rows} == {("conference", conference_id)}
    assert rows[0] == ("chair.subject.edited", "conference", conference_id, f"subject={subject_id} fields=ethnicity")
    assert rows[8][3] == f"notification={notification_id} fields=from_whom"
    for action, _entity, _id, detail in rows:
        assert "Zoë" not in detail and "Granton" not in detail and "Granton" not in action
    record = load_snapshot(store, conference_id).record
    assert (record.ethnicity, record.address_area, record.sentence) == (SECRET, SECRET, SECRET)
    assert (record.sentenced_on, record.order_ends_on) == (date(2021, 3, 15), date(2029, 12, 11))
    assert [(n.first, n.second) for n in record.diversity_needs] == [("Dyslexia", SECRET)]
    assert [(c.first, c.second) for c in record.contingencies] == [("Misses a visit", SECRET)]
    (notification,) = record.notifications
    assert (notification.kind, notification.from_whom, notification.release_date) == (
        NotificationKind.CIRCULAR_18,
        SECRET,
        date(2026, 12, 12),
    )
    assert (record.actual_start, record.actual_end) == (time(10, 5), time(11, 50))
    assert (record.level_decision, record.level_reason, record.exit_criteria) == (LevelDecision.RAISED, SECRET, SECRET)
    assert record.address_on_minute == AddressOnMinute.FULL
    snap = load_snapshot(store, conference_id)
    assert snap.invitees[0].agency_update == SECRET
    assert snap.actions[0].reason == SECRET and snap.disclosures[0].legal_route == SECRET
