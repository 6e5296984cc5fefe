"""File names of minute copies and letters, and writing a copy without replacing anything else.

File names sort by meeting date, version and list position and name the recipient
in plain ASCII; they never name the subject, since they show in folder listings
and e-mail attachments.
"""

import os
import re
import unicodedata
from pathlib import Path

from solodesk.reports.minute_data import MinuteContent, Recipient
from solodesk.services.text_search import fold

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


def _free_path(folder: Path, name: str, data: bytes) -> tuple[Path, bool]:
    """Return where to write a copy, and whether the file there already holds exactly these bytes.

    A file of the same name with other content (another issue's or another case's copy) is never
    replaced: the copy goes under ``NAME-2.pdf``, ``NAME-3.pdf``, ... instead.
    """
    stem, dot, suffix = name.rpartition(".")
    candidate, number = folder / name, 1
    while candidate.exists():
        if candidate.is_file() and candidate.stat().st_size == len(data) and candidate.read_bytes() == data:
            return candidate, True
        number += 1
        candidate = folder / (f"{stem}-{number}{dot}{suffix}" if dot else f"{name}-{number}")
    return candidate, False


def write_copy(folder: Path, name: str, data: bytes) -> Path:
    """Write a copy into the folder atomically and return its path.

    An identical file already there is left as it is; one that differs is never replaced (see :func:`_free_path`).
    """
    path, same = _free_path(folder, name, data)
    if same:
        return path
    partial = folder / (path.name + ".part")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():  # appeared meanwhile: never replace it
            raise FileExistsError(17, "a file of the same name appeared while writing")
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return path
