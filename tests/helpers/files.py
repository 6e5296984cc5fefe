"""Helpers that look at the bytes a store leaves on disk."""

import hashlib
from pathlib import Path


def snapshot(folder: Path) -> dict[str, str]:
    """Return a hash of every file under a folder, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def files_containing(folder: Path, needles: list[str]) -> list[tuple[str, str]]:
    """Return (file, needle) pairs where a needle occurs in a file, in UTF-8 or UTF-16."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le"):
                if needle.encode(encoding) in data:
                    found.append((str(path), needle))
    return found
