"""Working days counted by arithmetic agree with counting the days one by one."""

from datetime import date, timedelta

from solodesk.services.working_days import add_working_days, is_working_day, working_days_between


def _counted(start: date, end: date) -> int:
    return sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


def test_between_matches_counting_day_by_day_from_every_weekday() -> None:
    """Every start weekday (weekends included) and every gap up to five weeks."""
    for first in range(7):
        start = date(2026, 11, 2) + timedelta(days=first)  # Monday 2 November onwards
        for gap in range(0, 36):
            end = start + timedelta(days=gap)
            assert working_days_between(start, end) == _counted(start, end), (start, end)
    assert working_days_between(date(2026, 11, 13), date(2026, 11, 12)) == 0


def test_adding_then_counting_gives_the_days_back() -> None:
    """From a weekday, N working days later is N working days between."""
    start = date(2026, 10, 30)  # a Friday
    for days in range(1, 30):
        assert working_days_between(start, add_working_days(start, days)) == days
