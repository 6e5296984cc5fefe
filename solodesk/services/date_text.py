"""Dates and times typed as people type them (UK, day first), with a plain reason when they are not.

Qt-free: the date and time fields of the UI call these, and so can anything else
that reads a date a person wrote.
"""

import calendar
import re
from collections.abc import Callable
from datetime import date, time

EARLIEST_YEAR = 1900
LATEST_YEAR = 2199
EXAMPLE_DATE = "22/07/1985"
EXAMPLE_TIME = "14:30"

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_SEP = r"\s*[/.\-\s]\s*"
_NUMERIC_DMY = re.compile(rf"^(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d+)$")
_NUMERIC_YMD = re.compile(rf"^(?P<y>\d{{4}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<d>\d{{1,2}})$")
_COMPACT = re.compile(r"^(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{2}|\d{4})$")
_DAY_MONTH_NAME = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*(?P<name>[a-z]+)\.?,?[\s\-/.]*(?P<y>\d+)$", re.IGNORECASE
)
_MONTH_NAME_DAY = re.compile(r"^(?P<name>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d+)$", re.IGNORECASE)
_NO_YEAR = re.compile(rf"^\d{{1,2}}{_SEP}(\d{{1,2}}|[a-z]+)\.?$", re.IGNORECASE)

_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?\s*(?P<half>[ap]\.?\s*m\.?)?$",
    re.IGNORECASE,
)
_TIME_DIGITS = re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})\s*(?P<half>[ap]\.?\s*m\.?)?$", re.IGNORECASE)
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
_DIGIT_TAILS = [str(n) for n in range(10)] + [f"{n:02d}" for n in range(100)]


class DateTextError(ValueError):
    """Typed text that is not a date or a time; the message says why in plain words."""


def parse_date(text: str, *, past_only: bool = False, today: date | None = None) -> date | None:
    """Return the date a person typed, or None when the text is empty ("not known").

    Accepts ``22/07/1985``, ``22/7/85``, ``22.07.1985``, ``22-07-1985``, ``1985-07-22``,
    ``22 Jul 1985``, ``22 July 1985``, ``July 22, 1985`` and ``22071985``. The day comes
    first. A two-digit year is read as the nearest year within 50 years of today; with
    ``past_only`` (a date of birth) it is the latest such year not in the future.

    Args:
        text: what was typed.
        past_only: refuse dates after today (and read two-digit years as past years).
        today: the date taken as today (tests pass one; the clock otherwise).

    Raises:
        DateTextError: the text is not empty and not a real date, with the reason.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    today = today or date.today()
    day, month, year_text = _date_parts(cleaned)
    year = _full_year(year_text, month, day, past_only, today)
    _check_day(cleaned, day, month, year)
    result = date(year, month, day)
    if past_only and result > today:
        raise DateTextError(f"{format_date(result)} is in the future; this date cannot be later than today.")
    return result


def parse_time(text: str) -> time | None:
    """Return the time a person typed, or None when the text is empty ("not known").

    Accepts ``9:30``, ``09:30``, ``930``, ``9.30``, ``2pm``, ``2.30 pm``, ``14:00``, ``14`` and "noon".

    Raises:
        DateTextError: the text is not empty and not a time of day, with the reason.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned:
        return None
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    match = _TIME.match(cleaned) or _TIME_DIGITS.match(cleaned)
    if match is None:
        raise DateTextError(f"“{text.strip()}” is not a time. Type it as hours:minutes, for example {EXAMPLE_TIME}.")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    half = (match["half"] or "").replace(".", "").replace(" ", "")
    if minute > 59:
        raise DateTextError(f"There is no minute {minute}: minutes run from 00 to 59.")
    if half:
        if not 1 <= hour <= 12:
            raise DateTextError(f"“{text.strip()}” is not a time: with am or pm the hour runs from 1 to 12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23:
        raise DateTextError(f"There is no hour {hour}: hours run from 0 to 23 (or 1 to 12 with am or pm).")
    return time(hour, minute)


def is_settled(text: str, parse: Callable[[str], object]) -> bool:
    """Return True when typed text parses and typing more digits could not make it a different value.

    "22/07/19" parses (2019) but may be on its way to "22/07/1985", and "14" to "14:30":
    a field that saves as the person types waits for them to leave it before saving such text.

    Args:
        text: what was typed so far.
        parse: :func:`parse_date` or :func:`parse_time` (or a wrapper of them).
    """
    try:
        parse(text)
    except DateTextError:
        return False
    stem = text.rstrip()
    if not stem:
        return True
    for tail in _DIGIT_TAILS:
        try:
            parse(stem + tail)
        except DateTextError:
            continue
        return False
    return True


def format_date(value: date | None) -> str:
    """Return a date as dd/mm/yyyy, or an empty string for "not known"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def format_time(value: time | None) -> str:
    """Return a time as HH:MM (24-hour), or an empty string for "not known"."""
    return f"{value.hour:02d}:{value.minute:02d}" if value is not None else ""


# Internals ----------------------------------------------------------------------------------


def _date_parts(text: str) -> tuple[int, int, str]:
    """Return day, month and the year as typed."""
    for pattern in (_NUMERIC_YMD, _NUMERIC_DMY, _COMPACT):
        match = pattern.match(text)
        if match:
            return int(match["d"]), _month_number(int(match["m"]), int(match["d"])), match["y"]
    for pattern in (_DAY_MONTH_NAME, _MONTH_NAME_DAY):
        match = pattern.match(text)
        if match:
            name = match["name"].lower()
            if name not in _MONTHS:
                raise DateTextError(f"“{match['name']}” is not the name of a month.")
            return int(match["d"]), _MONTHS[name], match["y"]
    if _NO_YEAR.match(text):
        raise DateTextError(f"Add the year: day/month/year, for example {EXAMPLE_DATE}.")
    raise DateTextError(f"“{text}” is not a date. Type it as day/month/year, for example {EXAMPLE_DATE}.")


def _month_number(month: int, day: int) -> int:
    if 1 <= month <= 12:
        return month
    if 1 <= day <= 12 < month <= 31:
        raise DateTextError(f"There is no month {month}: type the day first, then the month, as in {EXAMPLE_DATE}.")
    raise DateTextError(f"There is no month {month}: months run from 1 to 12.")


def _full_year(year_text: str, month: int, day: int, past_only: bool, today: date) -> int:
    if len(year_text) == 4:
        year = int(year_text)
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise DateTextError(f"The year {year} is out of range: use a year from {EARLIEST_YEAR} to {LATEST_YEAR}.")
        return year
    if len(year_text) != 2:
        raise DateTextError(f"Write the year with 2 or 4 digits, for example {EXAMPLE_DATE} or 22/07/85.")
    two = int(year_text)
    year = today.year - today.year % 100 + two
    if past_only:
        # The latest year ending in these digits that does not put the date after today.
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
        return year
    if year > today.year + 49:
        year -= 100
    elif year < today.year - 50:
        year += 100
    return year


def _check_day(text: str, day: int, month: int, year: int) -> None:
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        raise DateTextError("There is no day 0: days start at 1.")
    if day > days:
        raise DateTextError(f"“{text}” is not a date: {calendar.month_name[month]} {year} has {days} days.")
