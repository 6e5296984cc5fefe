"""The minute as PDF: one shared rendering per distinct set of visible restricted items, personalised.

The minute is laid out by reportlab once per distinct set of restricted items its
recipients may see (recipients whose audiences agree share one layout); those layouts
share the line breaks and drawn text of the paragraphs they have in common
(:mod:`solodesk.reports.layout_memo`). Each
recipient's copy is that shared PDF
plus an incremental update (see :mod:`solodesk.reports.stamping`): a filled
highlight painted *behind* the recipient's name on the front sheet, and
"Copy for NAME" in the header of every page. Nothing is written to disk here.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from solodesk.reports import layout_memo
from solodesk.reports.fonts import BOLD, REGULAR, MissingGlyph, UnprintableTextError, missing_glyphs
from solodesk.reports.keep_with_next import keep_headings
from solodesk.reports.minute_data import IssueInfo, MinuteContent, Recipient
from solodesk.reports.minute_front import NamePositions
from solodesk.reports.minute_story import minute_story
from solodesk.reports.stamping import StampTemplate, make_template, stamp
from solodesk.reports.styles import (
    BOTTOM_MARGIN,
    HEADER_LINE2_Y,
    HIGHLIGHT,
    INK,
    MARGIN,
    PAGE_WIDTH,
    TOP_MARGIN,
    make_styles,
    numbered_canvas,
    page_furniture,
)

PREVIEW_NAME = "the chair's file"


def check_printable(content: MinuteContent, issue: IssueInfo | None = None) -> list[MissingGlyph]:
    """Return every character of the minute the font cannot draw, naming its field."""
    texts = content.printable_fields()
    if issue is not None:
        texts.update({f"Amendment {n}": entry.text for n, entry in enumerate(issue.amendments, start=1)})
    return missing_glyphs(texts)


@dataclass(frozen=True)
class SharedRendering:
    """The pages every recipient who may see the same restricted items shares.

    Attributes:
        pdf: the shared PDF, with no recipient-specific mark.
        pages: its page count.
        names: distribution-list number -> (page, x, y, width, height) of the printed name.
        stamps: distribution-list number -> content-stream operators drawing "Copy for NAME".
        template: the per-variant part of each copy's incremental update.
    """

    pdf: bytes
    pages: int
    names: NamePositions
    stamps: dict[int, bytes]
    template: StampTemplate


def _stamp_ops(canvas: Canvas, name: str, room: float) -> bytes:
    """Return PDF operators drawing "Copy for NAME" right-aligned in the header, using the document's subset."""
    label = f"Copy for {name}"
    font = pdfmetrics.getFont(BOLD)
    width = pdfmetrics.stringWidth(label, BOLD, 8.0)
    size = 8.0 if width <= room else max(4.0, 8.0 * room / width)
    x = PAGE_WIDTH - MARGIN - pdfmetrics.stringWidth(label, BOLD, size)
    red, green, blue = INK.rgb()
    ops = [f"q {red:.3f} {green:.3f} {blue:.3f} rg BT 1 0 0 1 {x:.2f} {HEADER_LINE2_Y:.2f} Tm"]
    for subset, chunk in font.splitString(label, canvas._doc):
        ops.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {size:g} Tf <{chunk.hex()}> Tj")
    ops.append("ET Q")
    return " ".join(ops).encode("ascii")


def _highlight_ops(box: tuple[int, float, float, float, float]) -> bytes:
    _page, x, y, width, height = box
    red, green, blue = HIGHLIGHT.rgb()
    return (
        f"q {red:.3f} {green:.3f} {blue:.3f} rg {x - 2.5:.2f} {y - 1:.2f} {width + 5:.2f} {height + 1.5:.2f} re f Q"
    ).encode("ascii")


def render_shared(content: MinuteContent, issue: IssueInfo, visible: frozenset[str]) -> SharedRendering:
    """Lay out the minute once for one set of visible restricted items (no recipient-specific marks)."""
    styles = make_styles()
    names: NamePositions = {}
    stamps: dict[int, bytes] = {}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title="Minute",
        author="",
        subject="",
        creator="SOLO Desk",
        invariant=1,
    )
    version = "DRAFT, not issued" if issue.draft else f"Minute version {issue.version}, issued {issue.issued_on}"
    left_header = f"RMCC minute · {content.subject_name} · {content.meeting_date}"
    paint = page_furniture(content.marking, left_header, version)
    room = PAGE_WIDTH - 2 * MARGIN - pdfmetrics.stringWidth(left_header, REGULAR, 7.5) - 14

    def prepare_stamps(canvas: Canvas) -> None:
        for recipient in content.distribution:
            stamps[recipient.number] = _stamp_ops(canvas, recipient.name, room)
        stamps[0] = _stamp_ops(canvas, PREVIEW_NAME, room)

    story = keep_headings(minute_story(content, issue, visible, styles, names))
    doc.build(story, canvasmaker=numbered_canvas(paint, prepare_stamps))
    pdf = buffer.getvalue()
    template = make_template(pdf, {box[0] for box in names.values()})
    return SharedRendering(pdf, len(template.pages), names, stamps, template)


def personalise(shared: SharedRendering, recipient: Recipient) -> bytes:
    """Return one recipient's copy: the shared pages plus their highlight and "Copy for" stamp."""
    box = shared.names.get(recipient.number)
    stamp_ops = shared.stamps.get(recipient.number, shared.stamps[0])
    if box is None:
        return stamp(shared.template, stamp_ops, 0, b"")
    return stamp(shared.template, stamp_ops, box[0], _highlight_ops(box))


class MinuteRenderer:
    """Renders copies of one minute issue, laying out each distinct set of visible restricted items once.

    Raises:
        UnprintableTextError: on construction, when any text cannot be printed.
    """

    def __init__(self, content: MinuteContent, issue: IssueInfo) -> None:
        missing = check_printable(content, issue)
        if missing:
            raise UnprintableTextError(missing)
        self.content = content
        self.issue = issue
        self._shared: dict[frozenset[str], SharedRendering] = {}
        self._memo: layout_memo.Memo = {}  # line breaks and drawn text the layouts have in common

    def visible_to(self, recipient: Recipient) -> frozenset[str]:
        """Return the keys of the restricted items (and amendments) a recipient's copy shows."""
        return self.content.visible_to(recipient.number, self.issue.amendments)

    def shared(self, visible: frozenset[str]) -> SharedRendering:
        """Return the shared rendering of one visible set, laying it out on first use."""
        if visible not in self._shared:
            with layout_memo.sharing(self._memo):
                self._shared[visible] = render_shared(self.content, self.issue, visible)
        return self._shared[visible]

    def copy_for(self, recipient: Recipient) -> bytes:
        """Return the PDF of one recipient's copy."""
        return personalise(self.shared(self.visible_to(recipient)), recipient)

    def pages(self, recipient: Recipient) -> int:
        """Return how many pages a recipient's copy has."""
        return self.shared(self.visible_to(recipient)).pages

    @property
    def layouts(self) -> int:
        """Return how many distinct layouts were made so far (one per visible set in use)."""
        return len(self._shared)

    def copies(self, recipients: list[Recipient] | None = None) -> Iterator[tuple[Recipient, bytes]]:
        """Yield every recipient's copy (the whole distribution list by default)."""
        for recipient in recipients if recipients is not None else self.content.distribution:
            yield recipient, self.copy_for(recipient)
