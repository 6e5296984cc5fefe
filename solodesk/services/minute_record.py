"""The case record's parts of the minute, written out from :class:`CaseRecord` (MAPPA minute §2.2).

Logic keys on enum members (legal status, MAPPA category, level decision, how
much address to print), never on the labels it prints.
"""

from dataclasses import dataclass, field
from datetime import date, time

from solodesk.models import AddressOnMinute, LegalStatus, LevelDecision, NotificationKind
from solodesk.services.case_record import CaseRecord

ADDRESS_WITHHELD = "area only: the street address is not printed"
NOT_MAPPA = "Not managed under MAPPA"
_OFFENCE_LABELS = {
    LegalStatus.CONVICTED: "Index offence(s)",
    LegalStatus.ALLEGED: "Allegation",
    LegalStatus.CONCERN_ONLY: "Concern",
}
_DECISIONS = {
    LevelDecision.SET: "set at this meeting",
    LevelDecision.KEPT: "kept at this level",
    LevelDecision.RAISED: "raised to this level",
    LevelDecision.LOWERED: "lowered to this level",
}
_RECEIVED = {
    NotificationKind.CIRCULAR_18: "Circular 18 notification received",
    NotificationKind.REFERRAL: "Referral received",
}


def long_date(value: date | None) -> str:
    """Return a date as people write it (14 September 2026), or an empty string."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: time | None) -> str:
    """Return a time as 10:00, or an empty string."""
    return f"{value:%H:%M}" if value else ""


def ordinal(number: int) -> str:
    """Return 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st, ..."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class RecordParts:
    """The minute's text for the case record (each list holds label/text pairs)."""

    meeting_ordinal: str
    actual_times: str
    mappa_line: str
    offender_information: list[tuple[str, str]] = field(default_factory=list)
    relevant_dates: list[tuple[str, str]] = field(default_factory=list)
    diversity_needs: list[tuple[str, str]] = field(default_factory=list)
    level_decision: str = ""
    level_reason: str = ""
    contingencies: list[tuple[str, str]] = field(default_factory=list)
    hospital_detention: list[tuple[str, str]] = field(default_factory=list)


def meeting_ordinal(record: CaseRecord) -> str:
    """Return which meeting this is for the subject: "1st meeting for this subject", "... (2nd review)"."""
    kind = f"{ordinal(record.review_number)} review" if record.review_number else ""
    return f"{ordinal(record.meeting_number)} meeting for this subject" + (f" ({kind})" if kind else "")


def actual_times(record: CaseRecord) -> str:
    """Return the actual start and end of the meeting as recorded."""
    start, end = short_time(record.actual_start), short_time(record.actual_end)
    if start and end:
        return f"Started {start}, ended {end}"
    if start:
        return f"Started {start}; end not recorded"
    return f"Ended {end}; start not recorded" if end else ""


def mappa_line(record: CaseRecord) -> str:
    """Return the MAPPA category and level, or how a non-MAPPA case stands (never both)."""
    if not record.mappa_managed:
        return NOT_MAPPA
    level = record.management_level.label if record.management_level else "level not set"
    return f"{record.mappa_category.label}; {level}"


def _address(record: CaseRecord) -> list[tuple[str, str]]:
    if record.address_on_minute == AddressOnMinute.NONE:
        return [("Address", "Not printed on this minute (the chair's decision).")]
    if record.address_on_minute == AddressOnMinute.FULL:
        rows = [("Current address", record.current_address or "Not recorded")]
        if record.proposed_address.strip():
            rows.append(("Proposed or approved address", record.proposed_address))
        return rows
    area = record.address_area.strip() or "area not recorded"
    return [("Address", f"{area} ({ADDRESS_WITHHELD})")]


def _birth(record: CaseRecord) -> str:
    if record.date_of_birth is None:
        return "Not recorded"
    text = record.date_of_birth.strftime("%d/%m/%Y")
    if record.age is not None:
        text += f", aged {record.age} at the meeting"
    return text + (" · UNDER 18" if record.under_18 else "")


