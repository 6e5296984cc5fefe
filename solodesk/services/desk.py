"""The desk: what is due and overdue across every case, as of one day.

Each list comes from one aggregate query (no query per case), so the desk opens
quickly on a store with thousands of cases. Everything here is plain data: the
desk screen, the ``solodesk desk`` command and the chasing letters share it.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import (
    AmendmentRequest,
    AmendmentStatus,
    CaseStatus,
    Conference,
    ConferenceStatus,
    MinuteIssue,
    ReleaseNotification,
    RiskLevel,
    Subject,
)
from solodesk.services.desk_actions import DUE_SOON_DAYS, NO_OWNER, OPEN_ACTION_STATUSES, desk_actions
from solodesk.services.desk_assessments import desk_assessments
from solodesk.services.desk_facts import (
    Cases,
    ConferenceFacts,
    case_facts,
    conference_facts,
    day,
    iso,
    no_cycle_collection,
    plain_rows,
)
from solodesk.services.desk_lines import (
    ActionGroup,
    ActionLine,
    AmendmentLine,
    AssessmentLine,
    Desk,
    DeskCounts,
    MinuteLine,
    ReleaseLine,
    ReviewLine,
)
from solodesk.services.notifications import conference_due_by
from solodesk.services.settings import OrganisationSettings, load_settings
from solodesk.services.working_days import add_working_days, working_days_between
from solodesk.store import CaseStore

# Releases further off than this are not yet the desk's business.
RELEASE_HORIZON_WEEKS = 26
HELD_STATUSES = (
    ConferenceStatus.HELD,
    ConferenceStatus.MINUTE_DRAFTED,
    ConferenceStatus.ISSUED,
    ConferenceStatus.AMENDED,
)
CONVENED_STATUSES = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)

__all__ = [
    "DUE_SOON_DAYS",
    "NO_OWNER",
    "OPEN_ACTION_STATUSES",
    "ActionGroup",
    "ActionLine",
    "AmendmentLine",
    "AssessmentLine",
    "Desk",
    "DeskCounts",
    "MinuteLine",
    "ReleaseLine",
    "ReviewLine",
    "action_groups",
    "desk_lists",
    "review_weeks",
    "store_desk",
]


def review_weeks(settings: OrganisationSettings, level: RiskLevel | None) -> int:
    """Return the review interval in weeks for a risk level (medium's when no level was agreed)."""
    return {
        RiskLevel.LOW: settings.review_weeks_low,
        RiskLevel.HIGH: settings.review_weeks_high,
        RiskLevel.VERY_HIGH: settings.review_weeks_very_high,
    }.get(level or RiskLevel.MEDIUM, settings.review_weeks_medium)


def _name(subject: type[Subject] | Any) -> Any:
    return subject.forenames + " " + subject.surname


_LIVE_CASE = Subject.case_status != CaseStatus.CLOSED


def _reviews(
    conferences: Sequence[ConferenceFacts], cases: Cases, as_of: date, settings: OrganisationSettings
) -> list[ReviewLine]:
    # Each case's latest held meeting (undated meetings count as oldest, ties go to the newer
    # record), and the dates of any meeting convened but not yet held.
    latest: dict[int, tuple[tuple[bool, str, int], ConferenceFacts]] = {}
    convened: dict[int, list[str | None]] = defaultdict(list)
    for row in conferences:
        conference_id, subject_id, status, met = row[0], row[1], row[2], row[3]
        if status in HELD_STATUSES:
            key = (met is not None, met or "", conference_id)
            found = latest.get(subject_id)
            if found is None or key > found[0]:
                latest[subject_id] = (key, row)
        elif status in CONVENED_STATUSES:
            convened[subject_id].append(met)
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    lines = []
    for subject_id, (_, row) in latest.items():
        conference_id, _, _, met_text, next_text, risk_level, reconvening = row
        case = cases.get(subject_id)
        if case is None or not case[1] or not reconvening:
            continue  # a closed case, or the group decided not to meet again
        if any(later is None or met_text is None or later >= met_text for later in convened.get(subject_id, ())):
            continue  # the review is already convened
        met_day, next_date = day(met_text), day(next_text)
        level = RiskLevel(risk_level) if risk_level else None
        if next_date is not None:
            due, agreed = next_date, True
        elif met_day is not None:
            due, agreed = met_day + timedelta(weeks=review_weeks(settings, level)), False
        else:
            continue  # A held meeting with no date: nothing to count from.
        if due <= horizon:
            lines.append(ReviewLine(subject_id, case[0], conference_id, met_day, due, agreed, level, due < as_of))
    return sorted(lines, key=lambda r: (r.due, r.subject_name, r.subject_id))


def _releases(session: Session, as_of: date, settings: OrganisationSettings) -> list[ReleaseLine]:
    linked = aliased(Conference)
    # A conference counts as convened for a notification when it was linked to it, or is
    # any conference of the subject dated on or after the notification arrived.
    other = aliased(Conference)
    other_id = (
        select(func.min(other.id))
        .where(
            other.subject_id == ReleaseNotification.subject_id,
            other.meeting_date >= ReleaseNotification.received_on,
        )
        .correlate(ReleaseNotification)
        .scalar_subquery()
    )
    rows = (
        session.connection()
        .execute(
            select(
                ReleaseNotification.id,
                ReleaseNotification.subject_id,
                ReleaseNotification.kind,
                ReleaseNotification.received_on,
                ReleaseNotification.release_date,
                func.coalesce(linked.id, other_id).label("conference_id"),
                _name(Subject).label("name"),
            )
            .join(Subject, Subject.id == ReleaseNotification.subject_id)
            .outerjoin(linked, linked.id == ReleaseNotification.conference_id)
            .where(
                _LIVE_CASE,
                ReleaseNotification.release_date >= as_of,
                ReleaseNotification.release_date <= as_of + timedelta(weeks=RELEASE_HORIZON_WEEKS),
            )
        )
        .all()
    )
    wanted = [r.conference_id for r in rows if r.conference_id is not None]
    dates: dict[int, date | None] = {
        cid: when
        for cid, when in session.connection().execute(
            select(Conference.id, Conference.meeting_date).where(Conference.id.in_(wanted))
        )
    }
    lines = []
    for row in rows:
        hold_by = conference_due_by(row.release_date, settings.weeks_before_release)
        conference_id = row.conference_id
        lines.append(
            ReleaseLine(
                notification_id=row.id,
                subject_id=row.subject_id,
                subject_name=row.name,
                kind=row.kind.label,
                received_on=row.received_on,
                release_date=row.release_date,
                hold_by=hold_by,
                conference_id=conference_id,
                conference_date=dates.get(conference_id) if conference_id is not None else None,
                late=conference_id is None and hold_by < as_of,
            )
        )
    return sorted(lines, key=lambda r: (r.hold_by, r.subject_name, r.notification_id))


def action_groups(session: Session, as_of: date) -> list[ActionGroup]:
    """Return the desk's open actions overdue or due within 14 days, grouped by owner and agency."""
    return desk_actions(session, as_of, conference_facts(session), case_facts(session)).groups


def _minutes(
    session: Session, as_of: date, settings: OrganisationSettings, conferences: Sequence[ConferenceFacts], cases: Cases
) -> list[MinuteLine]:
    issued = {row[0] for row in plain_rows(session, select(MinuteIssue.conference_id).distinct())}
    # Anything held before this day is at least N working days old (a week holds 5).
    oldest_possibly_late = (as_of - timedelta(days=settings.minute_working_days)).isoformat()
    waiting = (ConferenceStatus.HELD, ConferenceStatus.MINUTE_DRAFTED)
    lines = []
    for row in conferences:
        if row[2] not in waiting:  # most conferences: skipped before anything else is read
            continue
        conference_id, subject_id, _, met_text = row[:4]
        if met_text is None or iso(met_text) > oldest_possibly_late or conference_id in issued:
            continue
        met = date.fromisoformat(iso(met_text))
        due = add_working_days(met, settings.minute_working_days)
        if due < as_of:
            days = working_days_between(met, as_of)
            lines.append(MinuteLine(conference_id, subject_id, cases[subject_id][0], met, due, days))
    return sorted(lines, key=lambda m: (m.meeting_date, m.conference_id))


def _amendments(session: Session) -> list[AmendmentLine]:
    rows = session.connection().execute(
        select(
            AmendmentRequest.id,
            AmendmentRequest.conference_id,
            AmendmentRequest.requested_by,
            AmendmentRequest.requested_on,
            Conference.subject_id,
            _name(Subject).label("name"),
        )
        .join(Conference, Conference.id == AmendmentRequest.conference_id)
        .join(Subject, Subject.id == Conference.subject_id)
        .where(AmendmentRequest.status == AmendmentStatus.REQUESTED)
        .order_by(AmendmentRequest.requested_on, AmendmentRequest.id)
    )
    return [AmendmentLine(r.id, r.conference_id, r.subject_id, r.name, r.requested_by, r.requested_on) for r in rows]


def desk_lists(
    session: Session, as_of: date, settings: OrganisationSettings | None = None, *, limit: int | None = None
) -> Desk:
    """Return the desk's lists as of a day.

    Args:
        session: an open session.
        as_of: the day the desk is for ("today" in the app).
        settings: the organisation settings; read from the store when None.
        limit: keep only the first this-many lines of each list and of each owner's actions
            (the desk screen shows those, and the rest on request); the counts stay exact.
            None keeps every line.
    """
    settings = settings or load_settings(session)
    with no_cycle_collection():
        return _lists(session, as_of, settings, limit)


def _lists(session: Session, as_of: date, settings: OrganisationSettings, limit: int | None) -> Desk:
    cases, conferences = case_facts(session), conference_facts(session)
    actions = desk_actions(session, as_of, conferences, cases, limit)
    assessments, assessments_listed = desk_assessments(session, as_of, limit)
    full = Desk(
        as_of=as_of,
        reviews=_reviews(conferences, cases, as_of, settings),
        releases=_releases(session, as_of, settings),
        action_groups=actions.groups,
        minutes=_minutes(session, as_of, settings, conferences, cases),
        amendments=_amendments(session),
        assessments=assessments,
    )
    if limit is None:
        return full
    counts = replace(
        full.counts,
        actions_overdue=actions.overdue,
        actions_due_soon=actions.due_soon,
        assessments_missing_or_old=assessments_listed,
    )
    return replace(
        full,
        reviews=full.reviews[:limit],
        releases=full.releases[:limit],
        minutes=full.minutes[:limit],
        amendments=full.amendments[:limit],
        limit=limit,
        totals=counts,
    )


def store_desk(store: CaseStore, as_of: date, *, limit: int | None = None) -> Desk:
    """Return :func:`desk_lists` through an open store."""
    with store.session() as session:
        return desk_lists(session, as_of, limit=limit)
