"""File names of minute copies and letters, and writing a copy without replacing anything else.

File names sort by meeting date, version and list position and name the recipient
in plain ASCII; they never name the subject, since they show in folder listings
and e-mail attachments.
"""

import os
import re
import unicodedata
from pathlib import Path

from solodesk import safe_files
from solodesk.reports.minute_data import MinuteContent, Recipient
from solodesk.text_search import fold

_FOLD = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "ħ": "h",
        "Ħ": "H",
    }
)


def ascii_fold(value: str) -> str:
    """Return a name as safe ASCII for a file name (Zoë Ó Briain -> Zoe-O-Briain), at most 60 characters."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "recipient"


def fold_key(value: str) -> str:
    """Return a name folded for case- and accent-insensitive matching (spaces collapsed)."""
    return " ".join(fold(value).split())


def copy_file_name(content: MinuteContent, version: int, recipient: Recipient) -> str:
    """Return a file name that sorts by meeting, version and list position and names the recipient.

    The subject is not named: file names show in folder listings and e-mail attachments.
    """
    day = content.meeting_date_iso or "undated"
    return f"{day}_RMCC-minute_v{version}_{recipient.number:02d}_{ascii_fold(recipient.name)}.pdf"


def _free_path(folder: Path, name: str, data: bytes, start: int = 1) -> tuple[Path, bool]:
    """Return where to write a copy, and whether the file there already holds exactly these bytes.

    A file of the same name with other content (another issue's or another case's copy) is never
    replaced: the copy goes under ``NAME-2.pdf``, ``NAME-3.pdf``, ... instead. A link or special
    file under the name is skipped the same way (never written through).
    """
    stem, dot, suffix = name.rpartition(".")
    number = start
    while True:
        candidate = folder / (name if number == 1 else (f"{stem}-{number}{dot}{suffix}" if dot else f"{name}-{number}"))
        if not os.path.lexists(candidate):
            return candidate, False
        plain = candidate.is_file() and not candidate.is_symlink()
        if plain and candidate.stat().st_size == len(data) and candidate.read_bytes() == data:
            return candidate, True
        number += 1


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete partial copies a killed circulation left in a folder (this version's and older versions' names)."""
    removed = safe_files.remove_leftovers(folder)
    for leftover in folder.glob("*_RMCC-minute_v*.pdf.part"):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def write_copy(folder: Path, name: str, data: bytes) -> Path:
    """Write a copy into the folder, completely or not at all, and return its path.

    An identical file already there is left as it is; one that differs is never replaced (see
    :func:`_free_path`). The copy is flushed to disk before it appears under its name.

    Raises:
        StoreError: the disk is full, read-only or forbidden, or the folder is gone (its own sentence).
    """
    return place_copy(folder, name, data)[0]


def place_copy(folder: Path, name: str, data: bytes) -> tuple[Path, bool]:
    """Write a copy as :func:`write_copy` does; return its path and whether a new file was made."""
    number = 1
    while True:
        path, same = _free_path(folder, name, data, number)
        if same:
            return path, False
        try:
            return safe_files.write_file(path, data), True
        except safe_files.OutputRefusedError:
            # Something appeared under the name while the copy was written: take the next free one.
            number = _number_of(path, name) + 1


def _number_of(path: Path, name: str) -> int:
    stem = name.rpartition(".")[0] or name
    tail = path.name[len(stem) :].lstrip("-").split(".")[0]
    return int(tail) if tail.isdigit() else 1
