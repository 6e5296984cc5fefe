"""Overwriting secrets in place: keys in buffers, and the immutable copies that cannot be avoided."""

import pytest

from solodesk.secret_memory import hex_key_pragma, key_buffer, wipe


@pytest.mark.parametrize(
    "parts", [("correct horse ", "battery staple"), ("Zoë Ó Briain ", "Łukasz"), ("Nguyễn ", "😀 Thị")]
)
def test_wipe_clears_a_str_of_any_width_in_place(parts: tuple[str, str]) -> None:
    """ASCII, Latin-1, UCS-2 and UCS-4 strings (built at run time, so not shared) are zeroed."""
    text = "".join(parts)
    length = len(text)
    wipe(text)
    assert len(text) == length and all(character == "\0" for character in text)


def test_key_buffer_copies_then_clears_the_original() -> None:
    original = bytes(bytearray(range(32)))
    buffer = key_buffer(original)
    assert buffer == bytearray(range(32))
    assert original == bytes(32)
    wipe(buffer)
    assert buffer == bytearray(32)


def test_hex_key_pragma_is_sqlciphers_raw_key_form() -> None:
    assert hex_key_pragma(bytearray(b"\x00\x01\xab\xff")) == bytearray(b"x'0001abff'")


def test_one_character_strings_are_left_alone() -> None:
    """Single characters are interpreter-wide singletons: wiping one would corrupt every use of it."""
    letter = "".join(["a"])
    wipe(letter)
    assert letter == "a"
