"""The flowables of a minute: the front sheet and the agenda items in order.

Only two variants of the story exist per issue: with restricted items (for
cleared recipients) and without them (a "withheld" notice in their place).
"""

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from solodesk.reports.minute_data import ActionRow, IssueInfo, MinuteContent
from solodesk.reports.styles import FRAME_WIDTH, SHADE, RecordedName, Styles, grid, para, text

NamePositions = dict[int, tuple[int, float, float, float, float]]
WITHHELD = "{count} withheld from this copy (need to know). If you believe you need it, ask the chair."


def minute_story(
    content: MinuteContent, issue: IssueInfo, cleared: bool, styles: Styles, names: NamePositions
) -> list[Flowable]:
    """Return the whole minute as flowables for one clearance variant."""
    story = front_sheet(content, issue, cleared, styles, names)
    story.append(PageBreak())
    story.extend(_body(content, cleared, styles))
    return story


def _details_table(rows: list[tuple[str, str]], styles: Styles) -> Table:
    data = [[Paragraph(text(label), styles.label), Paragraph(text(value or "—"), styles.cell)] for label, value in rows]
    return grid(
        data, [42 * 2.835, FRAME_WIDTH - 42 * 2.835], header=False, extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)]
    )


def front_sheet(
    content: MinuteContent, issue: IssueInfo, cleared: bool, styles: Styles, names: NamePositions
) -> list[Flowable]:
    """Return the front sheet: meeting details, core group, distribution, confidentiality."""
    story: list[Flowable] = [
        para(content.organisation, styles.subtitle),
        para("Risk management case conference: minute", styles.title),
        para(
            f"{content.subject_name} · {content.meeting_type} conference · {content.meeting_date}"
            + (" · DRAFT, not issued" if issue.draft else f" · Version {issue.version}, issued {issue.issued_on}"),
            styles.subtitle,
        ),
    ]
    rows = list(content.subject_details) + [
        ("Meeting type", content.meeting_type),
        ("Date and time", f"{content.meeting_date}, {content.meeting_time}".strip(", ")),
        ("Venue", content.venue),
        ("Chair", content.chair),
        ("Minute-taker", content.minute_taker),
        ("Protective marking", content.marking),
    ]
    story.append(_details_table(rows, styles))
    if issue.amendments:
        story.extend(heading(f"Amendments since version {issue.version - 1}", styles))
        amend = [[para(f"{n}.", styles.cell), para(line, styles.cell)] for n, line in enumerate(issue.amendments, 1)]
        story.append(grid(amend, [8 * 2.835, FRAME_WIDTH - 8 * 2.835], header=False))
    story.extend(heading("Reasons for convening", styles))
    for reason in content.reasons or ["No reason recorded."]:
        story.append(Paragraph(text(reason), styles.body, bulletText="•"))
    story.extend(heading("Core group", styles))
    header = [Paragraph(t, styles.cell_bold) for t in ("Name", "Agency and role", "Contact", "Attendance")]
    people = [header] + [
        [
            para(p.name, styles.cell),
            para("\n".join(x for x in (p.agency, p.role) if x), styles.cell),
            para("\n".join(x for x in (p.phone, p.email) if x), styles.cell),
            para(p.attendance + (" (report sent)" if p.report_submitted else ""), styles.cell),
        ]
        for p in content.core_group
    ]
    story.append(grid(people, [0.22 * FRAME_WIDTH, 0.34 * FRAME_WIDTH, 0.30 * FRAME_WIDTH, 0.14 * FRAME_WIDTH]))
    story.extend(heading("Distribution", styles))
    story.append(para("This copy is personal to the recipient whose name is highlighted below.", styles.small))
    dist_header = [Paragraph(t, styles.cell_bold) for t in ("No.", "Recipient", "Agency")]
    dist = [dist_header] + [
        [
            para(f"{r.number:02d}", styles.cell),
            RecordedName(r.number, r.name, styles.cell, names),
            para(r.agency, styles.cell),
        ]
        for r in content.distribution
    ]
    story.append(grid(dist, [0.08 * FRAME_WIDTH, 0.4 * FRAME_WIDTH, 0.52 * FRAME_WIDTH]))
    story.append(
        para(
            "This copy includes restricted items: you were cleared for them by the chair."
            if cleared
            else "Restricted items have been withheld from this copy (need to know).",
            styles.small,
        )
    )
    story.extend(heading("Confidentiality", styles))
    story.append(para(content.confidentiality_statement, styles.body))
    story.extend(heading("Inaccuracies", styles))
    story.append(
        para(
            f"If anything in this minute is inaccurate, contact the chair, {content.chair}"
            + (f" ({content.chair_contact})" if content.chair_contact else "")
            + ", so that amendments can be agreed. Do not alter or copy this minute; an amended minute "
            "will be issued to everyone on the distribution list.",
            styles.body,
        )
    )
    return story


