"""Free text as the writer typed it: paragraphs, line breaks and "- " bullet lines, laid out in linear time.

A blank line starts a new paragraph (with the style's space after it); a single
line break stays a line break; a line starting with "- ", "* " or "• " is a
bullet point drawn with the embedded font's bullet. Every line becomes its own
small flowable: reportlab splits a paragraph across pages by re-flowing what is
left of it each time, so one paragraph of a million characters would take
minutes (the cost grows with the square of its length). A line longer than
:data:`CHUNK_CHARS` is cut at a sentence end or a space into pieces that follow
on with no space between them.
"""

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from solodesk.reports.styles import TextParagraph, text

CHUNK_CHARS = 2_000
BULLET = "•"  # U+2022, drawn from the embedded font (the style's bulletFontName)
_BULLET_LINE = re.compile(r"^\s*[-*•]\s+(?=\S)")


def text_paragraphs(value: str, style: ParagraphStyle, prefix: str = "") -> list[Flowable]:
    """Return plain text as small paragraphs: its paragraphs, line breaks and bullet lines kept.

    Args:
        value: the plain text (escaped here).
        style: the paragraph style; the first piece keeps its space before, each paragraph its space after.
        prefix: paragraph markup put before the first piece (already escaped, e.g. ``<b>Rationale:</b> ``).
    """
    lines = value.strip("\n").split("\n")
    variants: dict[tuple[bool, bool, float], ParagraphStyle] = {}
    out: list[Flowable] = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        bullet = _BULLET_LINE.match(line)
        if bullet:
            line = line[bullet.end() :]
        if not following.strip():
            after = style.spaceAfter  # the end of a paragraph
        elif bullet:
            # Consecutive bullet lines are a list: a small gap between them, the full space after the last.
            after = min(style.spaceAfter, 1.5) if _BULLET_LINE.match(following) else style.spaceAfter
        else:
            after = 0.0  # a line break inside a paragraph
        pieces = _split_line(line.rstrip())
        for number, piece in enumerate(pieces):
            key = (bool(bullet), not out, after if number == len(pieces) - 1 else 0.0)
            if key not in variants:
                variants[key] = _variant(style, *key)
            markup = (prefix if not out else "") + text(piece)
            out.append(TextParagraph(markup, variants[key], bulletText=BULLET if bullet and number == 0 else None))
    return out or [TextParagraph(prefix, style)]


def bullet_list(items: Sequence[str], style: ParagraphStyle) -> list[Flowable]:
    """Return one bullet point per item, spaced as a list (the style's full space after the last)."""
    out: list[Flowable] = []
    for index, item in enumerate(items):
        after = style.spaceAfter if index == len(items) - 1 else min(style.spaceAfter, 1.5)
        out.append(TextParagraph(text(item), _variant(style, True, index == 0, after), bulletText=BULLET))
    return out


def _variant(style: ParagraphStyle, bullet: bool, first: bool, after: float) -> ParagraphStyle:
    """Return the style of one piece: space before only on the first piece, the given space after."""
    name = f"{style.name}-{'bullet' if bullet else 'line'}"
    variant = ParagraphStyle(name, parent=style, spaceBefore=style.spaceBefore if first else 0, spaceAfter=after)
    if bullet:
        variant.leftIndent = style.leftIndent + style.fontSize * 1.2
        variant.bulletIndent = style.leftIndent + style.fontSize * 0.2
        variant.bulletFontSize = style.fontSize
    return variant


def _split_line(line: str) -> list[str]:
    """Cut one line longer than CHUNK_CHARS at sentence ends, else spaces, else anywhere."""
    parts = []
    while len(line) > CHUNK_CHARS:
        window = line[:CHUNK_CHARS]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < CHUNK_CHARS // 2:
            cut = window.rfind(" ")
        if cut < CHUNK_CHARS // 2:
            cut = CHUNK_CHARS - 1  # no space at all: cut a word rather than lay out a giant line
        parts.append(line[: cut + 1].rstrip())
        line = line[cut + 1 :].lstrip()
    parts.append(line)
    return parts
