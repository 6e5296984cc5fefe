"""The reminder letter to an action's owner, on the invitation letter's pro-forma."""

from dataclasses import asdict, dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer

from solodesk.reports.fonts import BOLD
from solodesk.reports.letters import _build, _check, _closing, _details
from solodesk.reports.styles import FRAME_WIDTH, MARKING_RED, grid, make_styles, para


@dataclass(frozen=True)
class ReminderRow:
    """One action in a reminder letter, every part already written as printed.

    Attributes:
        due: the due date ("1 December 2026").
        state: "Overdue by 3 days", "Due today" or "Due in 5 days".
        overdue: True when the due date has passed (the row is printed in red).
        status: the action's status ("Open", "Ongoing").
        case: the subject and case number, as the invitation letters name them.
        conference: the conference the action was agreed at, by kind, date and reference.
    """

    due: str
    state: str
    overdue: bool
    status: str
    description: str
    case: str
    conference: str


@dataclass(frozen=True)
class ReminderLetter:
    """Everything one owner's reminder letter says."""

    organisation: str
    marking: str
    letter_date: str
    as_of: str
    due_by: str
    owner_name: str
    owner_agency: str
    owner_email: str
    signed_by: str
    reply_to: str
    confidentiality: str
    rows: list[ReminderRow] = field(default_factory=list)


def _check_letter(letter: ReminderLetter) -> None:
    fields = {k: v for k, v in asdict(letter).items() if isinstance(v, str)}
    for number, row in enumerate(letter.rows, start=1):
        fields |= {f"Action {number} {k}": v for k, v in asdict(row).items() if isinstance(v, str)}
    _check(fields)


def _actions(count: int) -> str:
    return "1 action is" if count == 1 else f"{count} actions are"


def due_phrase(overdue: int, due_soon: int, due_by: str) -> str:
    """Return e.g. "1 action is overdue and 2 actions are due by 16 December 2026"."""
    parts = [f"{_actions(overdue)} overdue"] if overdue else []
    parts += [f"{_actions(due_soon)} due by {due_by}"] if due_soon else []
    return " and ".join(parts) or "no action is due"


def render_reminder(letter: ReminderLetter) -> bytes:
    """Return one owner's reminder letter as PDF bytes.

    Raises:
        UnprintableTextError: some text cannot be printed.
    """
    _check_letter(letter)
    styles = make_styles()
    late = ParagraphStyle("late", parent=styles.cell, fontName=BOLD, textColor=MARKING_RED)
    overdue = sum(row.overdue for row in letter.rows)
    due_soon = len(letter.rows) - overdue
    story: list[Flowable] = [
        para(letter.organisation, styles.subtitle),
        para("Reminder: actions from risk management case conferences", styles.title),
        para(letter.letter_date, styles.subtitle),
        para(f"Dear {letter.owner_name},", styles.body),
        para(
            "The actions below were agreed at risk management case conferences with you"
            + (f" ({letter.owner_agency})" if letter.owner_agency else "")
            + f" as their owner. As of {letter.as_of}, {due_phrase(overdue, due_soon, letter.due_by)}."
            " Please complete them, or tell the chair "
            "by return what has been done and when the rest will be; an action that can no longer be "
            "done should be raised with the chair before the next conference.",
            styles.body,
        ),
        Spacer(1, 4),
        _details(
            [("Owner", letter.owner_name), ("Agency", letter.owner_agency), ("E-mail", letter.owner_email)], styles
        ),
        para("Your actions", styles.h1),
    ]
    head = [para(label, styles.label) for label in ("Due", "Action", "Case and conference", "Status")]
    rows: list[list[Flowable]] = [head]
    for row in letter.rows:
        rows.append(
            [
                para(f"{row.due}\n{row.state}", late if row.overdue else styles.cell),
                para(row.description, styles.cell),
                para(f"{row.case}\n{row.conference}", styles.cell),
                para(row.status, styles.cell),
            ]
        )
    story.append(grid(rows, [w * FRAME_WIDTH for w in (0.22, 0.36, 0.30, 0.12)]))
    story += _closing(letter.confidentiality, letter.signed_by, styles)
    if letter.reply_to:
        story.append(para(f"Reply to: {letter.reply_to}", styles.small))
    return _build(
        story, letter.marking, f"{letter.organisation} · action reminder", f"Reminder for {letter.owner_name}"
    )
