"""The desk: what is due and overdue across every case, as of one day.

Each list comes from one aggregate query (no query per case), so the desk opens
quickly on a store with thousands of cases. Everything here is plain data: the
desk screen, the ``solodesk desk`` command and the chasing letters share it.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    AmendmentRequest,
    AmendmentStatus,
    CaseStatus,
    Conference,
    ConferenceStatus,
    Contact,
    MinuteIssue,
    ReleaseNotification,
    RiskAssessment,
    RiskLevel,
    Subject,
)
from solodesk.services.closing_checks import ASSESSMENT_MAX_AGE_MONTHS, months_before
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

DUE_SOON_DAYS = 14
# Releases further off than this are not yet the desk's business.
RELEASE_HORIZON_WEEKS = 26
HELD_STATUSES = (
    ConferenceStatus.HELD,
    ConferenceStatus.MINUTE_DRAFTED,
    ConferenceStatus.ISSUED,
    ConferenceStatus.AMENDED,
)
CONVENED_STATUSES = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.ONGOING)
NO_OWNER = "No owner named"

__all__ = [
    "ActionGroup",
    "ActionLine",
    "AmendmentLine",
    "AssessmentLine",
    "Desk",
    "DeskCounts",
    "MinuteLine",
    "ReleaseLine",
    "ReviewLine",
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


def _reviews(session: Session, as_of: date, settings: OrganisationSettings) -> list[ReviewLine]:
    ranked = select(
        Conference.id,
        Conference.subject_id,
        Conference.meeting_date,
        Conference.next_date,
        Conference.risk_level,
        Conference.not_reconvening_reason,
        func.row_number()
        .over(partition_by=Conference.subject_id, order_by=(Conference.meeting_date.desc(), Conference.id.desc()))
        .label("rank"),
    ).where(Conference.status.in_(HELD_STATUSES))
    latest = ranked.subquery()
    later = aliased(Conference)
    convened_since = exists().where(
        later.subject_id == latest.c.subject_id,
        later.status.in_(CONVENED_STATUSES),
        or_(later.meeting_date.is_(None), latest.c.meeting_date.is_(None), later.meeting_date >= latest.c.meeting_date),
    )
    rows = session.connection().execute(
        select(latest, Subject.id.label("sid"), _name(Subject).label("name"))
        .join(Subject, Subject.id == latest.c.subject_id)
        .where(latest.c.rank == 1, _LIVE_CASE, latest.c.not_reconvening_reason == "", ~convened_since)
    )
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    lines = []
    for row in rows:
        level = RiskLevel(row.risk_level) if row.risk_level else None
        if row.next_date is not None:
            due, agreed = row.next_date, True
        elif row.meeting_date is not None:
            due, agreed = row.meeting_date + timedelta(weeks=review_weeks(settings, level)), False
        else:
            continue  # A held meeting with no date: nothing to count from.
        if due <= horizon:
            lines.append(ReviewLine(row.sid, row.name, row.id, row.meeting_date, due, agreed, level, due < as_of))
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


def _actions(session: Session, as_of: date) -> list[ActionGroup]:
    raised = aliased(Conference)
    rows = session.connection().execute(
        select(
            Action.id,
            Action.subject_id,
            Action.raised_at_id,
            Action.description,
            Action.due_date,
            Action.owner_id,
            Contact.name.label("owner"),
            Contact.email,
            func.coalesce(Agency.name, "").label("agency"),
            raised.meeting_date,
            _name(Subject).label("name"),
        )
        .join(Subject, Subject.id == Action.subject_id)
        .outerjoin(Contact, Contact.id == Action.owner_id)
        .outerjoin(Agency, Agency.id == func.coalesce(Action.owner_agency_id, Contact.agency_id))
        .outerjoin(raised, raised.id == Action.raised_at_id)
        .where(
            _LIVE_CASE,
            Action.status.in_(OPEN_ACTION_STATUSES),
            Action.due_date <= as_of + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(Action.due_date, Action.id)
    )
    # Rows arrive oldest first, so each owner's lines are already in order; plain tuple
    # unpacking keeps the loop cheap when thousands of actions are due.
    groups: dict[tuple[str, str, int | None], tuple[str, list[ActionLine]]] = {}
    for action_id, subject_id, raised_at_id, text, due_date, owner_id, owner, email, agency, met, name in rows:
        due: date = due_date  # type: ignore[assignment]  # the WHERE clause excludes undated actions
        key = (owner or NO_OWNER, agency, owner_id)
        found = groups.get(key)
        if found is None:
            found = groups[key] = (email or "", [])
        found[1].append(ActionLine(action_id, subject_id, name, raised_at_id, met, text, due, due < as_of))
    result = [
        ActionGroup(owner, agency, owner_id, email, lines)
        for (owner, agency, owner_id), (email, lines) in groups.items()
    ]
    # Owners with the oldest overdue work first; "no owner" groups sort with the rest.
    return sorted(result, key=lambda g: (g.actions[0].due, g.owner.casefold(), g.agency.casefold()))


def _minutes(session: Session, as_of: date, settings: OrganisationSettings) -> list[MinuteLine]:
    issued = exists().where(MinuteIssue.conference_id == Conference.id)
    # Anything held before this day is at least N working days old (a week holds 5).
    oldest_possibly_late = as_of - timedelta(days=settings.minute_working_days)
    rows = session.connection().execute(
        select(Conference.id, Conference.subject_id, Conference.meeting_date, _name(Subject).label("name"))
        .join(Subject, Subject.id == Conference.subject_id)
        .where(
            Conference.status.in_((ConferenceStatus.HELD, ConferenceStatus.MINUTE_DRAFTED)),
            Conference.meeting_date <= oldest_possibly_late,
            ~issued,
        )
    )
    lines = []
    for row in rows:
        due = add_working_days(row.meeting_date, settings.minute_working_days)
        if due < as_of:
            days = working_days_between(row.meeting_date, as_of)
            lines.append(MinuteLine(row.id, row.subject_id, row.name, row.meeting_date, due, days))
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


def _assessments(session: Session, as_of: date) -> list[AssessmentLine]:
    newest = (
        select(RiskAssessment.subject_id, func.max(RiskAssessment.assessed_on).label("newest"))
        .group_by(RiskAssessment.subject_id)
        .subquery()
    )
    released = (
        select(ReleaseNotification.subject_id, func.max(ReleaseNotification.release_date).label("released"))
        .where(ReleaseNotification.release_date <= as_of)
        .group_by(ReleaseNotification.subject_id)
        .subquery()
    )
    cutoff = months_before(as_of, ASSESSMENT_MAX_AGE_MONTHS)
    rows = session.connection().execute(
        select(Subject.id, _name(Subject).label("name"), newest.c.newest, released.c.released)
        .outerjoin(newest, newest.c.subject_id == Subject.id)
        .outerjoin(released, released.c.subject_id == Subject.id)
        .where(
            _LIVE_CASE,
            or_(
                newest.c.newest.is_(None),
                newest.c.newest < cutoff,
                and_(released.c.released.is_not(None), newest.c.newest < released.c.released),
            ),
        )
        .order_by(Subject.surname, Subject.forenames, Subject.id)
    )
    lines = []
    for row in rows:
        if row.newest is None:
            reason = "No risk assessment recorded."
        elif row.newest < cutoff:
            reason = f"Newest risk assessment ({row.newest:%d %b %Y}) is over {ASSESSMENT_MAX_AGE_MONTHS} months old."
        else:
            reason = (
                f"Newest risk assessment ({row.newest:%d %b %Y}) is older than the release on {row.released:%d %b %Y}."
            )
        lines.append(AssessmentLine(row.id, row.name, row.newest, reason))
    return lines


def desk_lists(session: Session, as_of: date, settings: OrganisationSettings | None = None) -> Desk:
    """Return the desk's lists as of a day.

    Args:
        session: an open session.
        as_of: the day the desk is for ("today" in the app).
        settings: the organisation settings; read from the store when None.
    """
    settings = settings or load_settings(session)
    return Desk(
        as_of=as_of,
        reviews=_reviews(session, as_of, settings),
        releases=_releases(session, as_of, settings),
        action_groups=_actions(session, as_of),
        minutes=_minutes(session, as_of, settings),
        amendments=_amendments(session),
        assessments=_assessments(session, as_of),
    )


def store_desk(store: CaseStore, as_of: date) -> Desk:
    """Return :func:`desk_lists` through an open store."""
    with store.session() as session:
        return desk_lists(session, as_of)