def _withheld(styles: Styles, count: int = 1) -> Paragraph:
    what = "A restricted item was" if count == 1 else f"{count} restricted items were"
    return para(WITHHELD.format(count=what), styles.withheld)


def subheading(title: str, styles: Styles) -> list[Flowable]:
    """Return a sub-heading kept off the foot of a page without dragging a long table with it."""
    return [CondPageBreak(45 * 2.835), para(title, styles.h2)]


def _notes(story: list[Flowable], number: int, content: MinuteContent, cleared: bool, styles: Styles) -> None:
    section = content.section(number)
    if section.notes.strip():
        story.append(para(section.notes, styles.body))
    if section.restricted_notes.strip():
        if cleared:
            story.append(para("Restricted: " + section.restricted_notes, styles.body))
        else:
            story.append(_withheld(styles))


def heading(title: str, styles: Styles) -> list[Flowable]:
    """Return a section heading that never sits alone at the foot of a page."""
    return [CondPageBreak(36 * 2.835), para(title, styles.h1)]


def _heading(number: int, content: MinuteContent, styles: Styles) -> list[Flowable]:
    return heading(f"{number}. {content.section(number).title}", styles)


def _people(content: MinuteContent, attendance: str) -> str:
    return "; ".join(
        f"{p.name} ({p.agency})" + (", report sent" if p.report_submitted else "")
        for p in content.core_group
        if p.attendance == attendance
    )


