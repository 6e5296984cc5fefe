"""The minute PDF read back: highlight, marking, need to know, every name intact."""

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from solodesk.models import Conference
from solodesk.reports.fonts import UnprintableTextError
from solodesk.reports.minute_data import Amendment, IssueInfo, Person, Recipient
from solodesk.reports.minute_pdf import MinuteRenderer
from solodesk.reports.minute_snapshot import content_from_json, content_to_json
from solodesk.services.minute_content import read_minute
from tests.helpers.minutes import (
    DEMO_NAMES,
    RESTRICTED_TEXTS,
    demo_conference,
    highlighted_names,
    nfc,
    page_texts,
    raw_pdf_strings,
)


@pytest.fixture
def content(store):
    conference_id = demo_conference(store)
    with store.session() as session:
        return read_minute(session, session.get(Conference, conference_id))


@pytest.fixture
def renderer(content):
    return MinuteRenderer(content, IssueInfo(1, "20 September 2026"))


def _recipient(content, name):
    return next(r for r in content.distribution if r.name == name)


def test_only_the_recipients_name_is_highlighted(content, renderer) -> None:
    """Each copy highlights its own recipient's name on page 1 (the front sheet) and no name anywhere else."""
    all_names = [r.name for r in content.distribution]
    for name in DEMO_NAMES:
        pdf = renderer.copy_for(_recipient(content, name))
        assert highlighted_names(pdf, [name], pages=[1]) == {name: 1}
        assert sum(highlighted_names(pdf, all_names).values()) == 1


def test_long_distribution_list_is_still_on_the_front_sheet(content) -> None:
    """With 25 recipients with long agency names, every copy highlights its recipient on page 1 and nowhere else."""
    extra = [
        Recipient(number, f"Officer Ní Dhomhnaill-Øberg {number}", "Criminal Justice Social Work — North East Team")
        for number in range(len(content.distribution) + 1, 26)
    ]
    long_list = replace(content, distribution=content.distribution + extra)
    renderer = MinuteRenderer(
        long_list, IssueInfo(2, "1 October 2026", [Amendment("Item 5: a longer amendment. " * 4)])
    )
    all_names = [r.name for r in long_list.distribution]
    for recipient in (long_list.distribution[0], long_list.distribution[12], extra[3], extra[-1]):
        pdf = renderer.copy_for(recipient)
        assert highlighted_names(pdf, [recipient.name], pages=[1]) == {recipient.name: 1}
        assert sum(highlighted_names(pdf, all_names).values()) == 1
    assert "Officer Ní Dhomhnaill-Øberg 25" in page_texts(pdf)[0]


def test_highlight_is_painted_behind_the_name(content, renderer) -> None:
    """The highlight fill is the page's first content stream, drawn before (under) the name's text."""
    pdf = renderer.copy_for(_recipient(content, "Łukasz Wiśniewski"))
    page = next(p for p in PdfReader(io.BytesIO(pdf)).pages if "Distribution" in p.extract_text())
    streams = [ref.get_object().get_data() for ref in page["/Contents"]]
    assert b"re f" in streams[0] and b"Tj" not in streams[0]
    assert any(b"Tj" in data for data in streams[1:])


def test_marking_copy_name_and_page_numbers_on_every_page(content, renderer) -> None:
    """Every page carries the marking in header and footer, 'Copy for NAME', page X of Y and the version."""
    pdf = renderer.copy_for(_recipient(content, "DS Zoë Ó Briain"))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert "Copy for DS Zoë Ó Briain" in text
        assert f"Page {number} of {len(texts)}" in text
        assert "Minute version 1" in text


def test_marking_comes_from_settings(content) -> None:
    """A configured protective marking replaces the default on every page."""
    custom = replace(content, marking="OFFICIAL-SENSITIVE PERSONAL")
    pdf = MinuteRenderer(custom, IssueInfo(1, "today")).copy_for(custom.distribution[0])
    assert all("OFFICIAL-SENSITIVE PERSONAL" in text for text in page_texts(pdf))


def test_restricted_items_only_in_cleared_copies(content, renderer) -> None:
    """Copies in an item's audience contain its text, marked; others say an item was withheld and contain none of it."""
    cleared = _recipient(content, "Siobhán O'Connor")  # named in the audience of the three RESTRICTED_TEXTS
    not_cleared = _recipient(content, "Łukasz Wiśniewski")  # housing: in no audience
    cleared_text = " ".join(page_texts(renderer.copy_for(cleared))).replace("\n", " ")
    other_pdf = renderer.copy_for(not_cleared)
    other_text = " ".join(page_texts(other_pdf)).replace("\n", " ")
    for secret in RESTRICTED_TEXTS:
        assert secret in cleared_text
        assert secret not in other_text
        assert secret not in raw_pdf_strings(other_pdf)
    assert "Restricted — police, Siobhán O'Connor and chair only: Police intelligence" in cleared_text
    assert "A restricted item was withheld from this copy" in cleared_text  # victim 2: children & families, police
    assert "Restricted items were withheld from it (need to know)." in other_text
    assert "2 restricted items were withheld from this copy" in other_text  # the two victims
    assert other_text.count("withheld from this copy (need to know)") >= 3


