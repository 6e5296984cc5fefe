"""The embedded Unicode font family and a check that it can draw a text.

Every PDF uses DejaVu Sans from ``resources/fonts`` (embedded, subset), so a
name such as Zoë, Ó Briain, Łukasz or Nguyễn renders the same on every
computer. A character the font has no glyph for is reported, never drawn as a
box or dropped.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from solodesk.paths import resources_dir

REGULAR = "SoloSans"
BOLD = "SoloSans-Bold"
ITALIC = "SoloSans-Oblique"
BOLD_ITALIC = "SoloSans-BoldOblique"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# Characters that occupy no glyph of their own: layout controls the renderer handles.
_IGNORED = {"\n", "\r", "\t"}


@dataclass(frozen=True)
class MissingGlyph:
    """A character the embedded font cannot draw, and where it was found.

    Attributes:
        field: a readable name of the field ("Subject name", "Action 3 description").
        character: the character itself.
    """

    field: str
    character: str

    def describe(self) -> str:
        """Return a sentence naming the field and the character."""
        name = unicodedata.name(self.character, f"U+{ord(self.character):04X}")
        return f"{self.field}: the character '{self.character}' ({name}) cannot be printed."


class UnprintableTextError(ValueError):
    """Some text has a character the embedded font cannot draw; nothing was rendered.

    Attributes:
        missing: every offending character with the field it is in.
    """

    def __init__(self, missing: list[MissingGlyph]) -> None:
        self.missing = missing
        super().__init__(" ".join(m.describe() for m in missing[:5]) + (" …" if len(missing) > 5 else ""))


class _MeasuredFont(TTFont):  # type: ignore[misc]  # reportlab is untyped
    """A TTFont that remembers the widths it measured.

    Laying out a minute measures the same words many times, and each distinct audience
    set lays the minute out again; reportlab's pure-Python width sum dominated that.
    Widths depend only on the text and size, so remembering them changes no output.
    """

    _MAX_REMEMBERED = 200_000  # bounded: cleared when full

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[tuple[str, float, str], float] = {}

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802 - reportlab's name
        key = (text, size, encoding)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= self._MAX_REMEMBERED:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


@cache
def register_fonts() -> str:
    """Register the font family with reportlab once; return the regular font's name."""
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(_MeasuredFont(name, str(folder / filename)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)
    return REGULAR


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(fields: dict[str, str]) -> list[MissingGlyph]:
    """Return every character in the given fields that the font cannot draw.

    Args:
        fields: readable field name -> text, for every text that will be printed.
    """
    covered = _covered()
    missing: list[MissingGlyph] = []
    for field, text in fields.items():
        # The set of distinct characters is built in C: checking it costs little even for a megabyte of text.
        unknown = {c for c in set(text) if ord(c) not in covered} - _IGNORED
        for character in text if unknown else "":  # in order of first appearance
            if character in unknown:
                unknown.discard(character)
                missing.append(MissingGlyph(field, character))
                if not unknown:
                    break
    return missing