def _actions_table(actions: list[ActionRow], styles: Styles, with_outcome: bool) -> Table:
    cells = styles.cell
    if with_outcome:
        head = ["No.", "Action", "Owner and agency", "Status", "Outcome"]
        rows = [
            [
                para(str(a.number), cells),
                para(a.description, cells),
                para(f"{a.owner}\n{a.agency}", cells),
                para(a.status, cells),
                para(a.outcome or "—", cells),
            ]
            for a in actions
        ]
        widths = [0.06, 0.36, 0.22, 0.1, 0.26]
    else:
        head = ["No.", "Action", "Owner", "Agency", "Due", "Plan area"]
        rows = [
            [
                para(str(a.number), cells),
                para(a.description, cells),
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


def _body(content: MinuteContent, cleared: bool, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    body = styles.body
    story.extend(_heading(1, content, styles))
    story.append(para("Present: " + (_people(content, "Present") or "nobody recorded"), body))
    _notes(story, 1, content, cleared, styles)
    story.extend(_heading(2, content, styles))
    story.append(para("Apologies: " + (_people(content, "Apologies") or "none"), body))
    absent = _people(content, "Absent")
    if absent:
        story.append(para("Absent without apologies: " + absent, body))
    _notes(story, 2, content, cleared, styles)
    story.extend(_heading(3, content, styles))
    if content.previous_minute:
        story.append(para(content.previous_minute, body))
    _notes(story, 3, content, cleared, styles)
    if content.previous_actions:
        story.extend(subheading("Actions from the last plan", styles))
        story.append(_actions_table(content.previous_actions, styles, with_outcome=True))
    story.extend(_heading(4, content, styles))
    for reason in content.reasons:
        story.append(Paragraph(text(reason), body, bulletText="•"))
    _notes(story, 4, content, cleared, styles)
    story.extend(_heading(5, content, styles))
    _notes(story, 5, content, cleared, styles)
    _victims(story, content, cleared, styles)
    story.extend(_heading(6, content, styles))
    _assessments(story, content, cleared, styles)
    _notes(story, 6, content, cleared, styles)
    story.extend(_heading(7, content, styles))
    _notes(story, 7, content, cleared, styles)
    story.extend(subheading("Action plan", styles))
    if content.actions:
        story.append(_actions_table(content.actions, styles, with_outcome=False))
    else:
        story.append(para("No actions were agreed.", body))
    story.extend(subheading("Decisions, with reasons and dissent", styles))
    _decisions(story, content, cleared, styles)
    story.extend(subheading("Disclosure decisions", styles))
    _disclosures(story, content, cleared, styles)
    story.extend(_heading(8, content, styles))
    story.append(para(content.next_meeting or "Not recorded.", body))
    _notes(story, 8, content, cleared, styles)
    story.append(Spacer(1, 12))
    story.append(para("End of minute.", styles.small))
    return story


def _victims(story: list[Flowable], content: MinuteContent, cleared: bool, styles: Styles) -> None:
    withheld = sum(1 for v in content.victims if v.restricted and not cleared)
    for number, victim in enumerate(content.victims, start=1):
        if victim.restricted and not cleared:
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
        title = f"Victim {number} ({victim.kind.lower()})" + (" · restricted" if victim.restricted else "")
        story.append(KeepTogether([para(title, styles.h2), _details_table(rows, styles)]))
    if withheld:
        story.append(_withheld(styles, withheld))


def _assessments(story: list[Flowable], content: MinuteContent, cleared: bool, styles: Styles) -> None:
    cells = styles.cell
    shown = [a for a in content.assessments if cleared or not a.restricted]
    if shown:
        head = [para(h, styles.cell_bold) for h in ("Tool", "Date and assessor", "Bands", "Result and notes")]
        rows = [
            [
                para(a.tool, cells),
                para(f"{a.assessed_on}\n{a.assessor}", cells),
                para(
                    "\n".join(
                        x
                        for x in (
                            f"Reconviction: {a.reconviction_band}" if a.reconviction_band else "",
                            f"Harm: {a.harm_band}" if a.harm_band else "",
                        )
                        if x
                    )
                    or "—",
                    cells,
                ),
                para("\n".join(x for x in (a.result, a.notes) if x), cells),
            ]
            for a in shown
        ]
        story.append(grid([head] + rows, [w * FRAME_WIDTH for w in (0.2, 0.2, 0.18, 0.42)]))
    if len(shown) < len(content.assessments):
        story.append(_withheld(styles))
    for label, value in (
        ("Dynamic factors", content.dynamic_factors),
        ("Who is at risk", content.who_is_at_risk),
        ("Agreed level of risk", content.risk_level),
        ("Rationale", content.risk_rationale),
    ):
        if value.strip():
            story.append(Paragraph(f"<b>{text(label)}:</b> {text(value)}", styles.body))


def _decisions(story: list[Flowable], content: MinuteContent, cleared: bool, styles: Styles) -> None:
    if not content.decisions:
        story.append(para("No decisions recorded.", styles.body))
    for number, decision in enumerate(content.decisions, start=1):
        if decision.restricted and not cleared:
            story.append(_withheld(styles))
            continue
        rows = [("Decision", decision.decision), ("Reasons", decision.reasons or "Not recorded.")]
        rows.append(("Dissent", decision.dissent or "None recorded."))
        title = f"Decision {number} (item: {decision.item})" + (" · restricted" if decision.restricted else "")
        story.append(
            KeepTogether([para(title, styles.label), Spacer(1, 2), _details_table(rows, styles), Spacer(1, 5)])
        )


def _disclosures(story: list[Flowable], content: MinuteContent, cleared: bool, styles: Styles) -> None:
    if not content.disclosures:
        story.append(para("No disclosure was considered.", styles.body))
    for number, item in enumerate(content.disclosures, start=1):
        if item.restricted and not cleared:
            story.append(_withheld(styles))
            continue
        rows = [
            ("Decision", "Disclose" if item.disclose else "Do not disclose"),
            ("To whom", item.to_whom),
            ("What", item.what),
            ("Why", item.why),
            ("Authority", item.authority),
        ]
        if item.registration:
            rows.append(("Registration status", "Revealed: written police permission required."))
        story.append(
            KeepTogether(
                [para(f"Disclosure {number}", styles.label), Spacer(1, 2), _details_table(rows, styles), Spacer(1, 5)]
            )
        )
