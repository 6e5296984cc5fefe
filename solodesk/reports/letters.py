"""The invitation letter pro-forma and the executive summary for outside requests."""

import io
from dataclasses import asdict, dataclass, field

from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from solodesk.reports.fonts import UnprintableTextError, missing_glyphs
from solodesk.reports.styles import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    MARGIN,
    SHADE,
    TOP_MARGIN,
    Styles,
    grid,
    make_styles,
    numbered_canvas,
    page_furniture,
    para,
    text,
)


@dataclass(frozen=True)
class InvitationLetter:
    """Everything one invitee's letter says."""

    organisation: str
    marking: str
    letter_date: str
    invitee_name: str
    invitee_agency: str
    subject_name: str
    subject_dob: str
    meeting_type: str
    meeting_date: str
    meeting_time: str
    venue: str
    chair: str
    chair_contact: str
    confidentiality: str
    purpose: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExecutiveSummary:
    """A releasable summary of a meeting: no restricted, victim or intelligence detail.

    Attributes:
        present: the agencies represented at the meeting.
        apologies: the agencies that sent apologies, each marked "(report sent)" only when one was.
        absent: the agencies invited that neither came nor sent apologies.
    """

    organisation: str
    marking: str
    prepared_on: str
    requested_by: str
    subject_name: str
    subject_dob: str
    meeting_type: str
    meeting_date: str
    mappa: str
    risk_level: str
    next_review: str
    author: str
    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    plan_summary: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _check(fields: dict[str, str]) -> None:
    missing = missing_glyphs(fields)
    if missing:
        raise UnprintableTextError(missing)


def _build(story: list[Flowable], marking: str, left_header: str, left_footer: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title="SOLO Desk document",
        creator="SOLO Desk",
    )
    doc.build(story, canvasmaker=numbered_canvas(page_furniture(marking, left_header, left_footer)))
    return buffer.getvalue()


def _closing(confidentiality: str, signed_by: str, styles: Styles) -> list[Flowable]:
    """Return a letter's confidentiality paragraph and signature (invitations and reminders alike)."""
    return [
        para("Confidentiality", styles.h1),
        para(confidentiality, styles.body),
        para(
            "This letter and the information in it must be handled at the marking shown and not passed on.",
            styles.small,
        ),
        Spacer(1, 10),
        para("Yours sincerely,", styles.body),
        para(signed_by, styles.body),
    ]


def _details(rows: list[tuple[str, str]], styles: Styles) -> Flowable:
    data = [[para(label, styles.label), para(value or "—", styles.cell)] for label, value in rows]
    return grid(
        data, [0.28 * FRAME_WIDTH, 0.72 * FRAME_WIDTH], header=False, extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)]
    )


def render_invitation(letter: InvitationLetter) -> bytes:
    """Return one invitee's invitation letter as PDF bytes.

    Raises:
        UnprintableTextError: some text cannot be printed.
    """
    _check({k: v if isinstance(v, str) else "\n".join(v) for k, v in asdict(letter).items()})
    styles = make_styles()
    story: list[Flowable] = [
        para(letter.organisation, styles.subtitle),
        para("Invitation: risk management case conference", styles.title),
        para(letter.letter_date, styles.subtitle),
        para(f"Dear {letter.invitee_name},", styles.body),
        para(
            f"You are invited, as a member of the core group ({letter.invitee_agency}), to "
            f"{_article(letter.meeting_type)} {letter.meeting_type.lower()} risk management case conference "
            f"about {letter.subject_name}"
            + (f" (born {letter.subject_dob})" if letter.subject_dob else "")
            + ". Please confirm whether you can attend; if you cannot, send your apologies and a written "
            "report to the chair before the meeting.",
            styles.body,
        ),
        Spacer(1, 4),
        _details(
            [
                ("Date", letter.meeting_date),
                ("Time", letter.meeting_time),
                ("Venue", letter.venue),
                ("Chair", letter.chair),
                ("Reply to", letter.chair_contact),
            ],
            styles,
        ),
        para("Purpose of the meeting", styles.h1),
    ]
    story += [
        Paragraph(text(p), styles.body, bulletText="•") for p in letter.purpose or ["To be confirmed by the chair."]
    ]
    story.append(para("Agenda", styles.h1))
    story += [Paragraph(text(item), styles.body, bulletText=f"{n}.") for n, item in enumerate(letter.agenda, start=1)]
    story += _closing(letter.confidentiality, letter.chair, styles)
    return _build(story, letter.marking, f"{letter.organisation} · invitation", f"Invitation for {letter.invitee_name}")


def render_summary(summary: ExecutiveSummary) -> bytes:
    """Return the executive summary as PDF bytes.

    Raises:
        UnprintableTextError: some text cannot be printed.
    """
    _check({k: v if isinstance(v, str) else "\n".join(v) for k, v in asdict(summary).items()})
    styles = make_styles()
    story: list[Flowable] = [
        para(summary.organisation, styles.subtitle),
        para("Risk management case conference: executive summary", styles.title),
        para(f"Prepared {summary.prepared_on} in reply to a request from {summary.requested_by}", styles.subtitle),
        para(
            "The full minute contains third-party, confidential and sensitive information and cannot be released. "
            "This summary is provided instead. For more detail about what a particular agency contributed, "
            "please ask that agency directly.",
            styles.body,
        ),
        _details(
            [
                ("Subject", summary.subject_name),
                ("Date of birth", summary.subject_dob),
                ("Meeting", f"{summary.meeting_type} conference, {summary.meeting_date}"),
                ("MAPPA", summary.mappa),
                ("Agreed level of risk", summary.risk_level),
                ("Next review", summary.next_review),
            ],
            styles,
        ),
        para("Agencies", styles.h1),
        _details(
            [
                ("Represented", "; ".join(summary.present) or "None recorded."),
                ("Apologies", "; ".join(summary.apologies) or "None."),
                ("Absent", "; ".join(summary.absent) or "None."),
            ],
            styles,
        ),
        para("Risk management plan", styles.h1),
    ]
    story += [
        Paragraph(text(line), styles.body, bulletText="•") for line in summary.plan_summary or ["No actions agreed."]
    ]
    story.append(para("Decisions", styles.h1))
    story += [Paragraph(text(line), styles.body, bulletText="•") for line in summary.decisions or ["None recorded."]]
    story += [Spacer(1, 10), para(summary.author, styles.body)]
    return _build(story, summary.marking, f"{summary.organisation} · executive summary", "Executive summary")
