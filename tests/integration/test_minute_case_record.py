"""The minute carries the case record in the MAPPA order (§2.2) within the fixed agenda, read back from real PDFs."""

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from solodesk.models import (
    AddressOnMinute,
    Conference,
    LevelDecision,
    ManagementLevel,
    MappaCategory,
    Setting,
    Subject,
)
from solodesk.services.minute_views import preview_pdf
from solodesk.services.settings import load_settings, save_settings
from tests.helpers.minutes import demo_conference, page_texts

pytestmark = pytest.mark.both_stores

# The minute's headings, in order: the case record opens the body, the agenda follows, handling closes it.
HEADINGS = [
    "Distribution",
    "Reasons for convening",
    "Core group",
    "Confidentiality",
    "Inaccuracies",
    "Offender information",
    "Relevant dates and order or licence status",
    "Hospital detention (restricted patients)",
    "1. Introductions",
    "2. Apologies",
    "3. Minute of last meeting",
    "4. Purpose of meeting",
    "Agency updates",
    "5. Victim issues",
    "6. Assessment of risk",
    "Diversity needs and responses",
    "7. Risk management action plan",
    "Disclosure decisions",
    "Action plan",
    "Contingency: warning signs and responses",
    "MAPPA level decision",
    "Decisions, with reasons and dissent",
    "8. Next meeting",
    "Exit criteria",
    "Handling and freedom of information",
    "End of minute.",
]


def _lines(pdf: bytes) -> list[str]:
    return [line.strip() for page in page_texts(pdf) for line in page.splitlines()]


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page_texts(pdf)))


def _positions(lines: list[str], headings: list[str]) -> list[int]:
    found, start = [], 0
    for title in headings:
        index = next(i for i in range(start, len(lines)) if lines[i] == title)
        found.append(index)
        start = index + 1
    return found


def test_the_demo_minute_has_every_section_in_order_with_its_content(store) -> None:
    """Headings come in the §2.2 order inside the agenda; each section carries what the chair recorded."""
    conference_id = demo_conference(store)
    pdf = preview_pdf(store, conference_id, recipient_number=1)
    lines = _lines(pdf)
    positions = _positions(lines, HEADINGS)  # raises StopIteration when one is missing or out of order
    assert positions == sorted(positions)
    text = _text(pdf)
    for expected in (
        "Initial · 1st meeting for this subject",
        "Initial meeting: the 1st meeting for this subject.",
        "14 September 2026, 10:00 (started 10:05, ended 11:50)",
        "Date of birth and age 02/04/1979, aged 47 at the meeting",
        "Ethnicity White Scottish",
        "Index offence(s) Convicted of lewd",
        "Sentence 6 years' imprisonment, extended sentence",
        "Subject to notification requirements (registered).",
        "Warning flags No contact with children under 17",
        "1 September 2026, from HMP Northfield, prison-based social work",
        "Circular 18 notification",
        "Release 12 December 2026 (as notified)",
        "Date of sentence 15 March 2021",
        "Licence or order ends 11 December 2029",
        "Siobhán O'Connor (Criminal Justice Social Work — North Team): Mr Leon has completed",
        "Dyslexia: struggles with written conditions Licence conditions read through",
        "Reason: So every agency plans for the same release date",
        "→ Police to visit within 24 hours",
        "Level 2 (multi-agency): set at this meeting.",
        "Reason: High risk of harm with dynamic factors present",
        "Legal route Common law power to disclose",
        "Twelve months in the community without breach",
        "The confidentiality statement was read and agreed by everyone present.",
        "Freedom of Information (Scotland) Act 2002",
        "Łukasz Wiśniewski (City Council Housing), arrived late",
    ):
        assert expected in text, expected


