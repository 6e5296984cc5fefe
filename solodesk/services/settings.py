"""Organisation settings, kept in the encrypted store.

Only harmless window state may live in Qt's settings; everything here (the
organisation's name, its marking, the confidentiality wording) is stored with
the cases.
"""

import enum
import json
from dataclasses import dataclass, fields, replace

from sqlalchemy.orm import Session

from solodesk.models import Setting

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
DEFAULT_CONFIDENTIALITY = (
    "The information shared at this meeting is confidential. It is shared for the purpose of "
    "managing risk and protecting the public, on a need-to-know basis. It must not be passed "
    "to anyone outside the agencies represented without the agreement of the chair, except "
    "where the law requires it or a child or adult is at immediate risk of harm."
)
# MAPPA D: "secure storage only; no copying or onward sharing without the chair's agreement".
DEFAULT_HANDLING_CAVEAT = (
    "Keep this minute in secure storage only, in the restricted part of your agency's file. Do not copy it "
    "or share it onward without the chair's agreement; further sharing is on a need-to-know basis only."
)


class Jurisdiction(enum.StrEnum):
    """Whose law applies (the freedom-of-information wording differs)."""

    SCOTLAND = "scotland"
    ENGLAND_WALES = "england_wales"


DEFAULT_FOI_POSITION = {
    Jurisdiction.SCOTLAND: (
        "A request for this minute under the Freedom of Information (Scotland) Act 2002 is likely to fall "
        "within its exemptions, including section 38(1)(b) (personal information). Refer any request to the "
        "chair; the agency that supplied the information decides on its release."
    ),
    Jurisdiction.ENGLAND_WALES: (
        "A request for this minute under the Freedom of Information Act 2000 is likely to fall within its "
        "exemptions in sections 30(1)(b), 38, 40 and 41. Refer any request to the chair; the agency that "
        "supplied the information decides on its release."
    ),
}
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240
# Bounds of the desk's settings: wide enough for any local practice, narrow enough to catch typos.
MAX_WEEKS_BEFORE_RELEASE = 26
MAX_MINUTE_WORKING_DAYS = 60
MAX_REVIEW_WEEKS = 104
MAX_REFERRAL_WORKING_DAYS = 120


@dataclass(frozen=True)
class OrganisationSettings:
    """Settings that belong to the organisation, not to a window.

    Attributes:
        organisation_name: printed on every minute's front sheet.
        protective_marking: printed in every page's header and footer.
        confidentiality_statement: read out at the start of the meeting and printed.
        idle_lock_minutes: the app locks after this many idle minutes.
        default_venue: offered when convening a conference.
        weeks_before_release: a conference should be held this many weeks before a notified release.
        minute_working_days: a minute should be issued within this many working days of the meeting.
        referral_working_days: the first conference on a referral should be held within this many working
            days of receiving it (the Scottish guidance's 20 for an initial Level 2 meeting).
        review_weeks_low: without an agreed next date, a case at low risk is reviewed after this many weeks
            (and likewise for the other risk levels; ``review_weeks_medium`` also covers cases with no level).
        jurisdiction: a :class:`Jurisdiction` value; picks the default freedom-of-information wording.
        handling_caveat: how recipients must keep the minute (empty: the MAPPA D default).
        foi_position: the freedom-of-information position printed on the minute (empty: the default
            for the jurisdiction).
    """

    organisation_name: str = "Social Work Services"
    protective_marking: str = DEFAULT_MARKING
    confidentiality_statement: str = DEFAULT_CONFIDENTIALITY
    idle_lock_minutes: int = 10
    default_venue: str = ""
    weeks_before_release: int = 4
    minute_working_days: int = 10
    referral_working_days: int = 20
    review_weeks_low: int = 26
    review_weeks_medium: int = 16
    review_weeks_high: int = 12
    review_weeks_very_high: int = 6
    jurisdiction: str = Jurisdiction.SCOTLAND.value
    handling_caveat: str = ""
    foi_position: str = ""

    def effective_handling_caveat(self) -> str:
        """Return the handling caveat the minute prints (the organisation's own, else the default)."""
        return self.handling_caveat.strip() or DEFAULT_HANDLING_CAVEAT

    def effective_foi_position(self) -> str:
        """Return the freedom-of-information position the minute prints (own wording, else the jurisdiction's)."""
        if self.foi_position.strip():
            return self.foi_position.strip()
        try:
            return DEFAULT_FOI_POSITION[Jurisdiction(self.jurisdiction)]
        except ValueError:
            return DEFAULT_FOI_POSITION[Jurisdiction.SCOTLAND]

    def validated(self) -> "OrganisationSettings":
        """Return a cleaned copy.

        Raises:
            ValueError: a setting is out of range, with a sentence for the user.
        """
        if not MIN_IDLE_MINUTES <= self.idle_lock_minutes <= MAX_IDLE_MINUTES:
            raise ValueError(f"The idle lock time must be between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes.")
        if not 0 <= self.weeks_before_release <= MAX_WEEKS_BEFORE_RELEASE:
            raise ValueError(f"The weeks before release must be between 0 and {MAX_WEEKS_BEFORE_RELEASE}.")
        if not 1 <= self.minute_working_days <= MAX_MINUTE_WORKING_DAYS:
            raise ValueError(f"The working days to issue a minute must be between 1 and {MAX_MINUTE_WORKING_DAYS}.")
        if not 1 <= self.referral_working_days <= MAX_REFERRAL_WORKING_DAYS:
            limit = MAX_REFERRAL_WORKING_DAYS
            raise ValueError(f"The working days to hold a conference on a referral must be between 1 and {limit}.")
        reviews = (self.review_weeks_low, self.review_weeks_medium, self.review_weeks_high, self.review_weeks_very_high)
        if not all(1 <= weeks <= MAX_REVIEW_WEEKS for weeks in reviews):
            raise ValueError(f"Every review interval must be between 1 and {MAX_REVIEW_WEEKS} weeks.")
        if self.jurisdiction not in {j.value for j in Jurisdiction}:
            raise ValueError("The jurisdiction must be Scotland or England and Wales.")
        marking = self.protective_marking.strip() or DEFAULT_MARKING
        statement = self.confidentiality_statement.strip() or DEFAULT_CONFIDENTIALITY
        return replace(
            self,
            organisation_name=self.organisation_name.strip(),
            protective_marking=marking,
            confidentiality_statement=statement,
            default_venue=self.default_venue.strip(),
            handling_caveat=self.handling_caveat.strip(),
            foi_position=self.foi_position.strip(),
        )


