"""The minute's case-record sections (MAPPA minute §2.2), as flowables the agenda story places.

Offender information, relevant dates and hospital detention open the body; agency updates, diversity
needs, contingency, the level decision, exit criteria and the handling and FOI
position sit under the fixed agenda items they belong to.
"""

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from solodesk.reports.long_text import text_paragraphs
from solodesk.reports.minute_data import MinuteContent
from solodesk.reports.styles import FRAME_WIDTH, SHADE, Styles, TextParagraph, grid, para, text

LABEL_WIDTH = 48 * 2.835
HOSPITAL_HEADING = "Hospital detention (restricted patients)"


def _heading(title: str, style_name: str, styles: Styles) -> list[Flowable]:
    # Kept off the foot of a page, so a heading never sits alone under its table.
    return [CondPageBreak(40 * 2.835), para(title, getattr(styles, style_name))]


def pairs_table(rows: list[tuple[str, str]], styles: Styles) -> Table:
    """Return label/text rows as a two-column table with shaded labels."""
    data = [
        [TextParagraph(text(label), styles.label), TextParagraph(text(value or "—"), styles.cell)]
        for label, value in rows
    ]
    shade = [("BACKGROUND", (0, 0), (0, -1), SHADE)]
    return grid(data, [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH], header=False, extra=shade)


def two_column_table(head: tuple[str, str], rows: list[tuple[str, str]], styles: Styles) -> Table:
    """Return rows under a two-cell header (e.g. warning sign → response)."""
    data = [[para(h, styles.cell_bold) for h in head]] + [[para(a, styles.cell), para(b, styles.cell)] for a, b in rows]
    return grid(data, [0.45 * FRAME_WIDTH, 0.55 * FRAME_WIDTH])


def offender_sections(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return "Offender information", "Relevant dates" and "Hospital detention" (they open the minute's body)."""
    story = _heading("Offender information", "h1", styles)
    story.append(pairs_table(content.offender_information, styles))
    story.extend(_heading("Relevant dates and order or licence status", "h1", styles))
    story.append(pairs_table(content.relevant_dates, styles))
    if content.hospital_detention:  # absent from minutes issued before it was printed
        story.extend(_heading(HOSPITAL_HEADING, "h1", styles))
        story.append(pairs_table(content.hospital_detention, styles))
    return story


def agency_updates(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return each agency's update, under its own name (information exchanged and considered)."""
    story = _heading("Agency updates", "h2", styles)
    if not content.agency_updates:
        return [*story, para("No agency updates were recorded.", styles.body)]
    for who, update in content.agency_updates:
        story.extend(text_paragraphs(update, styles.body, prefix=f"<b>{text(who)}:</b> "))
    return story


def diversity_needs(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return the diversity needs identified and the response to each."""
    story = _heading("Diversity needs and responses", "h2", styles)
    if not content.diversity_needs:
        return [*story, para("No diversity needs were identified.", styles.body)]
    return [*story, two_column_table(("Need", "Response"), content.diversity_needs, styles)]


def contingency(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return the contingency plan as warning sign → response pairs."""
    story = _heading("Contingency: warning signs and responses", "h2", styles)
    if not content.contingencies:
        return [*story, para("No contingency was recorded.", styles.body)]
    rows = [(sign, f"→ {response}") for sign, response in content.contingencies]
    return [*story, two_column_table(("Warning sign", "Response"), rows, styles)]


def level_decision(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return the MAPPA level decision with its reason, or how a non-MAPPA case is managed."""
    title = "MAPPA level decision" if content.mappa_managed else "How the case is managed"
    story = _heading(title, "h2", styles)
    if not content.level_decision:
        return story  # a minute issued before the case record was printed
    story.extend(text_paragraphs(content.level_decision, styles.body))
    if content.level_reason.strip():
        label = "Reason" if content.mappa_managed else "Arrangements"
        story.extend(text_paragraphs(content.level_reason, styles.body, prefix=f"<b>{label}:</b> "))
    return story


def exit_criteria(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return the exit criteria (what must be true for the case to leave these arrangements)."""
    story = _heading("Exit criteria", "h2", styles)
    return [*story, *text_paragraphs(content.exit_criteria.strip() or "None recorded.", styles.body)]


def handling(content: MinuteContent, styles: Styles) -> list[Flowable]:
    """Return the handling caveat and the freedom-of-information position (after the agenda)."""
    if not (content.handling_caveat or content.foi_position):
        return []
    story = [para("Handling and freedom of information", styles.h1)]
    story.extend(text_paragraphs(content.handling_caveat, styles.body, prefix="<b>Handling:</b> "))
    story.extend(text_paragraphs(content.foi_position, styles.body, prefix="<b>Freedom of information:</b> "))
    return [KeepTogether(story)]
