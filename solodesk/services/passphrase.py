"""A rough passphrase strength hint for the create-store form."""

import enum
import string

from solodesk.store import check_passphrase_rules


class Strength(enum.IntEnum):
    """How hard a passphrase would be to guess."""

    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


_HINTS = {
    Strength.TOO_SHORT: "Too short: use at least 8 characters.",
    Strength.WEAK: "Weak: add more words or characters.",
    Strength.FAIR: "Fair: a few more words would make it strong.",
    Strength.STRONG: "Strong.",
}


def strength(passphrase: str) -> Strength:
    """Estimate strength from length and variety (several words beat symbols)."""
    try:
        check_passphrase_rules(passphrase)
    except ValueError:
        return Strength.TOO_SHORT
    classes = sum(
        any(ch in group for ch in passphrase)
        for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation + " ")
    )
    words = len(passphrase.split())
    score = len(passphrase) + 4 * classes + 6 * max(0, words - 1)
    if score >= 36:
        return Strength.STRONG
    if score >= 24:
        return Strength.FAIR
    return Strength.WEAK


def hint(passphrase: str) -> str:
    """Return a sentence describing the passphrase's strength."""
    return _HINTS[strength(passphrase)]
