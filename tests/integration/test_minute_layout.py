"""The minute's layout read back: whole words in tables, headings with what follows, DejaVu bullets, paragraphs."""

import io
from dataclasses import replace

import pdfplumber
import pytest

from solodesk.models import Conference
from solodesk.reports.conference_pack import ConferencePackData, PackAction, render_conference_pack
from solodesk.reports.minute_data import ActionRow, DecisionRow, DisclosureRow, IssueInfo, MinuteContent, Person
from solodesk.reports.minute_pdf import MinuteRenderer
from solodesk.services.minute_content import read_minute
from solodesk.services.minute_letters import executive_summary, invitation_letters
from tests.helpers.minutes import demo_conference, nfc

pytestmark = pytest.mark.both_stores

ISSUE = IssueInfo(1, "20 September 2026")
LONG_NAMES = [
    "Aleksandra Ní Dhomhnaill-Øberg-Łukasiewicz",
    "Dr Siobhán Ó Maolchathaigh-Wiśniewska-Nguyễn",
    "Bartholomew Featherstonehaugh-Cholmondeley",
]
LONG_EMAILS = [
    "aleksandra.ni-dhomhnaill-oberg@criminaljustice-northeast.gov.scot",
    "siobhan.obriain-wisniewska@childrenandfamilies.example.gov.uk",
    "b.featherstonehaugh-cholmondeley@supported-accommodation.example",
]
STATUSES = ["Completed", "Not started", "In progress", "Overdue"]
# The actions table's status column is 10 % of the width: "Completed" used to print as "Complet/ed".


@pytest.fixture
def content(store) -> MinuteContent:
    conference_id = demo_conference(store)
    with store.session() as session:
        return read_minute(session, session.get(Conference, conference_id))


def _pdf(content: MinuteContent) -> bytes:
    renderer = MinuteRenderer(content, ISSUE)
    return renderer.copy_for(content.distribution[0])


def _words(pdf: bytes) -> set[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return {nfc(w["text"]) for page in document.pages for w in page.extract_words()}


def _broken_mid_word(token: str, words: set[str]) -> list[str]:
    """Return the printed words that are a piece of the token cut anywhere but after one of its hyphens.

    A word cut mid-way leaves a proper prefix at the end of one line and a proper suffix at the
    start of the next; a wrap after a hyphen leaves a prefix ending in "-" and a suffix after one.
    """
    return [
        word
        for word in words
        if len(word) >= 4
        and word != token
        and (
            (token.startswith(word) and not word.endswith("-"))
            or (token.endswith(word) and token[-len(word) - 1] != "-")
        )
    ]


def test_long_names_emails_and_statuses_never_break_mid_word(content) -> None:
    """Long hyphenated names, long e-mail addresses and statuses print as whole words in every table."""
    people = [
        Person(name, "Criminal Justice Social Work — North East Team", "Supervising officer", "0131 496 0999", email)
        for name, email in zip(LONG_NAMES, LONG_EMAILS, strict=True)
    ]
    actions = [
        ActionRow(
            number,
            "Confirm release date and licence conditions with the Parole Board and prison.",
            owner=LONG_NAMES[number % 3],
            agency="HMP Northfield Prison Social Work",
            due="28/09/2026",
            plan_area="Interventions & treatment",
            status=STATUSES[number % 4],
            outcome="Done; confirmed in writing.",
        )
        for number in range(1, 9)
    ]
    pdf = _pdf(replace(content, core_group=content.core_group + people, actions=actions, previous_actions=actions))
    words = _words(pdf)
    for email in LONG_EMAILS:
        assert email in words, f"{email} is not printed whole"
    tokens = [token for text in LONG_NAMES + STATUSES for token in text.split() if len(token) >= 6] + LONG_EMAILS
    for token in tokens:
        assert not _broken_mid_word(token, words), f"{token} is broken mid-word"
    for status in ("Completed", "started", "progress", "Overdue"):
        assert status in words


def test_every_glyph_including_bullets_is_from_the_embedded_dejavu_fonts(content) -> None:
    """Bullets (reasons for convening, "- " lines in notes) are DejaVu glyphs; no other font is used at all."""
    sections = [
        replace(s, notes="Agency updates:\n- Police: registration confirmed\n- Housing: tenancy offered")
        if s.number == 1
        else s
        for s in content.sections
    ]
    pdf = _pdf(replace(content, sections=sections))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for page in document.pages for c in page.chars]
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    bullets = [c for c in chars if c["text"] == "•"]
    assert len(bullets) >= 2 * len(content.reasons) + 2  # front sheet and item 4, plus the two "- " lines
    assert {c["fontname"].split("+")[-1] for c in bullets} == {"DejaVuSans"}
    assert {c["fontname"].split("+")[-1] for c in chars} <= {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
    }
    assert "(cid:" not in text
    assert "• Police: registration confirmed" in text and "- Police" not in text


def _lines(page) -> list[tuple[float, str, bool]]:  # type: ignore[no-untyped-def]
    """Return the page's body lines (top, text, is a heading) between the header and footer rules."""
    out = []
    for line in page.extract_text_lines():
        if not 70 < line["top"] < page.height - 60:
            continue
        chars = [c for c in line["chars"] if c["text"].strip()]
        heading = all("Bold" in c["fontname"] and c["size"] >= 9.9 for c in chars)
        out.append((float(line["top"]), nfc(line["text"]), heading))
    return out


