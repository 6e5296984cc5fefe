"""How much text each kind of field may hold, enforced by the services whatever the caller.

Limits keep every later cost bounded (the minute and pack renderers, packs, search)
and are far above what a person types: a name or reference fits in
:data:`SHORT_TEXT`, an address or one action in :data:`LINE_TEXT`, and notes,
reports and narratives in :data:`LONG_TEXT` (about 40 printed pages).
"""

from collections.abc import Iterable

SHORT_TEXT = 200
LINE_TEXT = 2_000
LONG_TEXT = 100_000
MAX_LIST_ENTRIES = 200


class TextTooLongError(ValueError):
    """A text is longer than its field allows; nothing was saved.

    Attributes:
        field_label: the field as the user knows it ("Notes").
        limit: the most characters the field holds.
    """

    def __init__(self, field_label: str, length: int, limit: int) -> None:
        self.field_label = field_label
        self.limit = limit
        super().__init__(too_long_sentence(field_label, length, limit))


def too_long_sentence(field_label: str, length: int, limit: int) -> str:
    """Return the sentence shown when a field's text is over its limit."""
    return f"{field_label} is too long: {length:,} characters, at most {limit:,}. Shorten it; nothing was saved."


def check_text(field_label: str, text: str | None, limit: int) -> None:
    """Refuse a text longer than ``limit`` characters.

    Raises:
        TextTooLongError: with a sentence naming the field and the limit.
    """
    if text is not None and len(text) > limit:
        raise TextTooLongError(field_label, len(text), limit)


def check_texts(checks: Iterable[tuple[str, str | None, int]]) -> None:
    """Apply :func:`check_text` to each (field label, text, limit); the first over its limit is refused."""
    for field_label, text, limit in checks:
        check_text(field_label, text, limit)


def check_list(field_label: str, entries: list[str], limit: int = SHORT_TEXT) -> None:
    """Refuse a list with too many entries or an entry longer than ``limit``.

    Raises:
        TextTooLongError: the list, or one of its entries, is too long.
    """
    if len(entries) > MAX_LIST_ENTRIES:
        raise TextTooLongError(f"{field_label} (number of entries)", len(entries), MAX_LIST_ENTRIES)
    for entry in entries:
        check_text(f"An entry of {field_label}", entry, limit)


def problems_of(checks: Iterable[tuple[str, str, str | None, int]]) -> dict[str, str]:
    """Return field name -> sentence for each (name, label, text, limit) over its limit (for form services)."""
    return {
        name: too_long_sentence(label, len(text), limit)
        for name, label, text, limit in checks
        if text is not None and len(text) > limit
    }
