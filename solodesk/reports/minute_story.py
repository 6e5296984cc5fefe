"""The flowables of a minute: the front sheet and the agenda items in order.

One story exists per distinct set of visible restricted items: an item whose key is
in the set is printed with its audience mark ("Restricted — police and chair only");
any other restricted item leaves a "withheld" notice in its place and none of its text.
"""

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from solodesk.reports.long_text import bullet_list, text_paragraphs
from solodesk.reports.minute_data import ActionRow, IssueInfo, MinuteContent
from solodesk.reports.minute_front import NamePositions, front_sheet, heading, restricted_mark
from solodesk.reports.minute_record_story import (
    agency_updates,
    contingency,
    diversity_needs,
    exit_criteria,
    handling,
    level_decision,
    offender_sections,
)
from solodesk.reports.styles import FRAME_WIDTH, SHADE, Styles, TextParagraph, grid, para, text

WITHHELD = "{count} withheld from this copy (need to know). If you believe you need it, ask the chair."


def minute_story(
    content: MinuteContent, issue: IssueInfo, visible: frozenset[str], styles: Styles, names: NamePositions
) -> list[Flowable]:
    """Return the whole minute as flowables for one set of visible restricted items."""
    story = front_sheet(content, issue, visible, styles, names)
    story.append(PageBreak())
    story.extend(_body(content, visible, styles))
    return story


def _details_table(rows: list[tuple[str, str]], styles: Styles) -> Table:
    data = [
        [TextParagraph(text(label), styles.label), TextParagraph(text(value or "—"), styles.cell)]
        for label, value in rows
    ]
    return grid(
        data, [42 * 2.835, FRAME_WIDTH - 42 * 2.835], header=False, extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)]
    )


def _withheld(styles: Styles, count: int = 1) -> Paragraph:
    what = "A restricted item was" if count == 1 else f"{count} restricted items were"
    return para(WITHHELD.format(count=what), styles.withheld)


def subheading(title: str, styles: Styles) -> list[Flowable]:
    """Return a sub-heading kept off the foot of a page without dragging a long table with it (see keep_with_next)."""
    return [para(title, styles.h2)]


def _notes(story: list[Flowable], number: int, content: MinuteContent, visible: frozenset[str], styles: Styles) -> None:
    section = content.section(number)
    if section.notes.strip():
        story.extend(text_paragraphs(section.notes, styles.body))
    if section.restricted_notes.strip():
        if section.key in visible:
            story.extend(
                text_paragraphs(f"{restricted_mark(section.audience)}: " + section.restricted_notes, styles.body)
            )
        else:
            story.append(_withheld(styles))


def _heading(number: int, content: MinuteContent, styles: Styles) -> list[Flowable]:
    return heading(f"{number}. {content.section(number).title}", styles)


def _people(content: MinuteContent, attendance: str) -> str:
    # "Report sent" belongs with an apology: a tick made at convening says nothing about who came.
    return "; ".join(
        f"{p.name} ({p.agency})"
        + (", report sent" if p.report_submitted and attendance == "Apologies" else "")
        + (", arrived late" if p.arrived_late else "")
        + (", left early" if p.left_early else "")
        for p in content.core_group
        if p.attendance == attendance
    )


def _described(action: ActionRow, styles: Styles, with_reason: bool = True) -> list[Flowable]:
    """Return an action's description (marked when restricted), with its reason or intended outcome under it."""
    description = action.description
    if action.restricted:
        description = f"{restricted_mark(action.audience)}\n{description}"
    cell = [para(description, styles.cell)]
    if with_reason and action.reason.strip():
        cell.append(TextParagraph(f"<i>Reason:</i> {text(action.reason)}", styles.cell))
    return cell


def _actions(
    story: list[Flowable], actions: list[ActionRow], visible: frozenset[str], styles: Styles, with_outcome: bool
) -> None:
    shown = [a for a in actions if not a.restricted or a.key in visible]
    if shown:
        story.append(_actions_table(shown, styles, with_outcome))
    if len(shown) < len(actions):
        story.append(_withheld(styles, len(actions) - len(shown)))