def test_a_non_mappa_subject_says_how_it_is_managed_and_never_prints_a_level(store) -> None:
    """Not MAPPA with a stray level 2: no level anywhere, no "MAPPA level decision", the arrangements instead."""
    conference_id = demo_conference(store)
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        assert conference is not None
        conference.subject.mappa_category = MappaCategory.NOT_MAPPA
        conference.subject.management_level = ManagementLevel.LEVEL_2
        conference.level_decision = LevelDecision.KEPT
        conference.level_reason = "Weekly supervision and police home visits under the local protocol."
    text = _text(preview_pdf(store, conference_id, recipient_number=1))
    assert "MAPPA Not managed under MAPPA" in text  # the front sheet's details
    assert "How the case is managed Not managed under MAPPA: the case is managed through risk management" in text
    assert "Arrangements: Weekly supervision and police home visits under the local protocol." in text
    assert "Level 2 (multi-agency)" not in text and "MAPPA level decision" not in text
    assert "Not MAPPA; management" not in text and "kept at this level" not in text


def test_the_subjects_address_prints_as_the_area_unless_the_chair_chooses(store) -> None:
    """By default the area, never the street; the full address only when chosen; nothing when chosen."""
    conference_id = demo_conference(store)
    with store.session() as session:
        subject = session.scalars(select(Subject)).first()
        assert subject is not None
        subject.current_address = "Flat 2/1, 14 Ferry Road, Edinburgh EH6 4AB"
        subject.address_area = "Leith, Edinburgh"
    text = _text(preview_pdf(store, conference_id, recipient_number=1))
    assert "Address Leith, Edinburgh (area only: the street address is not printed)" in text
    assert "Ferry Road" not in text and "EH6" not in text
    for choice, shown, hidden in (
        (AddressOnMinute.FULL, "Current address Flat 2/1, 14 Ferry Road, Edinburgh EH6 4AB", "area only"),
        (AddressOnMinute.NONE, "Address Not printed on this minute (the chair's decision).", "Ferry Road"),
    ):
        with store.session() as session:
            conference = session.get(Conference, conference_id)
            assert conference is not None
            conference.address_on_minute = choice
        text = _text(preview_pdf(store, conference_id, recipient_number=1))
        assert shown in text and hidden not in text


def test_handling_and_foi_follow_the_organisations_settings(store) -> None:
    """Scotland by default (FOISA s.38(1)(b)); England and Wales cites FOIA 2000; own wording replaces both."""
    conference_id = demo_conference(store)
    with store.session() as session:
        save_settings(session, replace(load_settings(session), jurisdiction="england_wales"))
    text = _text(preview_pdf(store, conference_id, recipient_number=1))
    assert (
        "Freedom of Information Act 2000 is likely to fall within its exemptions in sections 30(1)(b), 38, 40" in text
    )
    assert "(Scotland)" not in text
    assert "Handling: Keep this minute in secure storage only" in text
    with store.session() as session:
        own = replace(load_settings(session), handling_caveat="Return to Zoë Ó Briain after the meeting.")
        save_settings(session, replace(own, foi_position="Ask the MAPPA co-ordinator."))
        assert session.get(Setting, "jurisdiction") is not None
    text = _text(preview_pdf(store, conference_id, recipient_number=1))
    assert "Handling: Return to Zoë Ó Briain after the meeting." in text
    assert "Freedom of information: Ask the MAPPA co-ordinator." in text
    assert "Freedom of Information Act 2000" not in text


def test_a_young_persons_review_prints_the_under_18_mark_and_which_meeting_it_is(store) -> None:
    """Age at the meeting and "UNDER 18" in offender information; the review says it is the 2nd meeting."""
    demo_conference(store)
    with store.session() as session:
        subject = session.scalars(select(Subject)).first()
        assert subject is not None
        subject.date_of_birth = subject.date_of_birth.replace(year=2010) if subject.date_of_birth else None
        review = session.scalars(select(Conference).where(Conference.previous_conference_id.is_not(None))).one()
        review_id = review.id
    text = _text(preview_pdf(store, review_id, recipient_number=1))
    assert "02/04/2010, aged 16 at the meeting · UNDER 18" in text
    assert "Review · 2nd meeting for this subject (1st review)" in text
