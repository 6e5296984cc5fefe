"""The strength hint on the create-store form."""

from solodesk.services.passphrase import Strength, strength


def test_strength_grows_with_words_and_variety() -> None:
    """Short is refused; a long multi-word passphrase is strong."""
    assert strength("abc") == Strength.TOO_SHORT
    assert strength("abcdefgh") == Strength.WEAK
    assert strength("correct horse battery staple") == Strength.STRONG
    assert strength("abcdefgh") < strength("Abcdefgh12!x")
