"""Work shared between the layouts of one document: line breaks and drawn text (issue 11).

A minute is laid out once for each distinct set of restricted items its recipients may
see, and most of its paragraphs are the same in every one of those layouts. While a memo
is active (:func:`sharing`), a paragraph whose text and style were already broken into
lines at the same width takes those lines, and one already drawn takes the PDF operators
it drew then, but only when this document's font subsets give every one of its characters
the same codes as then (otherwise it is drawn afresh). Either way the page gets byte for
byte what drawing it afresh would give.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from reportlab.pdfbase import pdfmetrics

Memo = dict[Any, Any]

_ACTIVE: ContextVar[Memo | None] = ContextVar("layout_memo", default=None)
# What a paragraph's text operators depend on besides its own lines: the canvas's text state.
_CANVAS_STATE = ("_fontname", "_fontsize", "_leading", "_charSpace", "_wordSpace", "_horizScale", "_textRenderMode")


@contextmanager
def sharing(memo: Memo) -> Iterator[None]:
    """Share line breaks and drawn text through ``memo`` while the block runs (this thread only)."""
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> Memo | None:
    """Return the memo in use, or None when nothing is shared."""
    return _ACTIVE.get()


def style_key(memo: Memo, style: Any) -> tuple[Any, ...]:
    """Return every setting of a paragraph style, as a key (styles are rebuilt for each layout)."""
    cache = memo.setdefault("styles", {})
    found = cache.get(id(style))
    if found is None or found[0] is not style:
        key = tuple((name, repr(value)) for name, value in sorted(vars(style).items()) if name != "parent")
        found = cache[id(style)] = (style, key)
    settings: tuple[Any, ...] = found[1]
    return settings


def parse(paragraph: Any, key: Any, style: Any, memo: Memo, init: Callable[..., None]) -> None:
    """Parse a paragraph's markup, or take the fragments parsed from the same markup and style before."""
    markup, bullet_text = key
    full_key = ("parse", key, style_key(memo, style))
    found = memo.get(full_key)
    if found is None:
        init(markup, style, bulletText=bullet_text)
        if paragraph.style is style:  # markup that sets its own style (<para ...>) is parsed each time
            memo[full_key] = (paragraph.frags, paragraph.text, paragraph.bulletText)
        return
    frags, cleaned, bullet = found
    # Fragments are only read after parsing (to break lines, and to build a split's new paragraphs).
    init(cleaned, style, bulletText=bullet, frags=list(frags))
    paragraph.text = cleaned


def wrap(paragraph: Any, key: Any, avail_width: float, memo: Memo, wrap_afresh: Callable[[], None]) -> None:
    """Break a paragraph's lines for a width, or take the lines broken for the same text and style before."""
    full_key = ("wrap", key, style_key(memo, paragraph.style), avail_width)
    found = memo.get(full_key)
    if found is None:
        wrap_afresh()
        if "blPara" in vars(paragraph):
            memo[full_key] = (paragraph.blPara, paragraph.height, list(paragraph._wrapWidths), paragraph._width_max)
        return
    # The lines are only read after this (to draw them, or to split them into new paragraphs).
    paragraph.blPara, paragraph.height, widths, paragraph._width_max = found
    paragraph.width, paragraph._wrapWidths = avail_width, list(widths)


def _pieces(flowables: Any) -> list[tuple[str, str]] | None:
    """Return (font name, text) of everything the paragraphs draw; None if anything but plain text is drawn."""
    pieces: list[tuple[str, str]] = []
    for paragraph in flowables:
        for frag in paragraph.frags:
            text = getattr(frag, "text", None)
            plain = not getattr(frag, "link", None) and not getattr(frag, "us_lines", None)
            if not isinstance(text, str) or not plain or hasattr(frag, "cbDefn"):
                return None
            pieces.append((frag.fontName, text))
        if paragraph.bulletText:
            if not isinstance(paragraph.bulletText, str):
                return None
            pieces.append((paragraph.style.bulletFontName, paragraph.bulletText))
    return pieces


def _fonts_used(flowables: Any, doc: Any) -> tuple[Any, ...] | None:
    """Return, per font drawn, its name in this document and the codes its characters have now (see :func:`_agree`)."""
    pieces = _pieces(flowables)
    if pieces is None:
        return None
    chars: dict[str, set[str]] = {}
    for font_name, text in pieces:
        chars.setdefault(font_name, set()).update(text)
    used = []
    for font_name, seen in sorted(chars.items()):
        codes = tuple(32 if code == 0xA0 else code for code in sorted(map(ord, seen)))
        used.append((font_name, codes, _now(font_name, codes, doc)))
    return tuple(used)


def _now(font_name: str, codes: tuple[int, ...], doc: Any) -> Any:
    """Return a font's name in this document and the subset codes of some characters, as drawing now would use them."""
    font = pdfmetrics.getFont(font_name)
    if not getattr(font, "_dynamicFont", 0):
        return doc.fontMapping.get(font_name)
    state = font.state.get(doc)
    if state is None:
        return None
    assignments = state.assignments
    return state.internalName, tuple(assignments.get(code) for code in codes)


def _agree(fonts: tuple[Any, ...], doc: Any) -> bool:
    """Return True when this document would draw the recorded characters with the recorded codes."""
    return all(_now(font_name, codes, doc) == then for font_name, codes, then in fonts)


def replay(flowable: Any, key: Any, memo: Memo, paragraphs: Callable[[], Any], draw_afresh: Callable[[], None]) -> None:
    """Draw a flowable, or copy the operators it drew before when its paragraphs' font codes agree.

    Args:
        flowable: what is drawn; its ``canv`` is the canvas.
        key: everything its drawing depends on besides the canvas and the font codes.
        memo: the active memo.
        paragraphs: returns the paragraphs it draws (their text decides which font codes matter).
        draw_afresh: draws it.
    """
    canvas = flowable.canv
    doc = canvas._doc
    full_key = ("draw", key, tuple(getattr(canvas, name, None) for name in _CANVAS_STATE))
    found = memo.get(full_key)
    if found is not None and _agree(found[0], doc):
        canvas._code.extend(found[1])
        return
    start, colours = len(canvas._code), len(canvas._colorsUsed)
    draw_afresh()
    fonts = _fonts_used(paragraphs(), doc)
    if fonts is not None and len(canvas._colorsUsed) == colours:
        memo[full_key] = (fonts, canvas._code[start:])


def paragraph_key(memo: Memo, paragraph: Any) -> Any:
    """Return what a text paragraph's drawing depends on, or None when it is not shared."""
    key = getattr(paragraph, "_memo_key", None)
    if key is None or paragraph.debug or getattr(paragraph, "_offsets", None):
        return None
    return ("paragraph", key, style_key(memo, paragraph.style), paragraph.width, paragraph.height)


def cells_key(memo: Memo, cells: Any) -> Any:
    """Return a key for table cells made only of text paragraphs and strings; None for anything else."""
    keys: list[tuple[Any, ...]] = []
    for row in cells:
        for cell in row:
            if isinstance(cell, str):
                keys.append(("text", cell))
                continue
            items = cell if isinstance(cell, list | tuple) else [cell]
            inner = []
            for item in items:
                key = getattr(item, "_memo_key", None)
                if key is None or not hasattr(item, "frags"):
                    return None
                inner.append((key, style_key(memo, item.style)))
            keys.append(tuple(inner))
    return tuple(keys)