def load_settings(session: Session) -> OrganisationSettings:
    """Return the organisation settings, with defaults for any never saved."""
    stored = {row.key: row.value for row in session.query(Setting).all()}
    values: dict[str, object] = {}
    for spec in fields(OrganisationSettings):
        if spec.name not in stored:
            continue
        raw = stored[spec.name]
        if spec.type in (int, "int"):
            try:
                values[spec.name] = int(raw)
            except ValueError:
                continue  # A damaged value falls back to the default rather than blocking start-up.
        else:
            values[spec.name] = raw
    return OrganisationSettings(**values)  # type: ignore[arg-type]


def save_settings(session: Session, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and store the settings; return what was stored."""
    clean = settings.validated()
    for spec in fields(OrganisationSettings):
        value = str(getattr(clean, spec.name))
        row = session.get(Setting, spec.name)
        if row is None:
            session.add(Setting(key=spec.name, value=value))
        else:
            row.value = value
    return clean


LAST_LOCATION_KEY = "last_location"
_MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class Location:
    """Where the chair was: ids and widget names only, never case text.

    Attributes:
        subject_id: the case shown (None on an empty register).
        conference_id: the conference selected or open in chair mode.
        agenda_page: the chair-mode page ("confidentiality", an agenda item's value,
            "preview", "closing"); "" when chair mode was not open.
        field: which field of that page had the cursor, as the page names it; "" for none.
    """

    subject_id: int | None = None
    conference_id: int | None = None
    agenda_page: str = ""
    field: str = ""


def load_last_location(session: Session, key: str = LAST_LOCATION_KEY) -> Location | None:
    """Return where the chair was when the store was last locked or left, or None when unknown.

    Args:
        session: an open session.
        key: the setting holding it (a team store keeps one per person).
    """
    row = session.get(Setting, key)
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        subject_id, conference_id = data.get("subject_id"), data.get("conference_id")
        page, field = data.get("agenda_page", ""), data.get("field", "")
    except (ValueError, AttributeError):
        return None  # A damaged value only means starting on the register.
    if not all(value is None or (isinstance(value, int) and value > 0) for value in (subject_id, conference_id)):
        return None
    if not (isinstance(page, str) and isinstance(field, str)):
        return None
    return Location(subject_id, conference_id, page[:_MAX_NAME_LENGTH], field[:_MAX_NAME_LENGTH])


def save_last_location(session: Session, location: Location, key: str = LAST_LOCATION_KEY) -> None:
    """Remember where the chair is (ids and widget names only), under ``key``."""
    value = json.dumps(
        {
            "subject_id": location.subject_id,
            "conference_id": location.conference_id,
            "agenda_page": location.agenda_page[:_MAX_NAME_LENGTH],
            "field": location.field[:_MAX_NAME_LENGTH],
        }
    )
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
