"""Property: for random audiences over random recipients, each copy holds exactly the restricted items it may.

Restricted item i's text is in recipient r's copy if and only if r is in i's audience or
chairs the conference; a withheld text is in the file in no form: not in the extracted
text, not in any decompressed stream or string, and the copy's bytes do not change at
all when the withheld text does.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solodesk.models import AgencyKind
from solodesk.reports.minute_data import (
    ActionRow,
    AgendaSection,
    DecisionRow,
    IssueInfo,
    MinuteContent,
    Recipient,
    VictimRow,
)
from solodesk.reports.minute_pdf import MinuteRenderer
from solodesk.services.audience import Audience, Member
from tests.helpers.minutes import page_texts, raw_pdf_strings

KINDS = [AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES, AgencyKind.HEALTH, AgencyKind.HOUSING]
NAMES = ["Zoë Ó Briain", "Siobhán O'Connor", "Łukasz Wiśniewski", "Nguyễn Thị Mai"]
SLOTS = ["note", "victim", "decision", "action"]  # where each restricted item sits in the minute


def secret(index: int, variant: str = "") -> str:
    """Return item ``index``'s restricted text: a word that appears nowhere else in a minute."""
    return f"Quokkazulu{index}{variant}"


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[Member], list[Audience]]:
    """Draw 2-4 recipients (one chairs) of random agency kinds and 1-3 restricted items with random audiences."""
    count = draw(st.integers(2, 4))
    chair = draw(st.integers(0, count - 1))
    members = [Member(n + 1, draw(st.sampled_from(KINDS)), chair=n == chair) for n in range(count)]
    ids = [m.contact_id for m in members if m.contact_id is not None]
    audiences = draw(
        st.lists(
            st.builds(
                Audience,
                contacts=st.frozensets(st.sampled_from(ids)),
                kinds=st.frozensets(st.sampled_from(KINDS), max_size=2),
                withheld=st.dictionaries(st.sampled_from(ids), st.just("need to know"), max_size=1),
            ),
            min_size=1,
            max_size=3,
        )
    )
    return members, audiences


def _content(members: list[Member], audiences: list[Audience], changed: frozenset[int] = frozenset()) -> MinuteContent:
    """Return a small minute with the restricted items; the texts of ``changed`` items read differently."""
    recipients = [
        Recipient(n, NAMES[n - 1], "Agency", m.contact_id, kind=str(m.kind), chair=m.chair)
        for n, m in enumerate(members, start=1)
    ]

    def readers(index: int) -> list[int]:
        return [r.number for r, m in zip(recipients, members, strict=True) if audiences[index].includes(m)]

    sections = [AgendaSection(n, f"Item {n}") for n in range(1, 9)]
    victims, decisions, actions = [], [], []
    for index in range(len(audiences)):
        text, marks = (
            secret(index, "Other" if index in changed else ""),
            {"key": f"{SLOTS[index]}:{index}", "readers": readers(index)},
        )
        if SLOTS[index] == "note":
            sections[4] = AgendaSection(5, "Victim issues", "Open notes.", text, audience="a few", **marks)
        elif SLOTS[index] == "victim":
            victims.append(VictimRow("Known", description=text, restricted=True, audience="a few", **marks))
        elif SLOTS[index] == "decision":
            decisions.append(DecisionRow("Action plan", text, restricted=True, audience="a few", **marks))
    actions.append(ActionRow(1, "An open action for everyone.", owner="Zoë", due="01/10/2026"))
    return MinuteContent(
        organisation="Social Work Services",
        marking="OFFICIAL-SENSITIVE",
        confidentiality_statement="Confidential.",
        subject_name="Marcus Leon",
        subject_surname="Leon",
        meeting_type="Review",
        meeting_date="14 September 2026",
        meeting_date_iso="2026-09-14",
        meeting_time="10:00",
        venue="Room 1",
        chair="The chair",
        chair_contact="",
        minute_taker="The minute-taker",
        distribution=recipients,
        sections=sections,
        victims=victims,
        decisions=decisions,
        actions=actions,
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_each_copy_holds_exactly_what_its_recipient_may_see(case: tuple[list[Member], list[Audience]]) -> None:
    """Text i is in copy r iff r is in audience i or chairs; withheld text is in no form in the file."""
    members, audiences = case
    content = _content(members, audiences)
    renderer = MinuteRenderer(content, IssueInfo(1, "20 September 2026"))
    distinct = set()
    changed: dict[frozenset[int], MinuteRenderer] = {}
    for recipient, member in zip(content.distribution, members, strict=True):
        pdf = renderer.copy_for(recipient)
        text = " ".join(page_texts(pdf)).replace("\n", " ")
        raw = raw_pdf_strings(pdf)
        seen = frozenset(i for i, audience in enumerate(audiences) if audience.includes(member))
        distinct.add(seen)
        for index in range(len(audiences)):
            if index in seen:
                assert secret(index) in text
                assert "Restricted — a few" in text
            else:
                assert secret(index) not in text and secret(index) not in raw
        if not seen:
            assert "Restricted items were withheld from it (need to know)." in text
        # Changing the texts this recipient may not see changes nothing in their file.
        withheld = frozenset(range(len(audiences))) - seen
        if withheld:
            if withheld not in changed:
                changed[withheld] = MinuteRenderer(_content(members, audiences, withheld), renderer.issue)
            assert changed[withheld].copy_for(recipient) == pdf
    assert renderer.layouts == len(distinct)


def test_one_layout_per_visible_set() -> None:
    """Recipients whose audiences agree share one layout: four recipients, two visible sets, two layouts."""
    members = [Member(1, AgencyKind.POLICE, chair=True), Member(2, AgencyKind.POLICE)]
    members += [Member(3, AgencyKind.HOUSING), Member(4, AgencyKind.HEALTH)]
    content = _content(members, [Audience(kinds=frozenset({AgencyKind.POLICE}))])
    renderer = MinuteRenderer(content, IssueInfo(1, "20 September 2026"))
    copies = [renderer.copy_for(r) for r in content.distribution]
    assert renderer.layouts == 2
    assert copies[0] != copies[1]  # same body, different name highlighted
    assert [r.number for r in content.distribution if secret(0) in " ".join(page_texts(copies[r.number - 1]))] == [
        1,
        2,
    ]
    again = MinuteRenderer(content, IssueInfo(1, "20 September 2026"))
    assert copies == [again.copy_for(r) for r in content.distribution]  # byte-identical per recipient
