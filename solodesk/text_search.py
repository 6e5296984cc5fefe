"""Accent- and case-insensitive text folding for search-as-you-type.

"zoe obriain" finds "Zoë Ó Briain"; "lukasz" finds "Łukasz". Folding is done
in Python because SQLite's LIKE only ignores ASCII case.
"""

import unicodedata

# Letters that do not decompose into a base letter plus accents.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
        "ı": "i",
        "’": "'",
        "‘": "'",
    }
)


# Code point -> None for every combining mark met so far: str.translate drops them in C, not per character in
# Python (building a register index folds every subject's names; 50,000 of them on a team store).
_MARKS: dict[int, None] = {}
_CHECKED: set[str] = set()


def fold(text: str) -> str:
    """Return text lower-cased, without accents, with apostrophes kept plain."""
    if text.isascii():
        return text.lower()  # nothing to decompose or translate; ASCII casefold is lower
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    unseen = set(decomposed) - _CHECKED
    if unseen:
        _MARKS.update((ord(ch), None) for ch in unseen if unicodedata.combining(ch))
        _CHECKED.update(unseen)
    return decomposed.translate(_MARKS).casefold()


def terms(query: str) -> list[str]:
    """Split a typed query into folded words; apostrophes and dashes are ignored inside words."""
    return [fold(word).replace("'", "").replace("-", "") for word in query.split() if word.strip()]


def searchable(*parts: str) -> str:
    """Return one folded string to match terms against (apostrophes and dashes dropped)."""
    return " ".join(fold(part).replace("'", "").replace("-", "") for part in parts if part)


def subject_search_keys(
    forenames: str, surname: str, aliases: list[str], visor_ref: str, police_ref: str, other_refs: str
) -> tuple[str, str]:
    """Return a subject's (search text, sort name) as the register matches and orders them.

    The search text holds the names (the surname also without its spaces, so "obriain" finds
    "Ó Briain"), the aliases and the reference numbers; the sort name is surname then forenames.
    Stored on the subject (``search_text``, ``sort_name``) and built the same way in memory.
    """
    text = searchable(
        forenames, surname, surname.replace(" ", ""), " ".join(aliases or []), visor_ref, police_ref, other_refs
    )
    return text, searchable(surname, forenames)
