"""An iCalendar (RFC 5545) event for a conference.

Lines end in CRLF, text values are escaped (backslash, semicolon, comma,
newline) and long lines are folded at 75 octets. Meeting times are *floating*
local times (no ``Z``, no ``TZID``): the meeting is at 10:00 wherever the
reader's calendar is, as on the letter. DTSTAMP is UTC, as the RFC requires.
The event names no subject: calendars are often synchronised off the device.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRODID = "-//SOLO Desk//Case conference invitation//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting for a calendar."""

    uid: str
    start: datetime
    duration: timedelta
    summary: str
    location: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current = ""
    limit = 75
    for character in line:
        if len((current + character).encode("utf-8")) > limit:
            pieces.append(current)
            current = character
            limit = 74  # continuation lines start with a space
        else:
            current += character
    pieces.append(current)
    return [pieces[0]] + [" " + piece for piece in pieces[1:]]


def _floating(value: datetime) -> str:
    return value.replace(tzinfo=None).strftime("%Y%m%dT%H%M%S")


def build_ics(event: CalendarEvent, stamp: datetime | None = None) -> bytes:
    """Return a VCALENDAR with one VEVENT, as UTF-8 bytes with CRLF line ends."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART:{_floating(event.start)}",
        f"DTEND:{_floating(event.start + event.duration)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines += ["CLASS:CONFIDENTIAL", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    folded = [piece for line in lines for piece in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
