"""Invitation letters with their calendar file, and the executive summary."""

from datetime import UTC, datetime, timedelta

import pytest

from solodesk.reports.ics import CalendarEvent, build_ics, escape_text
from solodesk.services.minute_letters import executive_summary, invitation_letters, write_invitations
from tests.helpers.minutes import RESTRICTED_TEXTS, demo_conference, page_texts

pytestmark = pytest.mark.both_stores


def _unfold(ics: bytes) -> list[str]:
    return ics.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_one_letter_per_invitee_with_meeting_details(store, tmp_path) -> None:
    """Each invitee gets a letter naming them, with date, time, venue, purpose, agenda and confidentiality."""
    conference_id = demo_conference(store)
    letters, _ics = invitation_letters(store, conference_id)
    assert len(letters) == 9
    name, pdf = letters[3]
    assert name == "2026-09-14_RMCC-invitation_04_DS-Zoe-O-Briain.pdf"
    text = " ".join(page_texts(pdf)).replace("\n", " ")
    for part in (
        "Dear DS Zoë Ó Briain",
        "14 September 2026",
        "10:00",
        "Room 3.12, Waverley Court",
        "High-risk offender returning to the community",
        "Victim issues",
        "Next meeting",
        "Confidentiality",
        "OFFICIAL-SENSITIVE",
    ):
        assert part in text
    paths = write_invitations(store, conference_id, tmp_path)
    assert len(paths) == 10 and paths[-1].suffix == ".ics" and all(p.is_file() for p in paths)
    assert paths[-1].name == "2026-09-14_RMCC-meeting.ics"
    assert not any("leon" in p.name.lower() for p in paths)  # the subject is never in a file name


def test_ics_is_well_formed(store) -> None:
    """The .ics has CRLF lines, one VEVENT, floating start and end, a UTC stamp, and no subject name."""
    conference_id = demo_conference(store)
    _letters, ics = invitation_letters(store, conference_id)
    raw = ics.decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "DTSTART:20260914T100000" in lines and "DTEND:20260914T120000" in lines
    stamp = next(line for line in lines if line.startswith("DTSTAMP:"))
    assert stamp.endswith("Z")
    assert any(line.startswith("UID:conference-") for line in lines)
    assert "LOCATION:Room 3.12\\, Waverley Court" in lines
    assert "Leon" not in raw


def test_ics_escapes_and_folds_text() -> None:
    """Commas, semicolons, backslashes and newlines are escaped; long lines fold without splitting characters."""
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    event = CalendarEvent(
        uid="x@y",
        start=datetime(2026, 1, 2, 9, 30),
        duration=timedelta(hours=1),
        summary="Ł" * 60,
        description="Zoë; Ó Briain, " * 10,
    )
    ics = build_ics(event, stamp=datetime(2026, 1, 1, tzinfo=UTC))
    raw = ics.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    assert "SUMMARY:" + "Ł" * 60 in _unfold(ics)
    assert "DTSTAMP:20260101T000000Z" in raw


def test_executive_summary_has_no_restricted_content(store) -> None:
    """The summary for an outside request names the meeting and plan but none of the restricted items or victims."""
    conference_id = demo_conference(store)
    pdf = executive_summary(store, conference_id, "Solicitor for Mr Leon (letter of 1 October 2026)")
    text = " ".join(page_texts(pdf)).replace("\n", " ")
    assert "executive summary" in text and "Marcus Alan Leon" in text
    assert "Solicitor for Mr Leon" in text
    assert "Monitoring & control" in text and "High" in text
    for secret in RESTRICTED_TEXTS + ["Granton", "sisters", "prison visitor"]:
        assert secret not in text
