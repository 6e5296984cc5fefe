"""The minute as PDF: one shared rendering per clearance variant, personalised per recipient.

The body is laid out by reportlab at most twice per issue (recipients cleared
for restricted items, and the rest). Each recipient's copy is that shared PDF
plus two cheap per-copy layers merged with pypdf: a filled highlight painted
*behind* the recipient's name on the front sheet, and "Copy for NAME" in the
header of every page. Nothing is written to disk here; bytes come back.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from solodesk.reports.fonts import BOLD, MissingGlyph, missing_glyphs
from solodesk.reports.minute_data import IssueInfo, MinuteContent, Recipient
from solodesk.reports.minute_story import NamePositions, minute_story
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


class UnprintableTextError(ValueError):
    """Some text has a character the embedded font cannot draw; nothing was rendered.

    Attributes:
        missing: every offending character with the field it is in.
    """

    def __init__(self, missing: list[MissingGlyph]) -> None:
        self.missing = missing
        super().__init__(" ".join(m.describe() for m in missing[:5]) + (" …" if len(missing) > 5 else ""))


def check_printable(content: MinuteContent, issue: IssueInfo | None = None) -> list[MissingGlyph]:
    """Return every character of the minute the font cannot draw, naming its field."""
    texts = content.printable_fields()
    if issue is not None:
        texts.update({f"Amendment {n}": line for n, line in enumerate(issue.amendments, start=1)})
    return missing_glyphs(texts)


@dataclass(frozen=True)
class SharedRendering:
    """The pages every recipient of one clearance variant shares."""

    pdf: bytes
    pages: int
    names: NamePositions


def render_shared(content: MinuteContent, issue: IssueInfo, cleared: bool) -> SharedRendering:
    """Lay out the minute once for one clearance variant (no recipient-specific marks)."""
    styles = make_styles()
    names: NamePositions = {}
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
    )
    version = "DRAFT, not issued" if issue.draft else f"Minute version {issue.version}, issued {issue.issued_on}"
    paint = page_furniture(
        content.marking,
        f"{content.organisation} · RMCC minute · {content.subject_name} · {content.meeting_date}",
        version,
    )
    doc.build(minute_story(content, issue, cleared, styles, names), canvasmaker=numbered_canvas(paint))
    pdf = buffer.getvalue()
    return SharedRendering(pdf, len(PdfReader(io.BytesIO(pdf)).pages), names)


def _overlay(recipient: Recipient, shared: SharedRendering) -> tuple[bytes, int]:
    """Return a two-page PDF: page 1 the highlight (underlay), page 2 the "Copy for" mark."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, 841.89), pageCompression=1)
    page, x, y, width, height = shared.names.get(recipient.number, (1, 0.0, 0.0, 0.0, 0.0))
    if width:
        canvas.setFillColor(HIGHLIGHT)
        canvas.setStrokeColor(HIGHLIGHT)
        canvas.rect(x - 2.5, y - 1, width + 5, height + 1.5, stroke=0, fill=1)
    canvas.showPage()
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 8)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, HEADER_LINE2_Y, f"Copy for {recipient.name}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), page


def personalise(shared: SharedRendering, recipient: Recipient, reader: PdfReader | None = None) -> bytes:
    """Return one recipient's copy from the shared pages."""
    overlay_pdf, highlight_page = _overlay(recipient, shared)
    overlay = PdfReader(io.BytesIO(overlay_pdf))
    writer = PdfWriter(clone_from=reader or PdfReader(io.BytesIO(shared.pdf)))
    under, mark = overlay.pages[0], overlay.pages[1]
    for number, page in enumerate(writer.pages, start=1):
        if number == highlight_page:
            page.merge_page(under, over=False)
        page.merge_page(mark)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class MinuteRenderer:
    """Renders copies of one minute issue, laying out each clearance variant once.

    Raises:
        UnprintableTextError: on construction, when any text cannot be printed.
    """

    def __init__(self, content: MinuteContent, issue: IssueInfo) -> None:
        missing = check_printable(content, issue)
        if missing:
            raise UnprintableTextError(missing)
        self.content = content
        self.issue = issue
        self._shared: dict[bool, SharedRendering] = {}
        self._readers: dict[bool, PdfReader] = {}

    def shared(self, cleared: bool) -> SharedRendering:
        """Return the shared rendering of a variant, laying it out on first use."""
        if cleared not in self._shared:
            rendering = render_shared(self.content, self.issue, cleared)
            self._shared[cleared] = rendering
            self._readers[cleared] = PdfReader(io.BytesIO(rendering.pdf))
        return self._shared[cleared]

    def copy_for(self, recipient: Recipient) -> bytes:
        """Return the PDF of one recipient's copy."""
        shared = self.shared(recipient.cleared)
        return personalise(shared, recipient, self._readers[recipient.cleared])

    def pages(self, cleared: bool) -> int:
        """Return how many pages a copy of a variant has."""
        return self.shared(cleared).pages

    def copies(self, recipients: list[Recipient] | None = None) -> Iterator[tuple[Recipient, bytes]]:
        """Yield every recipient's copy (the whole distribution list by default)."""
        for recipient in recipients if recipients is not None else self.content.distribution:
            yield recipient, self.copy_for(recipient)
