"""How hard a store passphrase would be to guess, and the rule that refuses weak ones.

The estimate is zxcvbn's (dictionaries of common passwords, names and words,
keyboard patterns, dates, l33t substitutions), not a count of character classes:
"password1" has letters and a digit and is still among the first guesses an
attacker tries. Used by the lock screen and by ``solodesk init`` / ``passphrase``.
"""

import enum
from dataclasses import dataclass

from solodesk.store import check_passphrase_rules

# zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash
# attacks", the least a store of case data protected by Argon2id should have.
MIN_SCORE = 3
# zxcvbn's cost grows with length; the first characters decide the rating of a long passphrase.
_MAX_RATED_LENGTH = 72
# Words a guesser would try first against this particular store.
_APP_WORDS = ["solodesk", "solo", "desk", "mappa", "conference", "chair", "case", "store"]


class Strength(enum.IntEnum):
    """How hard a passphrase would be to guess."""

    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


class WeakPassphraseError(ValueError):
    """A passphrase too easy to guess; the message says why and what would help."""


@dataclass(frozen=True)
class Rating:
    """A passphrase's rating.

    Attributes:
        strength: the band shown to the person.
        warning: zxcvbn's warning ("This is a very common password."), or "".
        suggestions: zxcvbn's suggestions, in order.
    """

    strength: Strength
    warning: str
    suggestions: tuple[str, ...]

    def reason(self) -> str:
        """Return what is wrong and what would help, as one or two sentences."""
        parts = [self.warning, *self.suggestions] if self.warning or self.suggestions else []
        return " ".join(part.strip() for part in parts if part.strip()) or "Add another word or two."


def rate(passphrase: str) -> Rating:
    """Rate a passphrase (too short, weak, fair or strong) with the reasons."""
    try:
        check_passphrase_rules(passphrase)
    except ValueError as exc:
        return Rating(Strength.TOO_SHORT, str(exc), ())
    from zxcvbn import zxcvbn  # imported here: its word lists are not needed to show the lock window

    result = zxcvbn(passphrase[:_MAX_RATED_LENGTH], user_inputs=_APP_WORDS)
    score = int(result["score"])
    band = Strength.STRONG if score >= MIN_SCORE else Strength.FAIR if score == MIN_SCORE - 1 else Strength.WEAK
    feedback = result.get("feedback") or {}
    return Rating(band, str(feedback.get("warning") or ""), tuple(str(s) for s in feedback.get("suggestions") or ()))


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a new store passphrase that is too short or too easy to guess.

    Raises:
        ValueError: too short (the store's own rule).
        WeakPassphraseError: rated below strong, with zxcvbn's reason.
    """
    check_passphrase_rules(passphrase)
    rating = rate(passphrase)
    if rating.strength < Strength.STRONG:
        raise WeakPassphraseError(f"This passphrase is too easy to guess. {rating.reason()}")


def strength(passphrase: str) -> Strength:
    """Return the passphrase's strength band."""
    return rate(passphrase).strength


def hint(passphrase: str) -> str:
    """Return a sentence describing the passphrase's strength (shown as it is typed)."""
    rating = rate(passphrase)
    if rating.strength == Strength.TOO_SHORT:
        return rating.warning
    if rating.strength == Strength.STRONG:
        return "Strong."
    label = "Weak" if rating.strength == Strength.WEAK else "Fair, not yet strong enough"
    return f"{label}: {rating.reason()}"
