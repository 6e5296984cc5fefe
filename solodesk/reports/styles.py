"""Shared look of every SOLO Desk PDF: paragraph styles, colours, tables, page furniture."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.fonts import ps2tt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paraparser import ParaFrag

from solodesk.reports import layout_memo
from solodesk.reports.fonts import BOLD, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_PADDING = 6  # reportlab's default frame padding, inside the margins
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN - 2 * FRAME_PADDING
HEADER_Y = PAGE_HEIGHT - 11 * mm
HEADER_LINE2_Y = PAGE_HEIGHT - 16 * mm
FOOTER_Y = 9 * mm
FOOTER_LINE2_Y = 13.5 * mm
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5a6470")
RULE = colors.HexColor("#b8c0c8")
SHADE = colors.HexColor("#e8edf2")
MARKING_RED = colors.HexColor("#9b1c1c")
HIGHLIGHT = colors.HexColor("#ffe14d")
WITHHELD_FILL = colors.HexColor("#f1f1f1")
SPLIT_IN_ROW = 30  # a row taller than the page splits, leaving at least this much on either side


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a document."""

    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    withheld: ParagraphStyle


def make_styles() -> Styles:
    """Return the paragraph styles (registering the embedded font first)."""
    register_fonts()
    # Bullets are drawn from the embedded font too (reportlab's default bullet font is Helvetica, not embedded).
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=4, bulletFontName=REGULAR
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=BOLD, fontSize=8.5, leading=10.5, spaceAfter=0),
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=11, leading=14, textColor=MUTED, spaceAfter=8),
        # Headings keep with what follows (see solodesk.reports.keep_with_next).
        h1=ParagraphStyle(
            "h1", parent=body, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5, keepWithNext=1
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3, keepWithNext=1
        ),
        label=ParagraphStyle("label", parent=body, fontName=BOLD, fontSize=8.5, leading=10.5, spaceAfter=0),
        withheld=ParagraphStyle(
            "withheld",
            parent=body,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            backColor=WITHHELD_FILL,
            borderColor=RULE,
            borderWidth=0.5,
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=8,
        ),
    )


class RuledTable(Table):  # type: ignore[misc]
    """A table that splits between rows; inside a row only when the row starts a page or cannot fit on one.

    reportlab would otherwise fill the last few points of a page with a repeated header and a
    sliver of a row; here a row that does not fit moves on, and only a row taller than a whole
    page is cut.
    """

    cut_first_row = False  # set by a heading's guard when the first row cannot share a page with the heading
    memo_key: Any = None  # the cells and style it was made from, while a layout memo is active (see grid)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split between rows if any row fits; inside a row at the top of a page, or if it is taller than a page."""
        self._calc(avail_width, avail_height)
        parts: list[Flowable] = self._splitRows(avail_height, doInRowSplit=False)
        frame = getattr(self, "_frame", None)
        first = min(self.repeatRows, len(self._rowHeights) - 1)
        fits_a_page = (self._rowHeights[first] or 0) <= frame._height if frame is not None else True
        if parts or (frame is not None and not frame._atTop and fits_a_page and not self.cut_first_row):
            if self.memo_key is not None:  # whole rows: each part is told by where it was cut
                for number, part in enumerate(parts):
                    part.memo_key = (self.memo_key, number, len(part._cellvalues))
            return parts
        parts = self._splitRows(avail_height, doInRowSplit=True)
        saved = int(self.__dict__["splitInRow"])  # reportlab sets it in __init__
        if not parts and saved > 1:
            # A row only a little taller than the page: cut it even if the rest is a sliver, never fail.
            self.splitInRow = 1
            try:
                parts = self._splitRows(avail_height, doInRowSplit=True)
            finally:
                self.splitInRow = saved
        return parts

    def draw(self) -> None:
        """Draw the table, or copy what the same cells drew at the same sizes in another layout of the document."""
        memo = layout_memo.active()
        if memo is None or self.memo_key is None or getattr(self, "_roundingRectDef", None):
            super().draw()
            return
        key = ("table", self.memo_key, tuple(self._colWidths), tuple(self._rowHeights), self._width, self._height)

        def paragraphs() -> list[Any]:
            return [item for row in self._cellvalues for cell in row for item in _items(cell)]

        layout_memo.replay(self, key, memo, paragraphs, super().draw)


def _items(cell: Any) -> list[Any]:
    """Return the flowables of a table cell (a string draws in the table's own font: none)."""
    return [] if isinstance(cell, str) else list(cell) if isinstance(cell, list | tuple) else [cell]


class TextParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that is quick to build and to lay out again.

    Text with no markup at all (most table cells) skips reportlab's XML parser: it becomes the
    one fragment the parser would make. And the last line breaking is kept, as tables and
    frames wrap a paragraph at one width several times; while a layout memo is active, line
    breaks and drawn text are shared with the other layouts of the document (see
    :mod:`solodesk.reports.layout_memo`).
    """

    _wrapped_at: float | None = None

    def __init__(
        self,
        markup: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,  # noqa: N803 - reportlab's names: split() passes them by keyword
        frags: list[Any] | None = None,
    ) -> None:
        # Built from text (not from a split's fragments): the same text and style lay out the same.
        self._memo_key = (markup, bulletText) if frags is None else None
        words = markup.split() if markup is not None and frags is None else []
        if not words or "<" in markup or "&" in markup or style.textTransform:  # type: ignore[operator]
            memo = layout_memo.active()
            if memo is None or self._memo_key is None:
                super().__init__(markup, style, bulletText=bulletText, frags=frags)
            else:
                layout_memo.parse(self, self._memo_key, style, memo, super().__init__)
            return
        _family, bold, italic = ps2tt(style.fontName)
        text = " ".join(words)  # as the parser cleans it
        fragment = ParaFrag(rise=0, greek=0, link=[], fontName=style.fontName, bold=bold, italic=italic, us_lines=[])
        fragment.fontSize, fragment.textColor, fragment.text = style.fontSize, style.textColor, text
        fragment.__tag__ = "para"
        super().__init__(text, style, bulletText=bulletText, frags=[fragment])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Break the lines for this width, unless they were broken for it last time."""
        if self._wrapped_at != avail_width or "blPara" not in self.__dict__:  # split() may drop it
            memo = layout_memo.active()
            if memo is None or self._memo_key is None:
                super().wrap(avail_width, avail_height)
            else:
                layout_memo.wrap(
                    self,
                    self._memo_key,
                    avail_width,
                    memo,
                    lambda: super(TextParagraph, self).wrap(avail_width, avail_height),
                )
            self._wrapped_at = avail_width
        return self.width, self.height

    def draw(self) -> None:
        """Draw the lines, or copy what the same lines drew in another layout of the document."""
        memo = layout_memo.active()
        key = None if memo is None else layout_memo.paragraph_key(memo, self)
        if key is None:
            super().draw()
        else:
            layout_memo.replay(self, key, memo, lambda: [self], super().draw)  # type: ignore[arg-type]


def text(value: str) -> str:
    """Return plain text escaped for a Paragraph, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of plain text."""
    return TextParagraph(text(value), style)


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    header: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """Return a ruled table; the first row is a shaded header row when ``header``.

    ``widths`` are preferences: columns are widened where a word would not fit whole
    (:func:`solodesk.reports.table_fit.fit_columns`). A row taller than a page splits inside.
    """
    from solodesk.reports.table_fit import fit_columns  # imported here: it builds on this module's text()

    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    padding = {"LEFTPADDING": 4.0, "RIGHTPADDING": 4.0}
    for command in extra:  # a table-wide padding given by the caller
        if command[0] in padding and command[1] == (0, 0) and command[2] == (-1, -1):
            padding[command[0]] = float(command[3])
    cells, fitted = fit_columns(rows, widths, sum(padding.values()))
    table = RuledTable(cells, colWidths=fitted, repeatRows=1 if header else 0, splitInRow=SPLIT_IN_ROW, spaceAfter=3)
    table.setStyle(TableStyle(commands + list(extra)))
    memo = layout_memo.active()
    content = None if memo is None else layout_memo.cells_key(memo, cells)
    if content is not None:
        table.memo_key = (content, tuple(fitted), header, repr(commands + list(extra)))
    return table


class RecordedName(Flowable):  # type: ignore[misc]
    """A one-line name that records where on which page it was drawn.

    The personalised copy paints its highlight behind the recorded box, so the
    shared page can be rendered once for every recipient.
    """

    def __init__(
        self, key: int, name: str, style: ParagraphStyle, sink: dict[int, tuple[int, float, float, float, float]]
    ):
        super().__init__()
        self.key = key
        self.name = name
        self.font = style.fontName
        self.size = style.fontSize
        self.full_size = style.fontSize
        self.sink = sink

    @property
    def preferred_width(self) -> float:
        """Return the name's width at full size (what its table column would like)."""
        return float(stringWidth(self.name, self.font, self.full_size))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take one line; shrink the type when the name is wider than the cell."""
        width = stringWidth(self.name, self.font, self.size)
        if width > avail_width > 0:
            self.size = self.size * avail_width / width
        self.width = min(width, avail_width)
        self.height = self.size * 1.25
        return avail_width, self.height

    def draw(self) -> None:
        """Draw the name and record its box in page coordinates."""
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(INK)
        baseline = self.size * 0.28
        canvas.drawString(0, baseline, self.name)
        x, y = canvas.absolutePosition(0, 0)
        self.sink[self.key] = (canvas.getPageNumber(), x, y, self.width, self.height)


def page_furniture(marking: str, left_header: str, left_footer: str) -> Callable[[Canvas, int, int], None]:
    """Return a painter of the header and footer shared by every copy.

    The painter is called with the canvas, the page number and the page count.
    """

    def paint(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MARKING_RED)
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(PAGE_WIDTH / 2, HEADER_Y, marking)
        canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, marking)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN, HEADER_LINE2_Y, left_header)
        canvas.drawString(MARGIN, FOOTER_LINE2_Y, left_footer)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_LINE2_Y, f"Page {page} of {pages}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, HEADER_LINE2_Y - 3, PAGE_WIDTH - MARGIN, HEADER_LINE2_Y - 3)
        canvas.line(MARGIN, FOOTER_LINE2_Y + 9, PAGE_WIDTH - MARGIN, FOOTER_LINE2_Y + 9)
        canvas.restoreState()

    return paint


def numbered_canvas(
    paint: Callable[[Canvas, int, int], None], before_save: Callable[[Canvas], None] | None = None
) -> type[Canvas]:
    """Return a canvas class that paints the furniture once the page count is known.

    ``before_save`` runs after the last page, while fonts can still take new characters.
    """

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                paint(self, self._pageNumber, pages)
                super().showPage()
            if before_save is not None:
                before_save(self)
            super().save()

    return NumberedCanvas
