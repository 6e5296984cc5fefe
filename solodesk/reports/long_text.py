"""Long free text as many small paragraphs, so laying it out costs time in proportion to its length.

reportlab splits a paragraph across pages by re-flowing what is left of it each
time, so one paragraph of a million characters takes minutes (the cost grows
with the square of its length). Text longer than :data:`CHUNK_CHARS` becomes one
paragraph per line, and a line longer than that is cut at a sentence end or a
space; the paragraphs follow on with no space between them. Short text is one
paragraph exactly as before.
"""

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from solodesk.reports.styles import text

CHUNK_CHARS = 2_000


def text_paragraphs(value: str, style: ParagraphStyle, prefix: str = "") -> list[Flowable]:
    """Return plain text as paragraphs: one when short, else one per line (long lines cut in chunks).

    Args:
        value: the plain text (escaped here; line breaks kept).
        style: the paragraph style; only the first piece has its space before, the last its space after.
        prefix: paragraph markup put before the first piece (already escaped, e.g. ``<b>Rationale:</b> ``).
    """
    if len(value) <= CHUNK_CHARS:
        return [Paragraph(prefix + text(value), style)]
    # One plain paragraph per line: reportlab lays out text with no <br/> far faster.
    pieces = [part for line in value.split("\n") for part in _split_line(line)]
    middle = ParagraphStyle(f"{style.name}-cont", parent=style, spaceBefore=0, spaceAfter=0)
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0)
    out: list[Flowable] = []
    for index, piece in enumerate(pieces):
        if not piece.strip() and 0 < index < len(pieces) - 1:
            out.append(Spacer(1, style.leading))  # a blank line
            continue
        chosen = first if index == 0 else last if index == len(pieces) - 1 else middle
        out.append(Paragraph((prefix if index == 0 else "") + text(piece), chosen))
    return out


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
