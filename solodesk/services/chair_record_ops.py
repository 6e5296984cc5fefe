"""Typed chair edits of the case record on the minute: times, level decision, address, sentence, hospital.

Applied by :func:`solodesk.services.chair_ops.apply` like every other operation,
so each is audited by ids and field names only. Edits of the subject's record
carry the conference they were made in, so the audit trail (and the "changed
since issue" mark) ties them to that meeting.
"""

from dataclasses import dataclass
from datetime import date, time

from solodesk.models import (
    AddressOnMinute,
    Conference,
    LevelDecision,
    NotificationKind,
    ReleaseNotification,
    Subject,
)
from solodesk.services.chair_ops import _SetColumn


@dataclass(frozen=True)
class SetActualStart(_SetColumn):
    """Record when the meeting actually started (None: not recorded)."""

    model = Conference
    column = "actual_start"
    value: time | None


@dataclass(frozen=True)
class SetActualEnd(_SetColumn):
    """Record when the meeting actually ended (None: not recorded)."""

    model = Conference
    column = "actual_end"
    value: time | None


@dataclass(frozen=True)
class SetLevelDecision(_SetColumn):
    """Record what the meeting decided about the MAPPA level (None: not decided)."""

    model = Conference
    column = "level_decision"
    value: LevelDecision | None


@dataclass(frozen=True)
class SetAddressOnMinute(_SetColumn):
    """Choose how much of the subject's address the minute prints."""

    model = Conference
    column = "address_on_minute"
    value: AddressOnMinute


@dataclass(frozen=True)
class SetSentencedOn(_SetColumn):
    """Set or clear the subject's date of sentence (``record_id`` is the subject)."""

    model = Subject
    column = "sentenced_on"
    value: date | None
    conference_id: int | None = None


@dataclass(frozen=True)
class SetOrderEndsOn(_SetColumn):
    """Set or clear the date the subject's licence or order ends (``record_id`` is the subject)."""

    model = Subject
    column = "order_ends_on"
    value: date | None
    conference_id: int | None = None


@dataclass(frozen=True)
class SetRestrictedPatient(_SetColumn):
    """Mark the subject as a restricted patient, or not (``record_id`` is the subject)."""

    model = Subject
    column = "restricted_patient"
    value: bool
    conference_id: int | None = None


@dataclass(frozen=True)
class SetNotificationKind(_SetColumn):
    """Mark a notification as a Circular 18 release notification or a referral."""

    model = ReleaseNotification
    column = "kind"
    value: NotificationKind
    conference_id: int | None = None


@dataclass(frozen=True)
class SetNotificationReceived(_SetColumn):
    """Set the date a notification or referral was received (it always has one)."""

    model = ReleaseNotification
    column = "received_on"
    value: date
    conference_id: int | None = None


@dataclass(frozen=True)
class SetNotificationRelease(_SetColumn):
    """Set or clear the release date a notification gives."""

    model = ReleaseNotification
    column = "release_date"
    value: date | None
    conference_id: int | None = None


__all__ = [
    "SetActualEnd",
    "SetActualStart",
    "SetAddressOnMinute",
    "SetLevelDecision",
    "SetNotificationKind",
    "SetNotificationReceived",
    "SetNotificationRelease",
    "SetOrderEndsOn",
    "SetRestrictedPatient",
    "SetSentencedOn",
]
