"""Recording a release notification, and convening from it."""

from dataclasses import replace
from datetime import date

import pytest

from solodesk.models import AuditEvent, ConferenceType, NotificationKind, ReasonForConvening, Subject
from solodesk.services.convening import ConveneError, ConveneRequest, InviteeRequest, convene_context, convene_in_store
from solodesk.services.demo import load_demo
from solodesk.services.desk import desk_lists
from solodesk.services.notifications import (
    NotificationForm,
    NotificationValidationError,
    save_in_store,
    store_notifications,
)

pytestmark = pytest.mark.both_stores


def _demo(store) -> tuple[int, int]:
    with store.session() as session:
        load_demo(session)
        subject = session.query(Subject).one()
        chair = next(i.contact_id for i in subject.conferences[0].invitations)
        return subject.id, chair


def test_a_notification_is_validated_saved_and_audited(store) -> None:
    """Missing dates and sender are refused with sentences; a saved one reads back with its hold-by date."""
    subject_id, _ = _demo(store)
    with pytest.raises(NotificationValidationError) as refused:
        save_in_store(store, NotificationForm(subject_id=subject_id))
    assert set(refused.value.problems) == {"received_on", "release_date", "from_whom"}
    form = NotificationForm(
        subject_id=subject_id,
        received_on=date(2026, 9, 1),
        from_whom="Ayşe Yılmaz, HMP Northfield",
        release_date=date(2026, 12, 12),  # a Saturday: 4 weeks before is Saturday 14 Nov
        sentence="6 years",
        supervising_officer="Siobhán O'Connor",
        reasons=[ReasonForConvening.SENTENCE_FOUR_YEARS],
    )
    notification_id = save_in_store(store, form)
    # The demo case has its own Circular 18 notification (for its minute): find the one saved here.
    (view,) = [v for v in store_notifications(store, subject_id) if v.id == notification_id]
    assert (view.id, view.hold_by, view.conference_id) == (notification_id, date(2026, 11, 13), None)
    assert view.from_whom == "Ayşe Yılmaz, HMP Northfield" and view.reasons == [ReasonForConvening.SENTENCE_FOUR_YEARS]
    edited = view.form()
    edited.kind = NotificationKind.REFERRAL
    save_in_store(store, edited)
    assert [v.kind for v in store_notifications(store, subject_id) if v.id == notification_id] == [
        NotificationKind.REFERRAL
    ]
    with store.session() as session:
        actions = [e.action for e in session.query(AuditEvent).filter(AuditEvent.entity == "release_notification")]
    assert actions == ["notification.recorded", "notification.updated"]


def test_convening_from_a_notification_links_it_and_the_desk_sees_it(store) -> None:
    """The convene context offers the open notification; convening on it marks the release convened."""
    subject_id, chair = _demo(store)
    notification_id = save_in_store(
        store,
        NotificationForm(
            subject_id=subject_id,
            received_on=date(2026, 11, 2),
            from_whom="HMP Northfield",
            release_date=date(2027, 1, 20),
        ),
    )
    context = convene_context(store, subject_id)
    assert context.notification is not None and context.notification.id == notification_id
    request = ConveneRequest(
        subject_id=subject_id,
        kind=ConferenceType.EMERGENCY,
        meeting_date=date(2026, 12, 21),
        venue="Room 1",
        reasons=[ReasonForConvening.HIGH_RISK_RETURNING],
        chair_id=chair,
        invitees=[InviteeRequest(chair)],
        notification_id=notification_id + 99,
    )
    with pytest.raises(ConveneError, match="not one of this subject's notifications"):
        convene_in_store(store, request)
    request = replace(request, notification_id=notification_id)
    conference_id = convene_in_store(store, request)
    (view,) = [v for v in store_notifications(store, subject_id) if v.id == notification_id]
    assert (view.conference_id, view.conference_date) == (conference_id, date(2026, 12, 21))
    assert convene_context(store, subject_id).notification is None
    with store.session() as session:
        (line,) = [r for r in desk_lists(session, date(2026, 12, 2)).releases if r.notification_id == notification_id]
    assert (line.conference_id, line.hold_by, line.late) == (conference_id, date(2026, 12, 23), False)
