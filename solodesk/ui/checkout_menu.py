"""What the Conference menu's check-out actions do: open the dialogs, break a check-out after asking."""

from PySide6.QtWidgets import QWidget

from solodesk.services.checkout import break_lease, lease_of, may_break_leases
from solodesk.store import StoreError
from solodesk.store.team_store import TeamStore
from solodesk.ui import prompts
from solodesk.ui.checkout_dialogs import CheckInDialog, CheckOutDialog

BREAK_TITLE = "Break check-out"


def check_out(window: QWidget, team: TeamStore, conference_id: int) -> bool:
    """Check the conference out onto this laptop; return True when it was."""
    dialog = CheckOutDialog(team, conference_id, window)
    dialog.exec()
    return dialog.done_ok


def check_in(window: QWidget, team: TeamStore) -> bool:
    """Check in what this laptop checked out of the team store; return True when something was sent."""
    dialog = CheckInDialog(team, window)
    dialog.exec()
    return dialog.done_ok


def break_check_out(window: QWidget, team: TeamStore, conference_id: int) -> bool:
    """Show who has the conference checked out and break that check-out once confirmed; return True if broken."""
    try:
        lease = lease_of(team, conference_id)
        allowed = may_break_leases(team)
    except StoreError as exc:
        prompts.error(window, BREAK_TITLE, str(exc))
        return False
    if not allowed:
        prompts.info(window, BREAK_TITLE, "Only the chair or a manager may break a check-out.")
        return False
    if lease is None:
        prompts.info(window, BREAK_TITLE, "This conference is not checked out.")
        return False
    if lease.broken_by:
        prompts.info(window, BREAK_TITLE, lease.sentence())
        return False
    question = (
        f"{lease.sentence()}\n\nBreak this check-out? The conference can then be edited here again. "
        "The laptop keeps its copy; when it is checked in, anything changed on both sides is shown for a choice."
    )
    if not prompts.confirm(window, BREAK_TITLE, question):
        return False
    try:
        broke = break_lease(team, conference_id)
    except StoreError as exc:  # ForbiddenError: only the chair or a manager may
        prompts.error(window, BREAK_TITLE, str(exc))
        return False
    prompts.info(window, BREAK_TITLE, "The check-out is broken." if broke else "It had already been checked in.")
    return broke
