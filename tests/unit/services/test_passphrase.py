"""The store passphrase rule: rated by zxcvbn, weak ones refused with the reason."""

import pytest

from solodesk.services.passphrase import Strength, WeakPassphraseError, check_new_passphrase, hint, strength


def test_strength_comes_from_guessability_not_character_classes() -> None:
    """Short is refused; a common password with a digit is weak; several uncommon words are strong."""
    assert strength("abc") == Strength.TOO_SHORT
    assert strength("password1") == Strength.WEAK
    assert strength("abcdefgh") == Strength.WEAK
    assert strength("Summer2024!") == Strength.FAIR
    assert strength("correct horse battery staple") == Strength.STRONG


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("password1", "This is a very common password."),
        ("Summer2024!", "similar to a commonly used password"),
        ("asdfghjkl;", "Straight rows of keys are easy to guess."),
        ("aaaaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("solodesk2026", "Add another word or two"),
    ],
)
def test_weak_passphrases_are_refused_with_the_reason(weak: str, reason: str) -> None:
    """Each refusal says what is wrong and what would help."""
    with pytest.raises(WeakPassphraseError, match="too easy to guess") as refused:
        check_new_passphrase(weak)
    assert reason.lower() in str(refused.value).lower()


def test_strong_and_long_passphrases_are_accepted() -> None:
    """Strong passphrases pass, including ones longer than the estimator rates."""
    check_new_passphrase("correct horse battery staple")
    check_new_passphrase("violet harbour under a quiet kettle " * 4)
    with pytest.raises(ValueError, match="at least 8"):
        check_new_passphrase("short")


def test_hint_says_the_band_and_the_reason() -> None:
    """The hint shown while typing names the band and zxcvbn's advice."""
    assert hint("password1").startswith("Weak: This is a very common password.")
    assert hint("correct horse battery staple") == "Strong."
