"""The embedded font draws every Latin-script name and reports what it cannot draw."""

import pytest

from solodesk.reports.fonts import missing_glyphs


@pytest.mark.parametrize(
    "name",
    [
        "Zoë",
        "Ó Briain",
        "O'Connor",
        "O’Connor",
        "Łukasz",
        "Nguyễn",
        "Ayşe Yılmaz",
        "José Muñoz",
        "Ğülşen",
        "Søren Ærø",
        "Đorđe",
        "Þórunn",
    ],
)
def test_latin_names_are_all_covered(name: str) -> None:
    """Every letter of these names has a glyph in the shipped font."""
    assert missing_glyphs({"Name": name}) == []


def test_uncovered_character_is_reported_with_its_field() -> None:
    """A CJK character is reported, naming the field and the character."""
    missing = missing_glyphs({"Subject name": "Li 李", "Venue": "Room 1"})
    assert len(missing) == 1
    assert missing[0].field == "Subject name"
    assert missing[0].describe().startswith("Subject name: the character '李'")
