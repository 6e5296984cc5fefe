"""What a minute issue adds to its content: the version, the date, and the amendments since the last one.

Kept apart from :mod:`solodesk.reports.minute_data` (which re-exports it) so each stays short.
"""

from dataclasses import dataclass, field
from typing import Any

LEGACY_AUDIENCE = "cleared recipients and chair only"  # who read restricted items before audiences


@dataclass(frozen=True)
class Amendment:
    """One line of "amendments since the previous version".

    Attributes:
        text: what was amended, and who asked.
        restricted: it concerns restricted information: only its readers' copies show the text.
    """

    text: str
    restricted: bool = False
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the entry as stored in ``MinuteIssue.amendments_summary``."""
        return {
            "text": self.text,
            "restricted": self.restricted,
            "key": self.key,
            "readers": list(self.readers),
            "audience": self.audience,
        }

    @classmethod
    def from_json(cls, entry: Any, legacy_readers: list[int] | None = None, number: int = 0) -> "Amendment":
        """Rebuild an entry; a plain string (issues made before the flag existed) is not restricted.

        An entry stored before audiences (no ``readers``) reaches ``legacy_readers``, the
        recipients that were cleared then.
        """
        if isinstance(entry, str):
            return cls(entry)
        restricted = bool(entry.get("restricted", False))
        if "readers" not in entry:
            readers = list(legacy_readers or []) if restricted else []
            return cls(str(entry.get("text", "")), restricted, f"amendment#{number}", readers, LEGACY_AUDIENCE)
        raw = entry.get("readers")
        return cls(
            str(entry.get("text", "")),
            restricted,
            str(entry.get("key", "")) or f"amendment#{number}",
            [int(n) for n in raw] if isinstance(raw, list) else [],
            str(entry.get("audience", "")),
        )


@dataclass(frozen=True)
class IssueInfo:
    """Which version a copy belongs to.

    Attributes:
        version: 1 for the first issue, 2 after amendments, ...
        issued_on: the issue date, formatted for print.
        amendments: "amendments since the previous version", one entry each.
        draft: True for an on-screen preview of an unissued minute.
    """

    version: int
    issued_on: str
    amendments: list[Amendment] = field(default_factory=list)
    draft: bool = False
