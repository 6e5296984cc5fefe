"""Release notifications (Circular 18) and referrals: recording them and reading them back.

A notification gives the date the subject leaves custody or hospital; a conference
should be held a set number of weeks before it (organisation settings). Convening
from a notification links the new conference to it, so the desk knows it is
convened and the timeliness figures can measure received → conference held.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import Conference, NotificationKind, ReasonForConvening, ReleaseNotification, Subject
from solodesk.services import audit
from solodesk.services.forms import FormValidationError
from solodesk.services.settings import load_settings
from solodesk.services.working_days import last_working_day_on_or_before
from solodesk.store import CaseStore

# A notification received long after the release it announces is almost certainly a typo.
MAX_YEARS_AHEAD = 30
_LONG_SENTENCE_YEARS = 4
_YEARS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:years?|yrs?)\b", re.IGNORECASE)
_MONTHS = re.compile(r"(\d+)\s*(?:months?|mths?)\b", re.IGNORECASE)
_SUPERVISED_WORDS = ("supervised release", "extended sentence", "extended-sentence", "sro")
_HOSPITAL_WORDS = ("hospital", "state hospital", "medium secure", "medium-secure", "compulsion order")


class NotificationValidationError(FormValidationError):
    """A notification form has problems; ``problems`` maps field name to a sentence."""


@dataclass
class NotificationForm:
    """The editable fields of a notification or referral, as plain values.

    Attributes:
        id: None for a new notification.
    """

    subject_id: int
    id: int | None = None
    kind: NotificationKind = NotificationKind.CIRCULAR_18
    received_on: date | None = None
    from_whom: str = ""
    release_date: date | None = None
    sentence: str = ""
    order_or_licence: str = ""
    supervising_officer: str = ""
    reasons: list[ReasonForConvening] = field(default_factory=list)
    notes: str = ""

    def problems(self, today: date) -> dict[str, str]:
        """Return field -> sentence for everything wrong with the form."""
        found: dict[str, str] = {}
        if self.received_on is None:
            found["received_on"] = "Enter the date the notification or referral was received."
        elif self.received_on > today:
            found["received_on"] = "The date received cannot be in the future."
        if self.kind == NotificationKind.CIRCULAR_18 and self.release_date is None:
            found["release_date"] = "A Circular 18 notification gives a release date: enter it."
        if self.release_date is not None and self.release_date.year > today.year + MAX_YEARS_AHEAD:
            found["release_date"] = f"The release date is more than {MAX_YEARS_AHEAD} years away; check it."
        if self.received_on and self.release_date and self.release_date < self.received_on - timedelta(days=366):
            found["release_date"] = "The release date is over a year before the notification was received; check it."
        if not self.from_whom.strip():
            found["from_whom"] = "Say who sent the notification or referral."
        return found


@dataclass(frozen=True)
class NotificationView:
    """A notification as the case page and the desk show it.

    Attributes:
        hold_by: the date by which the conference should be held (None without a release date).
        conference_id: the conference convened on it, if any.
    """

    id: int
    subject_id: int
    kind: NotificationKind
    received_on: date
    from_whom: str
    release_date: date | None
    hold_by: date | None
    sentence: str
    order_or_licence: str
    supervising_officer: str
    reasons: list[ReasonForConvening]
    notes: str
    conference_id: int | None
    conference_date: date | None

    def form(self) -> NotificationForm:
        """Return the editable form of this notification."""
        return NotificationForm(
            subject_id=self.subject_id,
            id=self.id,
            kind=self.kind,
            received_on=self.received_on,
            from_whom=self.from_whom,
            release_date=self.release_date,
            sentence=self.sentence,
            order_or_licence=self.order_or_licence,
            supervising_officer=self.supervising_officer,
            reasons=list(self.reasons),
            notes=self.notes,
        )


def conference_due_by(release_date: date, weeks_before: int) -> date:
    """Return the date a conference should be held by: ``weeks_before`` weeks before release, on a weekday."""
    return last_working_day_on_or_before(release_date - timedelta(weeks=weeks_before))


def sentence_years(sentence: str) -> float | None:
    """Return the length of a sentence written as e.g. "4 years 6 months", or None when none is given."""
    years = sum(float(m) for m in _YEARS.findall(sentence))
    months = sum(int(m) for m in _MONTHS.findall(sentence))
    total = years + months / 12
    return total if total > 0 else None


def suggest_reasons(sentence: str, order_or_licence: str, notes: str = "") -> list[ReasonForConvening]:
    """Return the reasons for convening a notification's wording points to, in the enum's order.

    Four years or more; supervised release order or extended sentence; release from
    secure or medium-secure hospital. The chair confirms them when convening.
    """
    text = " ".join((sentence, order_or_licence, notes)).lower()
    found = set()
    length = sentence_years(sentence)
    if length is not None and length >= _LONG_SENTENCE_YEARS:
        found.add(ReasonForConvening.SENTENCE_FOUR_YEARS)
    if any(word in text for word in _SUPERVISED_WORDS):
        found.add(ReasonForConvening.SUPERVISED_RELEASE)
    if any(word in text for word in _HOSPITAL_WORDS):
        found.add(ReasonForConvening.SECURE_HOSPITAL)
    return [r for r in ReasonForConvening if r in found]


def _view(row: ReleaseNotification, weeks_before: int) -> NotificationView:
    conference = row.conference
    return NotificationView(
        id=row.id,
        subject_id=row.subject_id,
        kind=row.kind,
        received_on=row.received_on,
        from_whom=row.from_whom,
        release_date=row.release_date,
        hold_by=conference_due_by(row.release_date, weeks_before) if row.release_date else None,
        sentence=row.sentence,
        order_or_licence=row.order_or_licence,
        supervising_officer=row.supervising_officer,
        reasons=[ReasonForConvening(r) for r in row.reasons if r in ReasonForConvening._value2member_map_],
        notes=row.notes,
        conference_id=conference.id if conference else None,
        conference_date=conference.meeting_date if conference else None,
    )


def subject_notifications(session: Session, subject_id: int) -> list[NotificationView]:
    """Return a subject's notifications and referrals, newest received first."""
    weeks = load_settings(session).weeks_before_release
    rows = session.scalars(
        select(ReleaseNotification)
        .where(ReleaseNotification.subject_id == subject_id)
        .order_by(ReleaseNotification.received_on.desc(), ReleaseNotification.id.desc())
    )
    return [_view(row, weeks) for row in rows]


