"""``solodesk report mi``: the management-information report, as CSV files and a PDF.

Kept apart from :mod:`solodesk.cli` (which registers it) so the command table there
stays short; this module knows nothing of passphrases or exit codes, only of the
report's arguments, the period and the folder.
"""

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from solodesk.services.mi import Period
from solodesk.services.mi_output import MiFiles, write_mi_report
from solodesk.store import CaseStore

AddStoreOption = Callable[[argparse.ArgumentParser], None]
ParseDay = Callable[[str], date]


class ReportUsageError(ValueError):
    """The report was asked for wrongly (a bad period, an output that is a file); one sentence."""


def add_report_parser(
    sub: "argparse._SubParsersAction[argparse.ArgumentParser]", add_store_option: AddStoreOption, parse_day: ParseDay
) -> None:
    """Add ``report`` and its one report, ``mi``, to the command line."""
    report = sub.add_parser("report", help="Write reports built from the whole store.", description="Reports.")
    kinds = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    mi = kinds.add_parser(
        "mi",
        help="Management information for a period: one CSV per table and a PDF with charts (counts only).",
        description="Management information for a period: one CSV per table and a PDF with charts (counts only).",
    )
    add_store_option(mi)
    mi.add_argument(
        "--from", dest="date_from", metavar="DATE", type=parse_day, required=True, help="the first day, YYYY-MM-DD"
    )
    mi.add_argument(
        "--to", dest="date_to", metavar="DATE", type=parse_day, required=True, help="the last day, YYYY-MM-DD"
    )
    mi.add_argument("--out", metavar="DIR", type=Path, required=True, help="the folder to write into (made if missing)")


def run_report(args: argparse.Namespace, open_store: Callable[[], CaseStore], today: date | None = None) -> MiFiles:
    """Check the arguments, then write the report; return what was written.

    The period and the folder are checked before the store is opened, so a wrong date
    never asks for the passphrase.

    Raises:
        ReportUsageError: the period is not one, or the output is not a folder.
    """
    try:
        period = Period.checked(args.date_from, args.date_to)
    except ValueError as exc:
        raise ReportUsageError(str(exc)) from None
    out = Path(args.out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ReportUsageError(f"{out} is not a folder; give the folder to write the report into.")
    out.mkdir(parents=True, exist_ok=True)
    with open_store() as store:
        return write_mi_report(store, period, out, today or date.today())
