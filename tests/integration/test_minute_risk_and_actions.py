"""The minute read back: tool results under each scale's name; earlier actions with due date and status."""

import io
from datetime import date

import pdfplumber
import pytest
from sqlalchemy import select

from solodesk.models import Action, ActionStatus, Conference, ConferenceType, RiskAssessment
from solodesk.reports.minute_data import IssueInfo, Recipient
from solodesk.reports.minute_pdf import PREVIEW_NAME, MinuteRenderer
from solodesk.services.minute_content import read_minute
from tests.helpers.minutes import demo_conference, nfc, page_texts

pytestmark = pytest.mark.both_stores


def _minute(store, conference_id: int) -> bytes:
    with store.session() as session:
        content = read_minute(session, session.get(Conference, conference_id))
    renderer = MinuteRenderer(content, IssueInfo(1, "20 December 2026"))
    return renderer.copy_for(Recipient(0, PREVIEW_NAME))  # the chair's file: every restricted item shown


def _column(pdf: bytes, heading: str, next_heading: str) -> list[str]:
    """Return the lines of a table column: the text between its heading and the next one's left edge.

    A table that runs on to the next page repeats its heading there; the column goes on under it.
    """
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            words = page.extract_words()
            for at, word in enumerate(words):
                following = words[at + 1 : at + 8]
                after = next((w for w in following if w["text"] == next_heading.split()[0]), None)
                if word["text"] == heading.split()[0] and after is not None and after["top"] == word["top"]:
                    box = (word["x0"] - 1, word["top"], after["x0"] - 1, page.height - 60)
                    column = nfc(page.crop(box).extract_text() or "").splitlines()
                    lines.extend(column if not lines else column[len(heading.splitlines()) :])
                    break
            else:
                if lines:  # the table ended on the page before
                    return lines
    if not lines:
        raise AssertionError(f"no column {heading!r} before {next_heading!r}")
    return lines


def test_the_minute_prints_each_tools_results_by_scale_name(store) -> None:
    """RM2000's three scales, SA07's two and an AIM3 row print by name; the old two-band heading is gone."""
    conference_id = demo_conference(store)
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        conference.risk_assessments.append(
            RiskAssessment(
                subject=conference.subject,
                tool="AIM3 (young people)",
                assessed_on=date(2026, 8, 30),
                results={"static_concern": "Medium", "dynamic": "High"},
            )
        )
    pdf = _minute(store, conference_id)
    results = " ".join(_column(pdf, "Results by scale", "Summary and notes"))
    for printed in (
        "Sexual reconviction (RM2000/S): Medium",
        "Violence (RM2000/V): High",
        "Combined (RM2000/C): High",
        "Stable-2007 level: Moderate",
        "Acute-2007 level: Low",
        "Static concern: Medium",
        "Dynamic concern: High",
    ):
        assert printed in results, printed
    tools = _column(pdf, "Tool", "Date and assessor")
    assert tools[:2] == ["Tool", "Risk Matrix 2000"] and "AIM3" in tools
    text = " ".join(page_texts(pdf))
    assert "AIM3 (young people)" not in text  # printed under the registry's name, not as the old list spelt it
    assert "Bands" not in text and "Reconviction: " not in text


def test_the_earlier_actions_table_has_due_date_and_status(store) -> None:
    """At the review, each action from the last plan shows its due date and its status (Ongoing, Not done)."""
    demo_conference(store)
    with store.session() as session:
        review = session.scalars(select(Conference).where(Conference.kind == ConferenceType.REVIEW)).one()
        actions = session.scalars(select(Action).order_by(Action.id)).all()
        actions[0].status, actions[0].reviewed_at_id = ActionStatus.ONGOING, review.id
        actions[1].status, actions[1].reviewed_at_id = ActionStatus.NOT_DONE, review.id
        dues = [a.due_date.strftime("%d/%m/%Y") for a in actions[:2]]
        review_id = review.id
    pdf = _minute(store, review_id)
    assert "Actions from the last plan" in " ".join(page_texts(pdf))
    due_column = _column(pdf, "Due", "Status")
    status_column = _column(pdf, "Status", "Outcome")
    assert due_column[:3] == ["Due", *dues]
    assert status_column[:3] == ["Status", "Ongoing", "Not done"]


def test_report_sent_prints_only_with_an_apology(store) -> None:
    """Two present members ticked "report" at convening: only Kirsty D'Arcy's apology says "report sent"."""
    text = " ".join(page_texts(_minute(store, demo_conference(store)))).replace("\n", " ")
    assert text.count("report sent") == 2  # her row of the core group, and the apologies under item 2
    assert "Kirsty D'Arcy (SACRO Supported Accommodation), report sent" in text


def test_a_minute_issued_before_tool_scales_still_renders_its_bands(store) -> None:
    """An issued snapshot holding the two old bands (no scales) re-renders them under their old names."""
    from solodesk.reports.minute_snapshot import content_from_json, content_to_json

    with store.session() as session:
        content = read_minute(session, session.get(Conference, demo_conference(store)))
    snapshot = content_to_json(content)
    for entry in snapshot["assessments"]:
        entry.pop("scales")
    snapshot["assessments"][0].update(reconviction_band="Medium", harm_band="High")
    old = content_from_json(snapshot)
    pdf = MinuteRenderer(old, IssueInfo(1, "20 September 2026")).copy_for(old.distribution[0])
    results = " ".join(_column(pdf, "Results by scale", "Summary and notes"))
    assert "Risk of reconviction: Medium" in results and "Risk of harm: High" in results