def _actions_table(actions: list[ActionRow], styles: Styles, with_outcome: bool) -> Table:
    cells = styles.cell
    if with_outcome:
        head = ["No.", "Action", "Owner and agency", "Due", "Status", "Outcome"]
        rows = [
            [
                para(str(a.number), cells),
                _described(a, styles, with_reason=False),
                para(f"{a.owner}\n{a.agency}", cells),
                para(a.due or "—", cells),
                para(a.status, cells),
                para(a.outcome or "—", cells),
            ]
            for a in actions
        ]
        widths = [0.06, 0.3, 0.2, 0.12, 0.12, 0.2]
    else:
        head = ["No.", "Action", "Owner", "Agency", "Due", "Plan area"]
        rows = [
            [
                para(str(a.number), cells),
                _described(a, styles),
                para(a.owner, cells),
                para(a.agency, cells),
                para(a.due, cells),
                para(a.plan_area, cells),
            ]
            for a in actions
        ]
        widths = [0.06, 0.30, 0.17, 0.19, 0.13, 0.15]
    data = [[para(h, styles.cell_bold) for h in head]] + rows
    return grid(data, [w * FRAME_WIDTH for w in widths])


def _body(content: MinuteContent, visible: frozenset[str], styles: Styles) -> list[Flowable]:
    story: list[Flowable] = offender_sections(content, styles) if content.offender_information else []
    body = styles.body
    story.extend(_heading(1, content, styles))
    story.append(para("Present: " + (_people(content, "Present") or "nobody recorded"), body))
    _notes(story, 1, content, visible, styles)
    story.extend(_heading(2, content, styles))
    story.append(para("Apologies: " + (_people(content, "Apologies") or "none"), body))
    absent = _people(content, "Absent")
    if absent:
        story.append(para("Absent without apologies: " + absent, body))
    _notes(story, 2, content, visible, styles)
    story.extend(_heading(3, content, styles))
    if content.previous_minute:
        story.extend(text_paragraphs(content.previous_minute, body))
    _notes(story, 3, content, visible, styles)
    if content.previous_actions:
        story.extend(subheading("Actions from the last plan", styles))
        _actions(story, content.previous_actions, visible, styles, with_outcome=True)
    story.extend(_heading(4, content, styles))
    if content.meeting_ordinal:  # initial or review, and which meeting for this subject (MAPPA 5B)
        story.append(para(f"{content.meeting_type} meeting: the {content.meeting_ordinal}.", body))
    story.extend(bullet_list(content.reasons, styles.body))
    _notes(story, 4, content, visible, styles)
    story.extend(agency_updates(content, styles))
    story.extend(_heading(5, content, styles))
    _notes(story, 5, content, visible, styles)
    _victims(story, content, visible, styles)
    story.extend(_heading(6, content, styles))
    _assessments(story, content, visible, styles)
    _notes(story, 6, content, visible, styles)
    story.extend(diversity_needs(content, styles))
    story.extend(_heading(7, content, styles))
    _notes(story, 7, content, visible, styles)
    # MAPPA minute §2.2 order within item 7: disclosure (14), the plan and its contingency (15, 18),
    # the level decision (16), then decisions with their reasons and dissent (17, 19).
    story.extend(subheading("Disclosure decisions", styles))
    _disclosures(story, content, visible, styles)
    story.extend(subheading("Action plan", styles))
    if content.actions:
        _actions(story, content.actions, visible, styles, with_outcome=False)
    else:
        story.append(para("No actions were agreed.", body))
    story.extend(contingency(content, styles))
    story.extend(level_decision(content, styles))
    story.extend(subheading("Decisions, with reasons and dissent", styles))
    _decisions(story, content, visible, styles)
    story.extend(_heading(8, content, styles))
    story.extend(text_paragraphs(content.next_meeting or "Not recorded.", body))
    _notes(story, 8, content, visible, styles)
    story.extend(exit_criteria(content, styles))
    story.extend(handling(content, styles))
    # The last lines go with "End of minute.", which never stands alone on a page.
    story.append(KeepTogether([story.pop(), Spacer(1, 8), para("End of minute.", styles.small)]))
    return story


