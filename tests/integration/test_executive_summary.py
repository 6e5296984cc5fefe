"""The executive summary for an outside request: who came, who sent apologies, who was absent; nothing sensitive."""

import io

import pdfplumber
import pytest

from solodesk.models import (
    AgendaItem,
    AgendaNote,
    Attendance,
    Conference,
    Decision,
    DisclosureDecision,
    RiskAssessment,
    Victim,
    VictimKind,
)
from solodesk.services.minute_letters import executive_summary
from tests.helpers.minutes import RESTRICTED_TEXTS, demo_conference, nfc, page_texts, raw_pdf_strings

pytestmark = pytest.mark.both_stores

REQUEST = "Solicitor for Mr Leon (letter of 1 October 2026)"
# Text a chair may write anywhere in the record that must never leave in a summary.
SENSITIVE = [
    "Unrestricted victim Zoë",  # a victim not marked restricted is still a victim
    "Lives at 14 Żurawia Street",
    "Intelligence: seen near the school",  # restricted notes of the risk item
    "Restricted decision about the family",
    "Decision under victim issues about the sisters",
    "Assessment intelligence note",
    "Disclose to the headteacher Ms Ní Bhriain",
    "Granton",
    "sisters",
    *RESTRICTED_TEXTS,
]


def _sensitive_record(store) -> int:
    conference_id = demo_conference(store)
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        conference.victims.append(
            Victim(
                kind=VictimKind.POTENTIAL,
                description="Unrestricted victim Zoë",
                where_they_live="Lives at 14 Żurawia Street",
                restricted=False,
            )
        )
        note = conference.note_for(AgendaItem.RISK_ASSESSMENT) or AgendaNote(item=AgendaItem.RISK_ASSESSMENT)
        note.restricted_notes = "Intelligence: seen near the school"
        conference.agenda_notes.append(note)
        conference.decisions.append(
            Decision(item=AgendaItem.ACTION_PLAN, decision="Restricted decision about the family", restricted=True)
        )
        conference.decisions.append(
            Decision(item=AgendaItem.VICTIM_ISSUES, decision="Decision under victim issues about the sisters")
        )
        conference.risk_assessments.append(
            RiskAssessment(subject=conference.subject, tool="RSVP", notes="Assessment intelligence note")
        )
        conference.disclosures.append(DisclosureDecision(to_whom="Disclose to the headteacher Ms Ní Bhriain"))
        by_name = {i.contact.name: i for i in conference.invitations}
        by_name["Ayşe Yılmaz"].attendance = Attendance.ABSENT
        by_name["Ayşe Yılmaz"].report_submitted = True  # ticked at convening: she never sent one with apologies
    return conference_id


def _rows(pdf: bytes) -> dict[str, str]:
    """Return the "Agencies" table as label → text (the label column is the left one)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                rows = {nfc(r[0] or "").replace("\n", " "): nfc(r[1] or "").replace("\n", " ") for r in table}
                if "Represented" in rows:
                    return rows
    raise AssertionError("no agencies table")


def test_summary_lists_present_apologies_and_absent_separately(store) -> None:
    """Present agencies, apologies with "report sent" only for the one that sent one, and the absent one apart."""
    pdf = executive_summary(store, _sensitive_record(store), REQUEST)
    rows = _rows(pdf)
    assert "Police Scotland — Offender Management Unit" in rows["Represented"]
    assert "Criminal Justice Social Work — North Team" in rows["Represented"]
    assert "HMP Northfield" not in rows["Represented"]  # absent, not represented
    assert rows["Apologies"] == "APEX Employment Service; SACRO Supported Accommodation (report sent)"
    assert rows["Absent"] == "HMP Northfield Prison Social Work"
    text = " ".join(page_texts(pdf)).replace("\n", " ")
    assert text.count("report sent") == 1  # present people's ticks never print as "report sent"
    assert "Agencies represented" not in text
    assert "Category 1 (registered sexual offender); Level 2 (multi-agency)" in text


def test_summary_never_holds_victim_intelligence_or_restricted_detail(store) -> None:
    """None of the sensitive texts is in the page text, nor anywhere else in the file."""
    pdf = executive_summary(store, _sensitive_record(store), REQUEST)
    text = " ".join(page_texts(pdf)).replace("\n", " ")
    raw = nfc(raw_pdf_strings(pdf))
    assert "Marcus Alan Leon" in text and "Solicitor for Mr Leon" in text
    for secret in SENSITIVE:
        assert secret not in text, secret
        assert secret not in raw, secret
    assert "Mr Leon will not return to IT work" in text  # an open, non-victim decision does appear
