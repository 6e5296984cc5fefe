"""Dates and times as people type them: every accepted form, and a plain reason for the rest."""

from datetime import date, time

import pytest

from solodesk.services.date_text import (
    DateTextError,
    format_date,
    format_time,
    is_settled,
    parse_date,
    parse_time,
)

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    "typed",
    [
        "22/07/1985",
        "22/7/85",
        "1985-07-22",
        "22.07.1985",
        "22-07-1985",
        "22 Jul 1985",
        "22 July 1985",
        "22 jul 85",
        "22nd July 1985",
        "July 22, 1985",
        "22071985",
        "  22 / 07 / 1985 ",
    ],
)
def test_every_usual_form_reads_as_the_same_date(typed: str) -> None:
    """Day first, whatever the separators, month names or a two-digit year."""
    assert parse_date(typed, today=TODAY) == date(1985, 7, 22)
    assert parse_date(typed, today=TODAY, past_only=True) == date(1985, 7, 22)


def test_empty_text_is_not_known() -> None:
    """Nothing typed (or only spaces) is "not known", never a made-up date."""
    assert parse_date("", today=TODAY) is None
    assert parse_date("   ", today=TODAY) is None
    assert parse_time("") is None


def test_two_digit_years_pivot_around_today() -> None:
    """A meeting date's two-digit year is the nearest; a date of birth's is never in the future."""
    assert parse_date("14/9/27", today=TODAY) == date(2027, 9, 14)
    assert parse_date("14/9/80", today=TODAY) == date(1980, 9, 14)
    assert parse_date("1/12/26", today=TODAY, past_only=True) == date(2026, 12, 1)
    assert parse_date("22/12/26", today=TODAY, past_only=True) == date(1926, 12, 22)
    assert parse_date("22/7/30", today=TODAY, past_only=True) == date(1930, 7, 22)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/1985", "February 1985 has 28 days"),
        ("29/02/2023", "February 2023 has 28 days"),
        ("31/04/2026", "April 2026 has 30 days"),
        ("07/22/1985", "There is no month 22: type the day first"),
        ("22/13/1985", "There is no month 13"),
        ("0/7/1985", "There is no day 0"),
        ("22/07", "Add the year"),
        ("22 Jly 1985", "“Jly” is not the name of a month"),
        ("22/07/198", "Write the year with 2 or 4 digits"),
        ("22/07/1850", "The year 1850 is out of range"),
        ("Not known2071985", "is not a date"),
        ("tomorrow", "is not a date"),
    ],
)
def test_what_is_not_a_date_is_refused_with_the_reason(typed: str, reason: str) -> None:
    """Impossible or unreadable dates are refused with a sentence a person understands."""
    with pytest.raises(DateTextError, match=reason):
        parse_date(typed, today=TODAY)


def test_leap_day_and_future_birth() -> None:
    """29 February exists in leap years; a date of birth after today is refused."""
    assert parse_date("29/02/2024", today=TODAY) == date(2024, 2, 29)
    assert parse_date("03/12/2026", today=TODAY) == date(2026, 12, 3)
    with pytest.raises(DateTextError, match="03/12/2026 is in the future"):
        parse_date("3/12/2026", today=TODAY, past_only=True)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("930", time(9, 30)),
        ("9.30", time(9, 30)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("2.30pm", time(14, 30)),
        ("11:15 a.m.", time(11, 15)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("14:00", time(14, 0)),
        ("1400", time(14, 0)),
        ("14", time(14, 0)),
        ("noon", time(12, 0)),
    ],
)
def test_every_usual_time_form(typed: str, expected: time) -> None:
    """Times with a colon, a dot, no separator, am/pm or 24-hour."""
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("25:00", "There is no hour 25"),
        ("9:75", "There is no minute 75"),
        ("13pm", "with am or pm the hour runs from 1 to 12"),
        ("half nine", "is not a time"),
        ("9:3", "is not a time"),
    ],
)
def test_what_is_not_a_time_is_refused_with_the_reason(typed: str, reason: str) -> None:
    """Impossible times are refused with the reason."""
    with pytest.raises(DateTextError, match=reason):
        parse_time(typed)


def test_settled_text_cannot_grow_into_another_value() -> None:
    """Text a field may save while the person is still typing: only text more digits cannot change."""
    assert not is_settled("22/07/19", parse_date)  # on its way to 22/07/1985
    assert not is_settled("22/07/198", parse_date)  # not a date yet
    assert not is_settled("1985-07-2", parse_date)  # on its way to 1985-07-22
    assert is_settled("22/07/1985", parse_date)
    assert is_settled("", parse_date)  # emptied: "not known" is saved at once
    assert not is_settled("14", parse_time)  # on its way to 14:30
    assert is_settled("14:30", parse_time)
    assert is_settled("2pm", parse_time)


def test_standard_forms() -> None:
    """Dates are shown dd/mm/yyyy and times HH:MM; nothing shows as empty."""
    assert format_date(date(1985, 7, 22)) == "22/07/1985"
    assert format_time(time(9, 5)) == "09:05"
    assert format_date(None) == format_time(None) == ""
