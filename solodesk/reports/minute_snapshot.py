"""The JSON snapshot of a minute's content (``MinuteIssue.content``) and its older formats.

A snapshot is :class:`~solodesk.reports.minute_data.MinuteContent` as plain JSON data, so an
issued copy can be re-rendered exactly later, whatever happens to the live record.
"""

from dataclasses import asdict, fields, replace
from typing import Any

from solodesk.reports.minute_data import (
    ActionRow,
    AgendaSection,
    AssessmentRow,
    DecisionRow,
    DisclosureRow,
    MinuteContent,
    Person,
    Recipient,
    VictimRow,
    Withholding,
)
from solodesk.reports.minute_issue_info import LEGACY_AUDIENCE

SNAPSHOT_FORMAT = 2  # 2: each restricted item carries its readers (1: one "cleared" tick per recipient)

_LIST_TYPES: dict[str, type] = {
    "core_group": Person,
    "distribution": Recipient,
    "sections": AgendaSection,
    "previous_actions": ActionRow,
    "victims": VictimRow,
    "assessments": AssessmentRow,
    "actions": ActionRow,
    "decisions": DecisionRow,
    "disclosures": DisclosureRow,
    "withholdings": Withholding,
}


_PAIR_LISTS = frozenset(
    {
        "subject_details",
        "offender_information",
        "relevant_dates",
        "agency_updates",
        "diversity_needs",
        "contingencies",
        "hospital_detention",
    }
)


def content_to_json(content: MinuteContent) -> dict[str, Any]:
    """Return the content as JSON-compatible data (the MinuteIssue snapshot)."""
    data = asdict(content)
    for name in _PAIR_LISTS:
        data[name] = [list(pair) for pair in getattr(content, name)]
    data["format"] = SNAPSHOT_FORMAT
    return data


def content_from_json(data: dict[str, Any]) -> MinuteContent:
    """Rebuild the content from a snapshot made by :func:`content_to_json`.

    A format-1 snapshot (issued before audiences) reads with every restricted item's
    readers set to the recipients cleared then, so its copies show what they showed.

    Raises:
        ValueError: the snapshot is of an unknown format.
    """
    if data.get("format") not in (1, SNAPSHOT_FORMAT):
        raise ValueError("This minute was issued in a format this version of SOLO Desk cannot read.")
    known = {spec.name for spec in fields(MinuteContent)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key == "assessments":
            values[key] = [
                AssessmentRow(**{**entry, "scales": [(str(p[0]), str(p[1])) for p in entry.get("scales", [])]})
                for entry in value
            ]
        elif key in _LIST_TYPES:
            values[key] = [_LIST_TYPES[key](**entry) for entry in value]
        elif key in _PAIR_LISTS:
            values[key] = [(str(pair[0]), str(pair[1])) for pair in value]
        else:
            values[key] = value
    content = MinuteContent(**values)
    return _with_legacy_readers(content) if data.get("format") == 1 else content


def legacy_readers(content: MinuteContent) -> list[int]:
    """Return the numbers of the recipients a format-1 snapshot cleared for restricted items."""
    return [r.number for r in content.distribution if r.cleared]


def _with_legacy_readers(content: MinuteContent) -> MinuteContent:
    readers = legacy_readers(content)

    def mark(rows: list[Any], name: str) -> list[Any]:
        return [
            replace(row, key=f"{name}#{n}", readers=list(readers), audience=LEGACY_AUDIENCE)
            for n, row in enumerate(rows, start=1)
        ]

    return replace(
        content,
        sections=mark(content.sections, "note"),
        victims=mark(content.victims, "victim"),
        assessments=mark(content.assessments, "assessment"),
        decisions=mark(content.decisions, "decision"),
        disclosures=mark(content.disclosures, "disclosure"),
    )