def offender_information(record: CaseRecord) -> list[tuple[str, str]]:
    """Return the offender information rows (§2.2 rows 5 and 6)."""
    refs = [
        f"ViSOR {record.visor_ref}" if record.visor_ref else "",
        f"Police {record.police_ref}" if record.police_ref else "",
        record.other_refs,
    ]
    rows = [("Name", f"{record.forenames} {record.surname.upper()}".strip())]
    if record.aliases:
        rows.append(("Also known as", ", ".join(record.aliases)))
    rows += [
        ("Date of birth and age", _birth(record)),
        ("Gender", record.gender or "Not recorded"),
        ("Ethnicity", record.ethnicity or "Not recorded"),
        *_address(record),
        ("ViSOR and agency references", "; ".join(r for r in refs if r) or "None recorded"),
        ("Legal status", record.legal_status.label),
        (_OFFENCE_LABELS[record.legal_status], record.offence_summary or "Not recorded"),
    ]
    if record.sentence.strip():
        rows.append(("Sentence", record.sentence))
    registration = (
        "Subject to notification requirements (registered)."
        if record.registered
        else "Not subject to notification requirements."
    )
    if record.notification_requirements.strip():
        registration += "\n" + record.notification_requirements.strip()
    rows.append(("Registration and notification", registration))
    rows.append(("Orders and licence conditions", record.order_conditions or "None recorded"))
    rows.append(("Warning flags", "; ".join(record.warning_flags) or "None"))
    return rows


def relevant_dates(record: CaseRecord) -> list[tuple[str, str]]:
    """Return the relevant dates (§2.2 row 7): notifications, sentence, release, licence or order end."""
    rows = []
    for notification in record.notifications:
        sender = f", from {notification.from_whom}" if notification.from_whom else ""
        rows.append((_RECEIVED[notification.kind], long_date(notification.received_on) + sender))
    if record.sentenced_on:
        rows.append(("Date of sentence", long_date(record.sentenced_on)))
    releases = [n for n in record.notifications if n.release_date]
    if releases:
        latest = releases[-1]
        rows.append(("Release", f"{long_date(latest.release_date)} (as notified)"))
        if latest.order_or_licence.strip():
            rows.append(("Released on", latest.order_or_licence))
    if record.order_ends_on:
        rows.append(("Licence or order ends", long_date(record.order_ends_on)))
    return rows or [("Relevant dates", "None recorded")]


def hospital_detention(record: CaseRecord) -> list[tuple[str, str]]:
    """Return the hospital detention rows (§2.2 row 8), completed by mental health staff.

    A subject who is not a restricted patient and has nothing recorded gets one line saying
    so, so a reader sees the question was asked rather than skipped.
    """
    details = record.hospital_detention.strip()
    if not record.restricted_patient and not details:
        return [("Restricted patient", "No: not detained in hospital under a restriction order.")]
    rows = [("Restricted patient", "Yes" if record.restricted_patient else "No")]
    rows.append(("Detention and status", details or "Not recorded: to be completed by mental health staff."))
    rows.append(("Completed by", record.hospital_detention_by.strip() or "Not recorded"))
    return rows


def level_decision(record: CaseRecord, organisation: str) -> tuple[str, str]:
    """Return the MAPPA level decision and its reason; a non-MAPPA case says how it is managed instead."""
    if not record.mappa_managed:
        managed = (
            f"{NOT_MAPPA}: the case is managed through risk management case conferences convened by "
            f"{organisation or 'the chair'}, with the agencies present."
        )
        return managed, record.level_reason
    level = record.management_level.label if record.management_level else "Level not set"
    decided = _DECISIONS.get(record.level_decision, "") if record.level_decision else ""
    text = f"{record.mappa_category.label}, confirmed. {level}: " + (decided or "no decision recorded") + "."
    return text, record.level_reason or "No reason recorded."


def record_parts(record: CaseRecord, organisation: str) -> RecordParts:
    """Return every case-record part of the minute."""
    decision, reason = level_decision(record, organisation)
    return RecordParts(
        meeting_ordinal=meeting_ordinal(record),
        actual_times=actual_times(record),
        mappa_line=mappa_line(record),
        offender_information=offender_information(record),
        relevant_dates=relevant_dates(record),
        diversity_needs=[(n.first, n.second or "No response recorded.") for n in record.diversity_needs],
        level_decision=decision,
        level_reason=reason,
        contingencies=[(c.first, c.second or "No response recorded.") for c in record.contingencies],
        hospital_detention=hospital_detention(record),
    )