def test_non_ascii_names_come_back_intact(content, renderer) -> None:
    """Zoë Ó Briain, Łukasz Wiśniewski, Nguyễn Thị Mai and Siobhán O'Connor extract exactly as stored."""
    pdf = renderer.copy_for(content.distribution[0])
    text = " ".join(page_texts(pdf))
    pypdf_text = nfc(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for name in DEMO_NAMES + ["Ayşe Yılmaz", "José Muñoz-Ferreira", "Kirsty D'Arcy"]:
        assert name in text
        assert name in pypdf_text


def test_agenda_items_appear_in_fixed_order(content, renderer) -> None:
    """The body follows the fixed agenda 1 to 8, with disclosures, the action plan and decisions in item 7."""
    text = " ".join(page_texts(renderer.copy_for(content.distribution[0])))
    headings = [
        "1. Introductions",
        "2. Apologies",
        "3. Minute of last meeting",
        "4. Purpose of meeting",
        "5. Victim issues",
        "6. Assessment of risk",
        "7. Risk management action plan",
        "Disclosure decisions",
        "Action plan",
        "Decisions, with reasons and dissent",
        "8. Next meeting",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Prison social work considered medium more accurate" in text  # dissent is recorded


def test_front_sheet_has_the_pro_forma_parts(content, renderer) -> None:
    """The front sheet shows subject, meeting, chair, reasons, core group, distribution and confidentiality."""
    front = " ".join(page_texts(renderer.copy_for(content.distribution[0]))[:2])
    for part in (
        "Social Work Services",
        "Marcus Alan LEON",
        "DEMO-0001",
        "Initial",
        "14 September 2026, 10:00",
        "Room 3.12, Waverley Court",
        "Margaret Nicolson",
        "Hannah Doyle",
        "High-risk offender returning to the community",
        "Core group",
        "m.nicolson@council.example",
        "Distribution",
        "Confidentiality",
        "contact the chair",
    ):
        assert part in front


def test_unprintable_character_is_reported_naming_the_field(content) -> None:
    """A character the font cannot draw stops rendering with a sentence naming the field; nothing is dropped."""
    broken = replace(content, core_group=content.core_group + [Person(name="王小明", agency="Test")])
    with pytest.raises(UnprintableTextError) as caught:
        MinuteRenderer(broken, IssueInfo(1, "today"))
    message = str(caught.value)
    assert "Core group 10 name" in message
    assert "王" in message


def test_snapshot_round_trips(content) -> None:
    """The JSON snapshot rebuilds the same content."""
    assert content_from_json(content_to_json(content)) == content


def test_amendments_are_listed_on_the_front_sheet(content) -> None:
    """A version 2 copy lists the amendments since version 1 on its front sheet."""
    issue = IssueInfo(2, "1 October 2026", [Amendment("Victim 1: the exclusion area also covers Muirhouse.")])
    texts = page_texts(MinuteRenderer(content, issue).copy_for(content.distribution[0]))
    assert "Amendments since version 1" in texts[0]
    assert "exclusion area also covers Muirhouse" in texts[0]
    assert "Minute version 2" in texts[-1]


def test_restricted_amendment_text_only_in_cleared_copies(content) -> None:
    """A restricted amendment's text is printed in cleared copies only; others say one was made, details withheld."""
    secret = "Victim 1 now lives at 14 Secret Street"
    reader = _recipient(content, "Siobhán O'Connor").number
    issue = IssueInfo(
        2,
        "1 October 2026",
        [
            Amendment("Item 2: Kirsty D'Arcy sent apologies."),
            Amendment(secret, True, "amendment:1", [reader], "criminal justice social work and chair only"),
        ],
    )
    renderer = MinuteRenderer(content, issue)
    cleared = renderer.copy_for(_recipient(content, "Siobhán O'Connor"))
    other = renderer.copy_for(_recipient(content, "Łukasz Wiśniewski"))
    cleared_front, other_front = page_texts(cleared)[0], page_texts(other)[0]
    assert "Kirsty D'Arcy sent apologies" in cleared_front and "Kirsty D'Arcy sent apologies" in other_front
    assert secret in cleared_front.replace("\n", " ")
    assert "An amendment to restricted information was made (details withheld)." in other_front
    assert "Secret Street" not in " ".join(page_texts(other)) and "Secret Street" not in raw_pdf_strings(other)


def test_copies_are_well_formed_and_reproducible(content, renderer, caplog) -> None:
    """A copy parses strictly without reader warnings, and rendering it again gives the same bytes."""
    recipient = _recipient(content, "Nguyễn Thị Mai")
    pdf = renderer.copy_for(recipient)
    with caplog.at_level("WARNING"):
        reader = PdfReader(io.BytesIO(pdf), strict=True)
        assert "Copy for Nguyễn Thị Mai" in nfc(reader.pages[-1].extract_text())
    assert caplog.records == []
    again = MinuteRenderer(content, IssueInfo(1, "20 September 2026")).copy_for(recipient)
    assert again == pdf
