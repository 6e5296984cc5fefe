"""The desk's lists on a hand-built store with known dates, including the edges."""

from dataclasses import replace
from datetime import date

import pytest

from solodesk.models import ReasonForConvening
from solodesk.services.desk import NO_OWNER, desk_lists, review_weeks
from solodesk.services.notifications import conference_due_by, suggest_reasons
from solodesk.services.settings import OrganisationSettings, load_settings, save_settings
from solodesk.services.working_days import add_working_days, working_days_between
from tests.helpers.desk_store import AS_OF, build

pytestmark = pytest.mark.both_stores


def _desk(store, settings: OrganisationSettings | None = None):
    with store.session() as session:
        ids = build(session)
    with store.session() as session:
        return ids, desk_lists(session, AS_OF, settings)


def test_reviews_list_agreed_and_interval_dates_and_skip_the_rest(store) -> None:
    """Due today is due, not overdue; 12 weeks for high risk is overdue; no minute, convened or closed: none."""
    ids, desk = _desk(store)
    found = {(r.subject_id, r.conference_id, r.due, r.agreed, r.overdue) for r in desk.reviews}
    assert found == {
        (ids.subjects["Alice"], ids.conferences["A"], AS_OF, True, False),
        (ids.subjects["Bob"], ids.conferences["B"], date(2026, 8, 26), False, True),
    }
    assert [r.subject_name for r in desk.reviews] == ["Bob Interval-Overdue", "Alice Agreed-Today"]  # oldest first
    assert desk.counts.reviews_overdue == 1 and desk.counts.reviews_due == 1


def test_review_interval_follows_the_settings(store) -> None:
    """A longer interval for high risk moves Bob's review out of the window."""
    settings = replace(OrganisationSettings(), review_weeks_high=40)
    _, desk = _desk(store, settings)
    assert [r.subject_name for r in desk.reviews] == ["Alice Agreed-Today"]
    assert review_weeks(OrganisationSettings(), None) == OrganisationSettings().review_weeks_medium


def test_release_deadlines_and_whether_convened(store) -> None:
    """Hold-by is 4 weeks before release, moved back off a weekend; late only when not convened."""
    ids, desk = _desk(store)
    lines = {n.notification_id: n for n in desk.releases}
    assert set(lines) == {ids.notifications[k] for k in ("R1", "R2", "R3")}  # R4 was released already
    r1, r2, r3 = (lines[ids.notifications[k]] for k in ("R1", "R2", "R3"))
    assert (r1.hold_by, r1.conference_id, r1.late) == (date(2026, 12, 9), None, False)
    assert (r2.release_date, r2.hold_by, r2.late) == (date(2026, 12, 27), date(2026, 11, 27), True)
    assert (r3.conference_id, r3.conference_date, r3.late) == (ids.conferences["R3"], date(2026, 12, 7), False)
    assert [n.notification_id for n in desk.releases][0] == ids.notifications["R2"]
    assert desk.counts.releases_not_convened == 2


def test_release_deadline_with_other_weeks_setting() -> None:
    """Six weeks before a Wednesday release is a Wednesday; a Saturday deadline moves to Friday."""
    assert conference_due_by(date(2027, 1, 6), 6) == date(2026, 11, 25)
    assert conference_due_by(date(2027, 1, 9), 0) == date(2027, 1, 8)


def test_actions_due_within_14_days_grouped_by_owner_and_agency(store) -> None:
    """Overdue and due within 14 days (day 14 in, day 15 out); completed and closed-case actions left out."""
    ids, desk = _desk(store)
    groups = {(g.owner, g.agency): [(a.action_id, a.overdue) for a in g.actions] for g in desk.action_groups}
    assert groups == {
        ("DS Zoë Ó Briain", "Police Scotland — OMU"): [(ids.actions["overdue"], True), (ids.actions["day14"], False)],
        ("Łukasz Wiśniewski", "City Council Housing"): [(ids.actions["today"], False)],
        (NO_OWNER, ""): [(ids.actions["no_owner"], True)],
    }
    zoe = next(g for g in desk.action_groups if g.owner == "DS Zoë Ó Briain")
    assert zoe.email == "zoe@police.example" and zoe.actions[0].conference_id == ids.conferences["A"]
    assert desk.counts.actions_overdue == 2 and desk.counts.actions_due_soon == 2


def test_minutes_late_count_working_days_and_amendments_waiting(store) -> None:
    """10 working days skip weekends: met Friday 13 Nov is late; met 18 Nov is due today, not late."""
    ids, desk = _desk(store)
    late = {m.conference_id: (m.due, m.working_days) for m in desk.minutes}
    assert late == {
        ids.conferences["F"]: (date(2026, 11, 27), 13),
        ids.conferences["H"]: (date(2026, 12, 1), 11),
    }
    assert [(q.request_id, q.requested_by) for q in desk.amendments] == [(ids.amendment_waiting, "Siobhán O'Connor")]
    assert desk.amendments[0].conference_id == ids.conferences["F"]


def test_minute_target_from_settings(store) -> None:
    """With a 12-working-day target only the Friday meeting is late."""
    with store.session() as session:
        save_settings(session, replace(load_settings(session), minute_working_days=12))
    ids, desk = _desk(store)
    assert [m.conference_id for m in desk.minutes] == [ids.conferences["F"]]


def test_risk_assessments_missing_old_or_older_than_release(store) -> None:
    """None; older than 12 months (exactly 12 is fine); older than a release that has happened."""
    ids, desk = _desk(store)
    reasons = {s.subject_id: s.reason for s in desk.assessments}
    assert set(reasons) == {ids.subjects[k] for k in ("Bob", "R1", "R2", "R3", "R4")}
    assert reasons[ids.subjects["Bob"]] == "Newest risk assessment (01 Dec 2025) is over 12 months old."
    assert reasons[ids.subjects["R1"]] == "No risk assessment recorded."
    assert "older than the release on 01 Nov 2026" in reasons[ids.subjects["R4"]]


def test_json_is_plain_data_with_counts(store) -> None:
    """to_json gives ISO dates and the counts."""
    _, desk = _desk(store)
    data = desk.to_json()
    assert data["as_of"] == "2026-12-02" and data["counts"]["minutes_late"] == 2
    assert data["reviews"][0]["due"] == "2026-08-26"


def test_working_days_and_suggested_reasons() -> None:
    """Weekends are skipped both ways; the notification's wording suggests the reasons."""
    assert add_working_days(date(2026, 11, 13), 1) == date(2026, 11, 16)
    assert working_days_between(date(2026, 11, 13), date(2026, 11, 15)) == 0
    assert suggest_reasons("4 years 6 months", "Supervised release order") == [
        ReasonForConvening.SENTENCE_FOUR_YEARS,
        ReasonForConvening.SUPERVISED_RELEASE,
    ]
    assert suggest_reasons("3 years 11 months", "licence") == []
    assert suggest_reasons("", "Compulsion order, transfer from the State Hospital") == [
        ReasonForConvening.SECURE_HOSPITAL
    ]
