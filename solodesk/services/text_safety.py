"""Text from outside (a pack from another computer) made safe to print on a terminal."""

import unicodedata

# The highest id SQLite can store (a signed 64-bit integer); anything larger is no record's id.
MAX_RECORD_ID = 2**63 - 1
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def printable(text: str) -> str:
    r"""Return text with every control or formatting character shown as an escape.

    Terminal escape sequences (ESC, CSI), bidirectional overrides, backspaces and
    carriage returns in a pack could otherwise repaint or hide what the terminal shows;
    here they appear as ``\e``, ``\u202e`` and so on, and ordinary letters in any
    script (Zoë, Łukasz, Nguyễn) are left as they are.
    """
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            out.append(_NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"))
        else:
            out.append(char)
    return "".join(out)


def record_id(value: str | int, what: str = "id") -> int:
    """Return a record id given on a command line, refusing what no record can have.

    Raises:
        ValueError: not a whole number from 1 to :data:`MAX_RECORD_ID`, with a sentence.
    """
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"The {what} must be a whole number, not {printable(str(value))!r}.") from None
    if not 1 <= number <= MAX_RECORD_ID:
        raise ValueError(f"There is no record with {what} {number}: ids run from 1 to {MAX_RECORD_ID}.")
    return number
