"""Table columns that fit their content, so no name, status or e-mail address is broken mid-word.

The widths a table is given are preferences. Each column is measured (with the
embedded font's metrics) for its widest unbreakable word; a column too narrow
for it takes room from columns that have some to spare (no column takes more
than :data:`MAX_COLUMN_SHARE` of the table for one word). When the words cannot
all fit whole, a word may wrap after its own hyphens (a double-barrelled name,
never an e-mail address); a word that still does not fit is set in smaller type
in its own cell. Long cells and cells with bullet lines become several small
paragraphs (see :mod:`solodesk.reports.long_text`), so a row taller than a page
splits cheaply.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import repeat
from typing import Any
from xml.sax.saxutils import unescape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Paragraph

from solodesk.reports import layout_memo
from solodesk.reports.long_text import CHUNK_CHARS, text_paragraphs
from solodesk.reports.styles import TextParagraph

MIN_FONT_SIZE = 5.0
MAX_COLUMN_SHARE = 0.45  # one long word (an e-mail address) is set smaller rather than squeeze the other columns
_FIT = 0.01  # points of rounding tolerance
_SPACE = re.compile(r"(\s+)")
_AFTER_HYPHEN = re.compile(r"(?<=-)")
_RIGID = re.compile(r"[@/\\]|^www\.")  # e-mail addresses, paths and web addresses never wrap
_TOKENS = re.compile(r"(\s+|<br/>)")
_PLAIN_MARKUP = re.compile(r"<(?!br/>)")
_BULLET_MARKUP = re.compile(r"(^|<br/>)\s*(-|\*|•)\s")


@dataclass
class _Word:
    """The widest word of a cell, measured in its own font.

    Attributes:
        text: the widest word.
        width: its width.
        piece: the widest part any word of the cell must keep on one line: a word that may wrap
            after its hyphens counts by its widest part, any other word whole.
    """

    text: str = ""
    width: float = 0.0
    piece: float = 0.0


def fit_columns(
    rows: Sequence[Sequence[Any]], widths: Sequence[float], padding: float
) -> tuple[list[list[Any]], list[float]]:
    """Return the rows (long cells split, cells too narrow re-set) and widths fitted to the content.

    Args:
        rows: the table's cells: Paragraphs, lists of flowables, strings or other flowables.
        widths: the preferred column widths (their sum is the table's width).
        padding: the left plus right padding of a cell.
    """
    cells = [[_expand(cell) for cell in row] for row in rows]
    columns = len(widths)
    measured = [[_widest(cell) for cell in row] for row in cells]

    cap = sum(widths) * MAX_COLUMN_SHARE

    def need(column: int, attribute: str) -> float:
        widest = max((getattr(row[column], attribute) for row in measured if column < len(row)), default=0.0)
        return min(widest + padding, max(cap, widths[column]))

    fitted = _share(list(widths), [need(c, "width") for c in range(columns)])
    if fitted is None:
        pieces = [need(c, "piece") for c in range(columns)]
        fitted = _share(list(widths), pieces)
        if fitted is None:  # even the parts do not fit: share out in proportion, some cells set smaller
            fitted = [sum(widths) * piece / sum(pieces) for piece in pieces]
    for row, sizes in zip(cells, measured, strict=True):
        for column, word in enumerate(sizes):
            room = fitted[column] - padding
            if word.width > room + _FIT and isinstance(row[column], Paragraph):
                row[column] = _narrowed(row[column], word, room)
    return cells, fitted


def _share(preferred: list[float], needs: list[float]) -> list[float] | None:
    """Give every column at least its need, taking the room from columns with some to spare; None if impossible."""
    total = sum(preferred)
    if sum(needs) > total + 0.01:
        return None
    deficit = sum(max(0.0, need - width) for width, need in zip(preferred, needs, strict=True))
    if deficit <= 0:
        return preferred
    spare = [max(0.0, width - need) for width, need in zip(preferred, needs, strict=True)]
    room = sum(spare)
    if room <= 0:  # within the rounding tolerance: nothing to move
        return preferred
    return [
        need if need >= width else width - deficit * extra / room
        for width, need, extra in zip(preferred, needs, spare, strict=True)
    ]


def _expand(cell: Any) -> Any:
    """Return a long or bulleted plain-text Paragraph as small paragraphs; anything else as it is."""
    if not isinstance(cell, Paragraph) or cell.bulletText or _PLAIN_MARKUP.search(cell.text):
        return cell
    if len(cell.text) <= CHUNK_CHARS and not _BULLET_MARKUP.search(cell.text):
        return cell
    style = cell.style
    spaced = ParagraphStyle(f"{style.name}-spaced", parent=style, spaceAfter=max(style.spaceAfter, style.leading / 2))
    return text_paragraphs(unescape(cell.text.replace("<br/>", "\n")), spaced)


def _widest(cell: Any) -> _Word:
    """Return the widest word of a cell (a paragraph, a list of them, or a flowable that says its width)."""
    if isinstance(cell, Paragraph):
        return _widest_in(cell)
    if isinstance(cell, list):
        words = [_widest(item) for item in cell]
        return max(words, key=lambda w: w.width, default=_Word())
    preferred = getattr(cell, "preferred_width", None)
    if isinstance(preferred, float | int):
        return _Word(width=float(preferred), piece=float(preferred))
    return _Word()


def _widest_in(paragraph: Paragraph) -> _Word:
    """Return the widest word of a paragraph, measured once for all the layouts of a document (see layout_memo)."""
    memo = layout_memo.active()
    key = getattr(paragraph, "_memo_key", None)
    if memo is None or key is None:
        return _measure(paragraph)
    full_key = ("widest", key, layout_memo.style_key(memo, paragraph.style))
    found = memo.get(full_key)
    if found is None:
        found = memo[full_key] = _measure(paragraph)
    return replace(found)  # the caller may change it


def _measure(paragraph: Paragraph) -> _Word:
    """Measure every word of a paragraph, a word running on across font changes (``<b>No.</b>1``)."""
    best = _Word()
    word, width, parts = "", 0.0, [0.0]

    def close() -> None:
        nonlocal word, width, parts
        if width > best.width:
            best.text, best.width = word, width
        rigid = max(parts) if _hyphenatable(word) else width
        best.piece = max(best.piece, rigid)
        word, width, parts = "", 0.0, [0.0]

    for frag in paragraph.frags:
        if getattr(frag, "lineBreak", False):
            close()
            continue
        for chunk in _SPACE.split(frag.text):
            if not chunk:
                continue
            if chunk.isspace():
                close()
                continue
            for number, piece in enumerate(_AFTER_HYPHEN.split(chunk)):
                measured = _width(piece, frag.fontName, frag.fontSize)
                if number:
                    parts.append(0.0)
                parts[-1] += measured
                width += measured
            word += chunk
    close()
    indent = paragraph.style.leftIndent + paragraph.style.rightIndent
    best.width += indent
    best.piece += indent
    return best


def _width(word: str, font_name: str, size: float) -> float:
    """Return a word's width: summed from the embedded font's advance table (reportlab's own sum is pure Python)."""
    advances = _advances(font_name)
    if advances is None:
        return float(stringWidth(word, font_name, size))
    table, default = advances
    return sum(map(table.get, map(ord, word), repeat(default, len(word)))) * size / 1000.0


@cache
def _advances(font_name: str) -> tuple[dict[int, float], float] | None:
    """Return a TrueType font's advance widths by code point (1/1000 em) and its default, else None."""
    face = getattr(getFont(font_name), "face", None)
    widths = getattr(face, "charWidths", None)
    if not isinstance(widths, dict):
        return None
    return widths, float(getattr(face, "defaultWidth", 0.0))


def _hyphenatable(word: str) -> bool:
    """Return True when a word may wrap after its own hyphens: a compound name, not an address."""
    core = word.strip("'\"([{‘“]),.;:!?’”")
    return "-" in core[1:-1] and "--" not in core and not _RIGID.search(core)


def _narrowed(paragraph: Paragraph, word: _Word, room: float) -> Paragraph:
    """Return the paragraph re-set so its words fit: long compound words broken after hyphens, else smaller type.

    reportlab itself would cut a word too long for the line anywhere ("Complet/ed"); a compound
    word gets a line break after the hyphen where it must wrap, and the type is made smaller only
    when a single part (or a word with no hyphen) is still too wide.
    """
    style = paragraph.style
    plain = not _PLAIN_MARKUP.search(paragraph.text)
    widest = word.piece if plain else word.width
    size = style.fontSize
    if widest > room > 0:
        size = max(MIN_FONT_SIZE, style.fontSize * room / widest * 0.99)
    variant = ParagraphStyle(
        f"{style.name}-fitted", parent=style, fontSize=size, leading=style.leading * size / style.fontSize
    )
    markup = paragraph.text
    if plain:
        measure = partial(_width, font_name=style.fontName, size=size)
        markup = "".join(
            _break_after_hyphens(token, room, measure) if _hyphenatable(token) and measure(token) > room else token
            for token in _TOKENS.split(markup)
        )
    return TextParagraph(markup, variant, bulletText=paragraph.bulletText)


def _break_after_hyphens(word: str, room: float, measure: Callable[[str], float]) -> str:
    """Return the word with forced line breaks after hyphens, as few as let each line fit the room."""
    lines: list[str] = []
    for piece in _AFTER_HYPHEN.split(word):
        if lines and measure(unescape(lines[-1] + piece)) <= room:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "<br/>".join(lines)
