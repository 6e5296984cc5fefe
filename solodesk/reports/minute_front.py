"""The minute's front sheet, laid out so the distribution list (and the recipient's highlight) is on page 1.

Order: title, a compact two-pair details table, the distribution list (in two
columns when it is long), then amendments, reasons for convening, the core
group, confidentiality and how to report inaccuracies, flowing on as needed.
"""

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table

from solodesk.reports.long_text import bullet_list
from solodesk.reports.minute_data import Amendment, IssueInfo, MinuteContent, Recipient
from solodesk.reports.styles import FRAME_WIDTH, SHADE, RecordedName, Styles, TextParagraph, grid, para, text

NamePositions = dict[int, tuple[int, float, float, float, float]]
WITHHELD_AMENDMENT = "An amendment to restricted information was made (details withheld)."
TWO_COLUMNS_FROM = 13  # a longer distribution list is shown in two columns
_COMPACT = [
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def heading(title: str, styles: Styles) -> list[Flowable]:
    """Return a section heading that never sits alone at the foot of a page (its style keeps it with the next)."""
    return [para(title, styles.h1)]


def _compact(style: ParagraphStyle, name: str) -> ParagraphStyle:
    return ParagraphStyle(name, parent=style, fontSize=8, leading=9.6)


def _when(content: MinuteContent) -> str:
    """Return the date and time called for, with the actual start and end when recorded."""
    when = f"{content.meeting_date}, {content.meeting_time}".strip(", ")
    if content.actual_times:
        when += f" ({content.actual_times[0].lower()}{content.actual_times[1:]})"
    return when


def _details(content: MinuteContent, styles: Styles) -> Table:
    """Return the subject and meeting details as label/value pairs, two pairs a row."""
    rows = list(content.subject_details) + [
        ("Meeting type", " · ".join(x for x in (content.meeting_type, content.meeting_ordinal) if x)),
        ("Date and time", _when(content)),
        ("Venue", content.venue),
        ("Chair", content.chair),
        ("Minute-taker", content.minute_taker),
        ("Protective marking", content.marking),
    ]
    label, cell = _compact(styles.label, "front_label"), _compact(styles.cell, "front_cell")
    pairs: list[list[Any]] = [
        [TextParagraph(text(name), label), TextParagraph(text(value or "—"), cell)] for name, value in rows
    ]
    if len(pairs) % 2:
        pairs.append(["", ""])
    half = len(pairs) // 2
    data = [pairs[n] + pairs[n + half] for n in range(half)]  # read down the left pairs, then the right
    widths = [0.17, 0.33, 0.17, 0.33]
    shade = [("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE)]
    return grid(data, [w * FRAME_WIDTH for w in widths], header=False, extra=_COMPACT + shade)


def _distribution(content: MinuteContent, styles: Styles, names: NamePositions) -> Table:
    """Return the distribution list, each name recorded so its copy can highlight it."""
    cell, bold = _compact(styles.cell, "dist_cell"), _compact(styles.cell_bold, "dist_bold")
    columns = 2 if len(content.distribution) >= TWO_COLUMNS_FROM else 1

    def entry(r: Recipient | None) -> list[Flowable | str]:
        if r is None:
            return ["", "", ""]
        return [para(f"{r.number:02d}", cell), RecordedName(r.number, r.name, cell, names), para(r.agency, cell)]

    people: list[Recipient | None] = list(content.distribution)
    rows_per_column = -(-len(people) // columns)
    people += [None] * (rows_per_column * columns - len(people))
    head = [TextParagraph(t, bold) for t in ("No.", "Recipient", "Agency")] * columns
    data = [head] + [
        [part for c in range(columns) for part in entry(people[c * rows_per_column + n])]
        for n in range(rows_per_column)
    ]
    fractions = [0.06, 0.4, 0.54] if columns == 1 else [0.05, 0.25, 0.20] * 2
    return grid(data, [f * FRAME_WIDTH for f in fractions], extra=_COMPACT)


def _core_group(content: MinuteContent, styles: Styles) -> Table:
    header = [TextParagraph(t, styles.cell_bold) for t in ("Name", "Agency and role", "Contact", "Attendance")]
    people = [header] + [
        [
            para(p.name, styles.cell),
            para("\n".join(x for x in (p.agency, p.role) if x), styles.cell),
            para("\n".join(x for x in (p.phone, p.email) if x), styles.cell),
            para(
                p.attendance + (" (report sent)" if p.report_submitted and p.attendance != "Present" else ""),
                styles.cell,
            ),
        ]
        for p in content.core_group
    ]
    return grid(people, [0.22 * FRAME_WIDTH, 0.34 * FRAME_WIDTH, 0.30 * FRAME_WIDTH, 0.14 * FRAME_WIDTH])


def restricted_mark(audience: str) -> str:
    """Return the mark a shown restricted item carries, so the reader knows not to pass it on."""
    return f"Restricted — {audience or 'chair only'}"


def _amendment_line(entry: Amendment, visible: frozenset[str]) -> str:
    """Return an amendment as this copy prints it: a restricted one's text only for its audience."""
    if not entry.restricted:
        return entry.text
    return f"{restricted_mark(entry.audience)}: {entry.text}" if entry.key in visible else WITHHELD_AMENDMENT


def _restricted_notice(content: MinuteContent, issue: IssueInfo, visible: frozenset[str]) -> str:
    keys = [i.key for i in content.restricted_items()] + [a.key for a in issue.amendments if a.restricted]
    if not keys:
        return ""
    shown = sum(key in visible for key in keys)
    withheld = len(keys) - shown
    if not shown:
        return "Restricted items were withheld from it (need to know)."
    text = (
        f"It includes {shown} restricted item{'s' if shown != 1 else ''}, each marked with who may see it: "
        "do not pass them on."
    )
    if withheld:
        text += f" {withheld} other restricted item{'s were' if withheld != 1 else ' was'} withheld (need to know)."
    return text


def front_sheet(
    content: MinuteContent, issue: IssueInfo, visible: frozenset[str], styles: Styles, names: NamePositions
) -> list[Flowable]:
    """Return the front sheet; page 1 always carries the details and the distribution list."""
    version = "DRAFT, not issued" if issue.draft else f"Version {issue.version}, issued {issue.issued_on}"
    line = f"{content.subject_name} · {content.meeting_type} conference · {content.meeting_date} · {version}"
    story: list[Flowable] = [
        para(content.organisation, styles.subtitle),
        para("Risk management case conference: minute", styles.title),
        para(line, styles.subtitle),
        _details(content, styles),
        para("Distribution", styles.h1),
        para(
            "This copy is personal to the recipient whose name is highlighted below. "
            + _restricted_notice(content, issue, visible),
            styles.small,
        ),
        Spacer(1, 2),
        _distribution(content, styles, names),
    ]
    if issue.amendments:
        story.extend(heading(f"Amendments since version {issue.version - 1}", styles))
        amend = [
            [para(f"{n}.", styles.cell), para(_amendment_line(entry, visible), styles.cell)]
            for n, entry in enumerate(issue.amendments, 1)
        ]
        story.append(grid(amend, [8 * 2.835, FRAME_WIDTH - 8 * 2.835], header=False))
    story.extend(heading("Reasons for convening", styles))
    story.extend(bullet_list(content.reasons or ["No reason recorded."], styles.body))
    story.extend(heading("Core group", styles))
    story.append(_core_group(content, styles))
    story.extend(heading("Confidentiality", styles))
    story.append(para(content.confidentiality_statement, styles.body))
    agreed = (
        "was read and agreed by everyone present" if content.confidentiality_agreed else "was not recorded as agreed"
    )
    story.append(para(f"The confidentiality statement {agreed}.", styles.body))
    if content.handling_caveat:
        story.append(para(content.handling_caveat, styles.body))
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
