"""What :mod:`solodesk.services.preparation` returns: a case's prepared items as plain frozen data."""

from dataclasses import dataclass
from datetime import date

from solodesk.models import NoteKind, PlanArea


@dataclass(frozen=True)
class CaseChoice:
    """A case as a chooser lists it."""

    id: int
    name: str
    date_of_birth: date | None
    visor_ref: str


@dataclass(frozen=True)
class AttachmentView:
    """An attached file, without its bytes."""

    id: int
    filename: str
    media_type: str
    size: int
    restricted: bool = False
    audience: str = ""


@dataclass(frozen=True)
class ReportView:
    """An agency report and its attached files."""

    id: int
    title: str
    agency: str
    author: str
    body: str
    submitted_on: date | None
    restricted: bool
    attachments: tuple[AttachmentView, ...]
    audience: str = ""


@dataclass(frozen=True)
class NoteView:
    """A background note, chronology entry or victim information."""

    id: int
    kind: NoteKind
    happened_on: date | None
    text: str
    source: str
    restricted: bool
    audience: str = ""


@dataclass(frozen=True)
class ProposedActionView:
    """A proposed action."""

    id: int
    description: str
    owner_name: str
    owner_agency: str
    due_date: date | None
    plan_area: PlanArea
    restricted: bool = False
    audience: str = ""


@dataclass(frozen=True)
class RiskView:
    """A risk assessment summary."""

    id: int
    tool: str
    assessed_on: date | None
    assessor: str
    results: dict[str, str]
    result: str


@dataclass(frozen=True)
class Preparation:
    """Everything prepared for one case."""

    subject_id: int
    subject_name: str
    reports: tuple[ReportView, ...]
    notes: tuple[NoteView, ...]
    actions: tuple[ProposedActionView, ...]
    risks: tuple[RiskView, ...]
