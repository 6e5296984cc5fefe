"""Working days (Monday to Friday) for the desk's targets and the timeliness figures.

Public holidays differ by area and are not modelled: a target counts weekdays only.
"""

from datetime import date, timedelta

_SATURDAY = 5


def is_working_day(day: date) -> bool:
    """Return True for Monday to Friday."""
    return day.weekday() < _SATURDAY


def add_working_days(start: date, days: int) -> date:
    """Return the date ``days`` working days after ``start`` (``start`` itself not counted).

    A meeting on Friday with a 1-working-day target is due on the Monday.
    """
    if days <= 0:
        return start
    # A weekend start counts from the Friday before it; whole weeks are five working days.
    day = start - timedelta(days=max(start.weekday() - 4, 0))
    weeks, rest = divmod(days, 5)
    day += timedelta(weeks=weeks)
    if day.weekday() + rest > 4:  # the rest runs over a weekend
        rest += 2
    return day + timedelta(days=rest)


def working_days_between(start: date, end: date) -> int:
    """Return how many working days fall after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    # Whole weeks hold five working days each; the days left over are looked up by weekday
    # (the desk and the management information count thousands of these at a time).
    return whole_weeks * 5 + _WORKING_IN_REST[start.weekday()][rest]


def _working_in_rest(first_weekday: int, rest: int) -> int:
    return sum((first_weekday + offset) % 7 < _SATURDAY for offset in range(1, rest + 1))


_WORKING_IN_REST = [[_working_in_rest(weekday, rest) for rest in range(7)] for weekday in range(7)]


def last_working_day_on_or_before(day: date) -> date:
    """Return ``day`` itself on a weekday, else the Friday before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