def open_notification(session: Session, subject_id: int) -> NotificationView | None:
    """Return the newest notification of a subject with no conference convened on it yet."""
    return next((n for n in subject_notifications(session, subject_id) if n.conference_id is None), None)


def save_notification(session: Session, form: NotificationForm, today: date | None = None) -> ReleaseNotification:
    """Add or update a notification; record it in the audit trail.

    Raises:
        NotificationValidationError: the form has problems; nothing was saved.
    """
    problems = form.problems(today or date.today())
    if problems:
        raise NotificationValidationError(problems)
    if session.get(Subject, form.subject_id) is None:
        raise NotificationValidationError({"subject_id": "That subject is no longer in the store."})
    row = session.get(ReleaseNotification, form.id) if form.id is not None else None
    if form.id is not None and (row is None or row.subject_id != form.subject_id):
        raise NotificationValidationError({"id": "That notification is no longer in the store."})
    if row is None:
        row = ReleaseNotification(subject_id=form.subject_id)
        session.add(row)
    assert form.received_on is not None  # checked by problems()
    row.kind = form.kind
    row.received_on = form.received_on
    row.from_whom = form.from_whom.strip()
    row.release_date = form.release_date
    row.sentence = form.sentence.strip()
    row.order_or_licence = form.order_or_licence.strip()
    row.supervising_officer = form.supervising_officer.strip()
    row.reasons = [r.value for r in ReasonForConvening if r in form.reasons]
    row.notes = form.notes.strip()
    session.flush()
    verb = "updated" if form.id is not None else "recorded"
    audit.record(session, f"notification.{verb}", "release_notification", row.id, f"subject={row.subject_id}")
    return row


def link_conference(session: Session, notification_id: int, conference: Conference) -> None:
    """Record that a conference was convened on a notification of the same subject.

    Raises:
        ValueError: the notification is gone or belongs to another subject.
    """
    row = session.get(ReleaseNotification, notification_id)
    if row is None or row.subject_id != conference.subject_id:
        raise ValueError("The notification chosen is not one of this subject's notifications.")
    row.conference = conference


def store_notifications(store: CaseStore, subject_id: int) -> list[NotificationView]:
    """Return :func:`subject_notifications` through an open store."""
    with store.session() as session:
        return subject_notifications(session, subject_id)


def save_in_store(store: CaseStore, form: NotificationForm) -> int:
    """Save a notification through an open store; return its id.

    Raises:
        NotificationValidationError: the form has problems; nothing was saved.
    """
    with store.session() as session:
        return save_notification(session, form).id
