"""The desk: what is due and overdue across every case, as of one day.

Each list is chosen, counted and (for the desk screen) cut to its first lines in
SQL, with no query per case, so the desk opens quickly on a store with thousands
of cases. Everything here is plain data: the
desk screen, the ``solodesk desk`` command and the chasing letters share it.
"""

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
    NotificationKind,
    ReleaseNotification,
    Subject,
)
from solodesk.services.desk_actions import DUE_SOON_DAYS, NO_OWNER, OPEN_ACTION_STATUSES, desk_actions
from solodesk.services.desk_assessments import desk_assessments
from solodesk.services.desk_facts import (
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
from solodesk.services.desk_reviews import CONVENED_STATUSES, HELD_STATUSES, desk_reviews, review_weeks
from solodesk.services.notifications import conference_due_by
from solodesk.services.settings import OrganisationSettings, load_settings
from solodesk.services.working_days import add_working_days, working_days_between
from solodesk.store import CaseStore

# Releases further off than this are not yet the desk's business.
RELEASE_HORIZON_WEEKS = 26

__all__ = [
    "CONVENED_STATUSES",
    "DUE_SOON_DAYS",
    "HELD_STATUSES",
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


def _name(subject: type[Subject] | Any) -> Any:
    return subject.forenames + " " + subject.surname


_LIVE_CASE = Subject.case_status != CaseStatus.CLOSED


def _releases(
    session: Session, as_of: date, settings: OrganisationSettings, limit: int | None
) -> tuple[list[ReleaseLine], int, int]:
    """Return the releases coming (the first ``limit`` when given), how many in all and how many with no conference.

    Every notification in the horizon is read as plain values (a case in ten has one), but a
    line is made only for those shown; the hold-by day is worked out once per release day.
    """
    linked = aliased(Conference)
    # A conference counts as convened for a notification when it was linked to it, or is
    # any conference of the subject dated on or after the notification arrived.
    other = aliased(Conference)
    # The lowest id, as the first in the subject_id index's order rather than by MIN(): an
    # aggregate per notification costs a locked allocation each on an encrypted store.
    other_id = (
        select(other.id)
        .where(
            other.subject_id == ReleaseNotification.subject_id,
            other.meeting_date >= ReleaseNotification.received_on,
        )
        .order_by(other.id)
        .limit(1)
        .correlate(ReleaseNotification)
        .scalar_subquery()
    )
    rows = plain_rows(
        session,
        select(
            ReleaseNotification.id,
            ReleaseNotification.subject_id,
            ReleaseNotification.kind,
            ReleaseNotification.received_on,
            ReleaseNotification.release_date,
            func.coalesce(linked.id, other_id),
            Subject.forenames,
            Subject.surname,
        )
        .join(Subject, Subject.id == ReleaseNotification.subject_id)
        .outerjoin(linked, linked.id == ReleaseNotification.conference_id)
        .where(
            _LIVE_CASE,
            ReleaseNotification.release_date >= as_of,
            ReleaseNotification.release_date <= as_of + timedelta(weeks=RELEASE_HORIZON_WEEKS),
        ),
    )
    hold_by_of: dict[str | date, date] = {}
    keyed = []
    for row in rows:
        released = row[4]
        hold_by = hold_by_of.get(released)
        if hold_by is None:
            hold_by = hold_by_of[released] = conference_due_by(_day(released), settings.weeks_before_release)
        keyed.append((hold_by, f"{row[6]} {row[7]}", row[0], row))
    keyed.sort(key=lambda k: k[:3])
    shown = keyed if limit is None else keyed[:limit]
    wanted = [row[5] for *_, row in shown if row[5] is not None]
    dates: dict[int, date | None] = {
        cid: day(when)
        for cid, when in plain_rows(
            session, select(Conference.id, Conference.meeting_date).where(Conference.id.in_(wanted))
        )
    }
    lines = [
        ReleaseLine(
            notification_id=notification_id,
            subject_id=subject_id,
            subject_name=name,
            kind=NotificationKind(kind).label,
            received_on=_day(received_on),
            release_date=_day(release_date),
            hold_by=hold_by,
            conference_id=conference_id,
            conference_date=dates.get(conference_id) if conference_id is not None else None,
            late=conference_id is None and hold_by < as_of,
        )
        for hold_by, name, _, (notification_id, subject_id, kind, received_on, release_date, conference_id, *_) in shown
    ]
    return lines, len(rows), sum(row[5] is None for row in rows)


def _day(stored: str | date) -> date:
    """Return a stored date that is never empty as a date."""
    found = day(stored)
    assert found is not None  # the column is not null, or the WHERE clause leaves the empty ones out
    return found


def action_groups(session: Session, as_of: date) -> list[ActionGroup]:
    """Return the desk's open actions overdue or due within 14 days, grouped by owner and agency."""
    return desk_actions(session, as_of).groups


def _last_late_meeting(as_of: date, target: int) -> date:
    """Return the latest meeting day whose minute is past its target on ``as_of``.

    A minute is due ``target`` working days after the meeting, which moves on (never back) with
    the meeting day; so every meeting on or before this day, and none after it, is late.
    """
    day = as_of - timedelta(days=1)
    while add_working_days(day, target) >= as_of:
        day -= timedelta(days=1)
    return day


def _limited(session: Session, statement: Any, limit: int | None) -> tuple[list[tuple[Any, ...]], int]:
    """Return a list's rows (its first ``limit`` when given) and how many it has in all."""
    rows = plain_rows(session, statement if limit is None else statement.limit(limit))
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    total = plain_rows(session, select(func.count()).select_from(statement.order_by(None).subquery()))
    return rows, int(total[0][0])


def _minutes(
    session: Session, as_of: date, settings: OrganisationSettings, limit: int | None
) -> tuple[list[MinuteLine], int]:
    target = settings.minute_working_days
    # Held meetings with no minute issued, met on or before the last late day: read in meeting
    # date order from the meeting_date index, counted and limited in SQL.
    late = (
        select(Conference.id, Conference.subject_id, Conference.meeting_date, Subject.forenames, Subject.surname)
        .join(Subject, Subject.id == Conference.subject_id)
        .where(
            Conference.status.in_((ConferenceStatus.HELD, ConferenceStatus.MINUTE_DRAFTED)),
            Conference.meeting_date <= _last_late_meeting(as_of, target),
            # Named columns, not EXISTS (SELECT *): a manager on a team store may not read a minute's text.
            ~select(MinuteIssue.id).where(MinuteIssue.conference_id == Conference.id).exists(),
        )
        .order_by(Conference.meeting_date, Conference.id)
    )
    rows, total = _limited(session, late, limit)
    lines = []
    for conference_id, subject_id, met_text, forenames, surname in rows:
        met = date.fromisoformat(iso(met_text))
        due = add_working_days(met, target)
        days = working_days_between(met, as_of)
        lines.append(MinuteLine(conference_id, subject_id, f"{forenames} {surname}", met, due, days))
    return lines, total


def _amendments(session: Session, limit: int | None) -> tuple[list[AmendmentLine], int]:
    waiting = (
        select(
            AmendmentRequest.id,
            AmendmentRequest.conference_id,
            Conference.subject_id,
            Subject.forenames,
            Subject.surname,
            AmendmentRequest.requested_by,
            AmendmentRequest.requested_on,
        )
        .join(Conference, Conference.id == AmendmentRequest.conference_id)
        .join(Subject, Subject.id == Conference.subject_id)
        .where(AmendmentRequest.status == AmendmentStatus.REQUESTED)
        .order_by(AmendmentRequest.requested_on, AmendmentRequest.id)
    )
    rows, total = _limited(session, waiting, limit)
    return [
        AmendmentLine(request_id, conference_id, subject_id, f"{forenames} {surname}", by, day(on))
        for request_id, conference_id, subject_id, forenames, surname, by, on in rows
    ], total


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
    reviews, reviews_overdue, reviews_due = desk_reviews(session, as_of, settings, limit)
    actions = desk_actions(session, as_of, limit)
    assessments, assessments_listed = desk_assessments(session, as_of, limit)
    minutes, minutes_late = _minutes(session, as_of, settings, limit)
    amendments, amendments_waiting = _amendments(session, limit)
    releases, releases_coming, releases_not_convened = _releases(session, as_of, settings, limit)
    full = Desk(
        as_of=as_of,
        reviews=reviews,
        releases=releases,
        action_groups=actions.groups,
        minutes=minutes,
        amendments=amendments,
        assessments=assessments,
    )
    if limit is None:
        return full
    counts = replace(
        full.counts,
        reviews_overdue=reviews_overdue,
        reviews_due=reviews_due,
        releases=releases_coming,
        releases_not_convened=releases_not_convened,
        actions_overdue=actions.overdue,
        actions_due_soon=actions.due_soon,
        minutes_late=minutes_late,
        amendments_waiting=amendments_waiting,
        assessments_missing_or_old=assessments_listed,
    )
    return replace(full, limit=limit, totals=counts)


def store_desk(store: CaseStore, as_of: date, *, limit: int | None = None) -> Desk:
    """Return :func:`desk_lists` through an open store."""
    with store.session() as session:
        return desk_lists(session, as_of, limit=limit)