def test_paragraphs_and_bullet_lines_are_kept(content) -> None:
    """Blank lines separate paragraphs (with space between), single line breaks stay, '- ' lines are bullets."""
    notes = (
        "First paragraph of the police update.\nA second line of the same paragraph.\n\n"
        "Second paragraph, from housing.\n- first point\n- second point\n\nClosing paragraph."
    )
    sections = [replace(s, notes=notes) if s.number == 5 else s for s in content.sections]
    pdf = _pdf(replace(content, sections=sections))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        lines = [line for page in document.pages for line in _lines(page)]
    texts = [text for _, text, _ in lines]
    start = texts.index("First paragraph of the police update.")
    assert texts[start : start + 6] == [
        "First paragraph of the police update.",
        "A second line of the same paragraph.",
        "Second paragraph, from housing.",
        "• first point",
        "• second point",
        "Closing paragraph.",
    ]
    tops = [top for top, _, _ in lines[start : start + 6]]
    line_step = tops[1] - tops[0]
    assert tops[2] - tops[1] > line_step + 2  # a gap between paragraphs, none inside one


@pytest.mark.parametrize("filler_sentences", range(2, 10, 2))
def test_no_page_ends_with_a_heading(content, filler_sentences: int) -> None:
    """Whatever the length of the text before them, headings never sit alone at the foot of a page.

    The disclosure decision is a block kept together, taller than the room a fixed "keep 45 mm free"
    rule reserves, so somewhere in this sweep its heading used to be stranded.
    """
    sentence = "The group discussed the supervising officer's report and each agency's update in turn. "
    sections = [
        replace(s, notes=s.notes + "\n\n" + sentence * filler_sentences) if s.number == 7 else s
        for s in content.sections
    ]
    why = "Roles in IT may give access to children or their data; proportionate to the identified risk. " * 6
    disclosures = [replace(d, why=why) for d in content.disclosures]
    pdf = _pdf(replace(content, sections=sections, disclosures=disclosures))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [_lines(page) for page in document.pages]
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines, f"page {number} is empty"
        assert not lines[-1][2], f"page {number} ends with the heading {lines[-1][1]!r}"


def test_a_cell_taller_than_a_page_splits_across_pages(content) -> None:
    """A decision's reasons and an action's description longer than a page print in full instead of failing."""
    reasons = " ".join(f"Reason sentence {n} given by the group after discussion." for n in range(250))
    pdf = _pdf(
        replace(
            content,
            decisions=[DecisionRow("Risk management action plan", "Manage at level 2", reasons=reasons)],
            actions=[ActionRow(1, reasons.replace("Reason", "Step"), owner="DS Zoë Ó Briain")],
        )
    )
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)
    assert "Reason sentence 249 given" in text and "Step sentence 249 given" in text
    assert "Reason sentence 125 given" in text


def test_letters_and_executive_summary_draw_bullets_from_dejavu(store) -> None:
    """The invitation letter's and the executive summary's bullet points are DejaVu glyphs, never Helvetica."""
    conference_id = demo_conference(store)
    _name, letter = invitation_letters(store, conference_id)[0][0]
    summary = executive_summary(store, conference_id, "Solicitor for Mr Leon (letter of 1 October 2026)")
    for pdf in (letter, summary):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            chars = [c for page in document.pages for c in page.chars]
        bullets = [c for c in chars if c["text"] == "•"]
        assert bullets and {c["fontname"].split("+")[-1] for c in bullets} == {"DejaVuSans"}
        assert not [c for c in chars if "DejaVu" not in c["fontname"]]


def test_conference_pack_action_table_keeps_names_and_statuses_whole() -> None:
    """The pack's outstanding actions print "Completed" and long compound owners without a mid-word break."""
    actions = tuple(
        PackAction(
            "Confirm the licence conditions.", LONG_NAMES[n % 3], "HMP Northfield", "28/09/2026", "Supervision", s
        )
        for n, s in enumerate(STATUSES * 2)
    )
    pack = ConferencePackData(
        marking="OFFICIAL-SENSITIVE",
        organisation="Social Work Services",
        recipient="DS Zoë Ó Briain",
        subject_name="Marcus Alan Leon",
        subject_details=(("Born", "1979"),),
        conference_title="Review",
        meeting="",
        confidentiality="",
        agenda=(),
        previous=None,
        actions=actions,
    )
    words = _words(render_conference_pack(pack))
    for token in [t for text in LONG_NAMES + STATUSES for t in text.split() if len(t) >= 6]:
        assert not _broken_mid_word(token, words), f"{token} is broken mid-word"
    assert {"Completed", "Overdue", "progress", "started"} <= words


def test_a_row_just_taller_than_a_page_still_prints(content) -> None:
    """A disclosure whose reason is a few points taller than a page is cut (not refused with a layout error)."""
    why = "The group discussed the report and each agency's update in turn. " * 80  # 709 points; a page holds 705
    pdf = _pdf(replace(content, disclosures=[DisclosureRow("Prospective employer", what="Conviction", why=why)]))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)
    assert text.count("each agency's update in turn.") == 80
