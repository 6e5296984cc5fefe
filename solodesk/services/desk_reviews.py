"""The desk's reviews due: each open case's latest held meeting, and when the next is due.

Which cases, in what order, how many, and (for the desk screen) only the first few are
decided in SQL; no list of every conference is read.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import CaseStatus, Conference, ConferenceStatus, RiskLevel, Subject
from solodesk.services.desk_actions import DUE_SOON_DAYS
from solodesk.services.desk_facts import day, in_code_point_order, plain_rows
from solodesk.services.desk_lines import ReviewLine
from solodesk.services.settings import OrganisationSettings

HELD_STATUSES = (
    ConferenceStatus.HELD,
    ConferenceStatus.MINUTE_DRAFTED,
    ConferenceStatus.ISSUED,
    ConferenceStatus.AMENDED,
)
CONVENED_STATUSES = (ConferenceStatus.PLANNED, ConferenceStatus.INVITED)


def review_weeks(settings: OrganisationSettings, level: RiskLevel | None) -> int:
    """Return the review interval in weeks for a risk level (medium's when no level was agreed)."""
    return {
        RiskLevel.LOW: settings.review_weeks_low,
        RiskLevel.HIGH: settings.review_weeks_high,
        RiskLevel.VERY_HIGH: settings.review_weeks_very_high,
    }.get(level or RiskLevel.MEDIUM, settings.review_weeks_medium)


def _due_order(session: Session, settings: OrganisationSettings) -> Any:
    """Return a key that orders reviews by due date: the date agreed at the meeting, else the interval for its level.

    On SQLite it is the day as a Julian day number: date() would make a new text value for
    every review sorted, and each costs a locked allocation on an encrypted store.
    """
    postgresql = session.connection().dialect.name == "postgresql"

    def day_of(when: Any) -> Any:
        return when if postgresql else func.julianday(when)

    by_interval = case(
        *(
            (Conference.risk_level == level, day_of(Conference.meeting_date) + 7 * review_weeks(settings, level))
            for level in (RiskLevel.LOW, RiskLevel.HIGH, RiskLevel.VERY_HIGH)
        ),
        else_=day_of(Conference.meeting_date) + 7 * review_weeks(settings, None),
    )
    return func.coalesce(day_of(Conference.next_date), by_interval)


def _date_value(session: Session, when: date) -> Any:
    # PostgreSQL takes a bare literal in a CASE as text; SQLite keeps dates as ISO text, and
    # would turn CAST(... AS DATE) into a number.
    value = literal(when, Date)
    return cast(value, Date) if session.connection().dialect.name == "postgresql" else value


def _due_by(session: Session, settings: OrganisationSettings, when: date) -> Any:
    """Return "the review is due on or before this day", with no date arithmetic per row.

    The same as comparing :func:`_due` with the day (meeting + interval <= day exactly when
    meeting <= day - interval), but SQLite makes a new text value for every date it computes.
    """
    latest_meeting = case(
        *(
            (
                Conference.risk_level == level,
                _date_value(session, when - timedelta(weeks=review_weeks(settings, level))),
            )
            for level in (RiskLevel.LOW, RiskLevel.HIGH, RiskLevel.VERY_HIGH)
        ),
        else_=_date_value(session, when - timedelta(weeks=review_weeks(settings, None))),
    )
    return or_(
        Conference.next_date <= when,
        and_(Conference.next_date.is_(None), Conference.meeting_date <= latest_meeting),
    )


def _latest_waiting(due_by_horizon: Any) -> tuple[Any, ...]:
    """Return the conditions for a held meeting to set a review the desk lists.

    It is the case's latest held meeting (undated meetings count as oldest, ties go to the newer
    record), the case is open, the group meets again, no meeting is convened on or after it,
    and the review falls due by the horizon.
    """
    later, convened = aliased(Conference), aliased(Conference)
    newer_held = exists().where(
        later.subject_id == Conference.subject_id,
        # Held said as "not convened" (two values): in a correlated subquery SQLite rebuilds a
        # longer IN list's lookup table for every outer row.
        later.status.not_in(CONVENED_STATUSES),
        or_(
            and_(Conference.meeting_date.is_(None), or_(later.meeting_date.is_not(None), later.id > Conference.id)),
            later.meeting_date > Conference.meeting_date,
            and_(later.meeting_date == Conference.meeting_date, later.id > Conference.id),
        ),
    )
    convened_since = exists().where(
        convened.subject_id == Conference.subject_id,
        convened.status.in_(CONVENED_STATUSES),
        or_(
            convened.meeting_date.is_(None),
            Conference.meeting_date.is_(None),
            convened.meeting_date >= Conference.meeting_date,
        ),
    )
    return (
        Conference.status.in_(HELD_STATUSES),
        Subject.case_status != CaseStatus.CLOSED,
        Conference.not_reconvening_reason == "",
        ~newer_held.correlate(Conference),
        ~convened_since.correlate(Conference),
        due_by_horizon,
    )


def desk_reviews(
    session: Session, as_of: date, settings: OrganisationSettings, limit: int | None = None
) -> tuple[list[ReviewLine], int, int]:
    """Return the reviews due by 14 days after ``as_of`` (soonest first) and how many are overdue and due.

    Args:
        session: an open session.
        as_of: the desk's day.
        settings: the organisation settings (review intervals).
        limit: keep only this many lines (None keeps all); the numbers returned stay exact.
    """
    waiting = _latest_waiting(_due_by(session, settings, as_of + timedelta(days=DUE_SOON_DAYS)))
    if limit is not None:
        return _first_reviews(session, as_of, settings, waiting, limit)
    name = in_code_point_order(session, Subject.forenames + " " + Subject.surname)
    listed = (
        select(
            Conference.subject_id,
            Subject.forenames,
            Subject.surname,
            Conference.id,
            Conference.meeting_date,
            Conference.next_date,
            Conference.risk_level,
        )
        .join(Subject, Subject.id == Conference.subject_id)
        .where(*waiting)
        .order_by(_due_order(session, settings), name, Conference.subject_id)
    )
    lines = _review_lines(plain_rows(session, listed), as_of, settings)
    overdue = sum(line.overdue for line in lines)
    return lines, overdue, len(lines) - overdue


def _first_reviews(
    session: Session, as_of: date, settings: OrganisationSettings, waiting: tuple[Any, ...], limit: int
) -> tuple[list[ReviewLine], int, int]:
    """Return the first ``limit`` reviews due and how many are overdue and due, from one pass over the conferences.

    Choosing the reviews waiting (two correlated lookups per conference) is most of the work, so
    it is done once, into a table SQL keeps for the statement: the count, the overdue count and
    the limit-th due date are read from it. Only reviews due no later than the limit-th are
    ordered by name too: on SQLite each name joined as text costs two locked allocations.
    """
    overdue_flag = case((_due_by(session, settings, as_of - timedelta(days=1)), 1), else_=0)
    found = (
        select(
            Conference.id,
            Conference.subject_id,
            _due_order(session, settings).label("due"),
            overdue_flag.label("overdue"),
        )
        .join(Subject, Subject.id == Conference.subject_id)
        .where(*waiting)
        .cte("waiting")
        # Said outright: left to itself, SQLite copies the CTE into each place that reads it.
        .prefix_with("MATERIALIZED")
    )
    last_shown = select(found.c.due).order_by(found.c.due).offset(limit - 1).limit(1).scalar_subquery()
    listed = (
        select(
            found.c.subject_id,
            Subject.forenames,
            Subject.surname,
            found.c.id,
            Conference.meeting_date,
            Conference.next_date,
            Conference.risk_level,
            select(func.count()).select_from(found).scalar_subquery(),
            select(func.sum(found.c.overdue)).scalar_subquery(),
        )
        .select_from(found)
        .join(Subject, Subject.id == found.c.subject_id)
        .join(Conference, Conference.id == found.c.id)
        .where(found.c.due <= func.coalesce(last_shown, found.c.due))
        .order_by(
            found.c.due, in_code_point_order(session, Subject.forenames + " " + Subject.surname), found.c.subject_id
        )
        .limit(limit)
    )
    rows = plain_rows(session, listed)
    if not rows:
        return [], 0, 0
    total, overdue = int(rows[0][7]), int(rows[0][8] or 0)
    return _review_lines(rows, as_of, settings), overdue, total - overdue


def _review_lines(rows: list[tuple[Any, ...]], as_of: date, settings: OrganisationSettings) -> list[ReviewLine]:
    lines = []
    for subject_id, forenames, surname, conference_id, met_text, next_text, level_text, *_ in rows:
        met, agreed = day(met_text), day(next_text)
        level = RiskLevel(level_text) if level_text else None
        if agreed is not None:
            when = agreed
        else:
            assert met is not None  # the horizon leaves reviews with nothing to count from out
            when = met + timedelta(weeks=review_weeks(settings, level))
        name_shown = f"{forenames} {surname}"
        lines.append(
            ReviewLine(subject_id, name_shown, conference_id, met, when, agreed is not None, level, when < as_of)
        )
    return lines