def _victims(story: list[Flowable], content: MinuteContent, visible: frozenset[str], styles: Styles) -> None:
    withheld = sum(1 for v in content.victims if v.restricted and v.key not in visible)
    for number, victim in enumerate(content.victims, start=1):
        if victim.restricted and victim.key not in visible:
            continue
        rows = [
            ("Description", victim.description),
            ("Relationship", victim.relationship),
            ("Where they live", victim.where_they_live),
            ("Child protection", "Yes" if victim.child_protection else "No"),
            ("Contact restrictions", victim.contact_restrictions),
            ("Exclusion area", victim.exclusion_area),
            ("Safety measures", victim.safety_measures),
        ]
        mark = f" · {restricted_mark(victim.audience)}" if victim.restricted else ""
        title = f"Victim {number} ({victim.kind.lower()})" + mark
        story.append(KeepTogether([para(title, styles.h2), _details_table(rows, styles)]))
    if withheld:
        story.append(_withheld(styles, withheld))


def _assessments(story: list[Flowable], content: MinuteContent, visible: frozenset[str], styles: Styles) -> None:
    cells = styles.cell
    shown = [a for a in content.assessments if not a.restricted or a.key in visible]
    if shown:
        head = [
            para(h, styles.cell_bold) for h in ("Tool", "Date and assessor", "Results by scale", "Summary and notes")
        ]
        rows = [
            [
                para(f"{a.tool}\n{restricted_mark(a.audience)}" if a.restricted else a.tool, cells),
                para(f"{a.assessed_on}\n{a.assessor}", cells),
                para("\n".join(f"{label}: {value}" for label, value in a.scale_lines()) or "—", cells),
                para("\n".join(x for x in (a.result, a.notes) if x), cells),
            ]
            for a in shown
        ]
        story.append(grid([head] + rows, [w * FRAME_WIDTH for w in (0.17, 0.17, 0.3, 0.36)]))
    if len(shown) < len(content.assessments):
        story.append(_withheld(styles, len(content.assessments) - len(shown)))
    for label, value in (
        ("Dynamic factors", content.dynamic_factors),
        ("Who is at risk", content.who_is_at_risk),
        ("Agreed level of risk", content.risk_level),
        ("Rationale", content.risk_rationale),
    ):
        if value.strip():
            story.extend(text_paragraphs(value, styles.body, prefix=f"<b>{text(label)}:</b> "))


def _decisions(story: list[Flowable], content: MinuteContent, visible: frozenset[str], styles: Styles) -> None:
    if not content.decisions:
        story.append(para("No decisions recorded.", styles.body))
    for number, decision in enumerate(content.decisions, start=1):
        if decision.restricted and decision.key not in visible:
            story.append(_withheld(styles))
            continue
        rows = [("Decision", decision.decision), ("Reasons", decision.reasons or "Not recorded.")]
        rows.append(("Dissent", decision.dissent or "None recorded."))
        mark = f" · {restricted_mark(decision.audience)}" if decision.restricted else ""
        title = f"Decision {number} (item: {decision.item})" + mark
        story.append(
            KeepTogether([para(title, styles.label), Spacer(1, 2), _details_table(rows, styles), Spacer(1, 5)])
        )


def _disclosures(story: list[Flowable], content: MinuteContent, visible: frozenset[str], styles: Styles) -> None:
    if not content.disclosures:
        story.append(para("No disclosure was considered.", styles.body))
    for number, item in enumerate(content.disclosures, start=1):
        if item.restricted and item.key not in visible:
            story.append(_withheld(styles))
            continue
        rows = [
            ("Decision", "Disclose" if item.disclose else "Do not disclose"),
            ("To whom", item.to_whom),
            ("What", item.what),
            ("Why", item.why),
            ("Authority", item.authority),
            ("Legal route", item.legal_route or "Not recorded"),
        ]
        if item.registration:
            rows.append(("Registration status", "Revealed: written police permission required."))
        story.append(
            KeepTogether(
                [
                    para(
                        f"Disclosure {number}" + (f" · {restricted_mark(item.audience)}" if item.restricted else ""),
                        styles.label,
                    ),
                    Spacer(1, 2),
                    _details_table(rows, styles),
                    Spacer(1, 5),
                ]
            )
        )
