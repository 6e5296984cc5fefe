"""Time personalised minute copies: one copy, then all 25, in-process.

Run: ``.venv/bin/python bench/minutes.py``. Builds (in a temporary store) a
held conference with 25 recipients whose minute runs to at least 12 pages, its
restricted items each with its own audience (the demo's), and prints one line:
``minutes: recipients=25 pages=P one_copy_s=A all_copies_s=B ratio=B/A audiences=K``
where each figure is the median of a few rounds, every round starting from the
stored snapshot with no layout cached (so both include laying out the body; the font's
remembered word widths do carry over between rounds, as they do in the app), and K
is the number of distinct sets of restricted items the 25 copies show (the body is
laid out once per set, so the target is all_copies_s <= (K + 1) x one_copy_s); then
``minutes_bigfield: chars=1000000 one_copy_s=A``: one copy whose agenda notes hold a
million characters of sentences in one field (laying out must stay near-linear); then
``minutes_long: pages=P one_copy_s=A all_copies_s=B``: the same 25 recipients for a
minute of about 150 pages (long agency updates in paragraphs and bullet lines, a long
action plan, the last plan's actions, many decisions), medians as above.
"""

import dataclasses
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from solodesk.models import Action, AgendaItem, Conference, Contact, Invitation, PlanArea
from solodesk.reports.minute_data import ActionRow, DecisionRow, IssueInfo
from solodesk.reports.minute_pdf import MinuteRenderer
from solodesk.services.demo import load_demo
from solodesk.services.minute_content import read_minute
from solodesk.store import CaseStore

ROUNDS = 3
RECIPIENTS = 25
PASSPHRASE = "benchmark passphrase"
FILLER = (
    "The group discussed the supervising officer's report in detail, including compliance with licence "
    "conditions, the stability of the accommodation, contact with family members and the progress of "
    "offence-focused work; each agency confirmed what it will share and when. "
)


def _grow(session) -> int:  # type: ignore[no-untyped-def]
    conference = session.scalars(select(Conference).order_by(Conference.id)).first()
    agency = conference.invitations[0].contact.agency
    for number in range(RECIPIENTS - len(conference.invitations)):
        contact = Contact(name=f"Officer Ní Dhomhnaill-Øberg {number + 1}", agency=agency, role="Core group member")
        conference.invitations.append(Invitation(contact=contact))
    for note in conference.agenda_notes:
        note.notes += "\n" + FILLER * 6
    start = conference.meeting_date
    for number in range(45):
        owner = conference.invitations[number % RECIPIENTS].contact
        conference.subject.actions.append(
            Action(
                raised_at_id=conference.id,
                description=f"Action {number + 1}: " + FILLER[: 120 + number * 3],
                owner=owner,
                owner_agency=owner.agency,
                due_date=start + timedelta(days=14 + number),
                plan_area=list(PlanArea)[number % len(PlanArea)],
            )
        )
    conference.note_for(AgendaItem.RISK_ASSESSMENT).restricted_notes = FILLER * 4
    session.flush()
    return conference.id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", PASSPHRASE)
        with store, store.session() as session:
            load_demo(session)
            session.flush()
            conference_id = _grow(session)
            content = read_minute(session, session.get(Conference, conference_id))
    issue = IssueInfo(1, "21 September 2026")
    recipients = content.distribution
    assert len(recipients) == RECIPIENTS
    one, every = [], []
    pages = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        MinuteRenderer(content, issue).copy_for(recipients[0])
        one.append(time.perf_counter() - start)
        start = time.perf_counter()
        renderer = MinuteRenderer(content, issue)
        copies = [renderer.copy_for(r) for r in recipients]
        every.append(time.perf_counter() - start)
        pages = min(renderer.pages(r) for r in recipients)
        assert len(copies) == RECIPIENTS
    audiences = len({renderer.visible_to(r) for r in recipients})
    assert audiences == renderer.layouts >= 4
    a, b = statistics.median(one), statistics.median(every)
    print(
        f"minutes: recipients={RECIPIENTS} pages={pages} one_copy_s={a:.3f} all_copies_s={b:.3f} ratio={b / a:.2f}"
        f" audiences={audiences}"
    )
    _big_field(content, issue)
    _long_minute(content, issue)


BIG_FIELD_CHARS = 1_000_000


def _big_field(content, issue) -> None:  # type: ignore[no-untyped-def]
    big = (FILLER * (BIG_FIELD_CHARS // len(FILLER) + 1))[:BIG_FIELD_CHARS]
    sections = [dataclasses.replace(s, notes=big) if s.number == 5 else s for s in content.sections]
    content = dataclasses.replace(content, sections=sections)
    start = time.perf_counter()
    MinuteRenderer(content, issue).copy_for(content.distribution[0])
    print(f"minutes_bigfield: chars={BIG_FIELD_CHARS} one_copy_s={time.perf_counter() - start:.3f}")


LONG_UPDATE_PARAGRAPHS = 92  # paragraphs of agency update under each agenda item
LONG_ACTIONS = 260


def _agency_update(number: int) -> str:
    """Return a long agency update: paragraphs separated by blank lines, some "- " bullet lines."""
    parts = []
    for paragraph in range(LONG_UPDATE_PARAGRAPHS):
        parts.append(f"Update {number}.{paragraph + 1}: " + FILLER * (1 + paragraph % 3))
        if paragraph % 5 == 4:
            parts.append("\n".join(f"- {FILLER[: 60 + 9 * line]}" for line in range(4)))
    return "\n\n".join(parts)


def _long_content(content):  # type: ignore[no-untyped-def]
    """Return the content grown to a minute of about 150 pages."""
    sections = [dataclasses.replace(s, notes=_agency_update(s.number)) for s in content.sections]
    people = content.distribution
    actions = [
        ActionRow(
            number=number + 1,
            description=f"Action {number + 1}: " + FILLER[: 100 + (number * 7) % 150],
            owner=people[number % len(people)].name,
            agency=people[number % len(people)].agency,
            due=f"{1 + number % 28:02d}/{1 + number % 12:02d}/2027",
            plan_area="Interventions & treatment",
            status=("Completed", "In progress", "Not started", "Overdue")[number % 4],
            outcome=FILLER[: 80 + (number * 11) % 120],
        )
        for number in range(LONG_ACTIONS)
    ]
    decisions = [
        DecisionRow(item="Risk management action plan", decision=FILLER[:160], reasons=FILLER, restricted=n % 4 == 0)
        for n in range(40)
    ]
    return dataclasses.replace(
        content, sections=sections, actions=actions, previous_actions=actions[:120], decisions=decisions
    )


def _long_minute(content, issue) -> None:  # type: ignore[no-untyped-def]
    content = _long_content(content)
    recipients = content.distribution
    one, every = [], []
    pages = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        MinuteRenderer(content, issue).copy_for(recipients[0])
        one.append(time.perf_counter() - start)
        start = time.perf_counter()
        renderer = MinuteRenderer(content, issue)
        for recipient in recipients:
            renderer.copy_for(recipient)
        every.append(time.perf_counter() - start)
        pages = min(renderer.pages(r) for r in recipients)
    a, b = statistics.median(one), statistics.median(every)
    print(f"minutes_long: pages={pages} one_copy_s={a:.3f} all_copies_s={b:.3f}")


if __name__ == "__main__":
    main()
