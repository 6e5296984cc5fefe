"""The ``solodesk pack`` commands: export, import and print conference packs."""

import argparse
import sys
from pathlib import Path

from solodesk.cli_common import (
    EXIT_OK,
    UsageError,
    add_store_option,
    ask,
    command,
    read_pack_passphrase,
    refuse_existing_output,
    store_location,
    unlock,
    write_sealed_pack,
)
from solodesk.reports.fonts import UnprintableTextError
from solodesk.services.packs import Choice, PackError, apply_import, export_pack, preview_import, read_pack
from solodesk.services.packs.conference_pack import write_conference_pack_pdf
from solodesk.services.text_safety import printable


def add_pack_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``pack`` and its actions to the command line."""
    pack = sub.add_parser("pack", help="Export, import or print conference packs.", description="Conference packs.")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = actions.add_parser(name, help=help_text, description=help_text)
        add_store_option(cmd)
        return cmd

    export = add("export", "Encrypt a case's preparation into a .solopack file (SOLODESK_PACK_PASSPHRASE).")
    export.add_argument("--case", type=int, required=True, help="the case (subject) id")
    export.add_argument("--out", type=Path, required=True, help="the pack file to write")
    export.add_argument("--force", action="store_true", help="replace the file at --out if one is there")
    imp = add("import", "Show what a pack holds, then import it in one transaction.")
    imp.add_argument("file", type=Path, help="the .solopack file")
    imp.add_argument("--take-theirs", action="store_true", help="settle every conflict with the pack's version")
    pdf = add("pdf", "Write one recipient's conference pack PDF for a case's coming conference.")
    pdf.add_argument("--case", type=int, required=True, help="the case (subject) id")
    pdf.add_argument("--recipient", required=True, help="the name printed as 'Copy for NAME'")
    pdf.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    pdf.add_argument("--conference", type=int, default=None, help="the conference id (default: the next one)")
    pdf.add_argument("--force", action="store_true", help="replace the file at --out if one is there")


@command("pack")
def _cmd_pack(args: argparse.Namespace) -> int:
    try:
        if args.pack_command == "export":
            return _pack_export(args)
        if args.pack_command == "import":
            return _pack_import(args)
        return _pack_pdf(args)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from exc
    except UnprintableTextError as exc:
        raise PackError(f"The PDF was not written. {exc}") from exc


def _pack_export(args: argparse.Namespace) -> int:
    summary = write_sealed_pack(
        args, lambda store, passphrase: export_pack(store, args.case, args.out, passphrase, overwrite=args.force)
    )
    print(f"Wrote {summary.items} item(s) to {summary.path} ({summary.size / 1_048_576:.1f} MB).")
    return EXIT_OK


def _pack_import(args: argparse.Namespace) -> int:
    # The pack is checked whole before the store is even opened: a refused pack touches nothing.
    contents = read_pack(args.file, read_pack_passphrase())
    with unlock(store_location(args)) as store:
        preview = preview_import(store, contents)
        where = f"matches case {preview.subject_id} by {preview.matched_by}" if preview.subject_id else "is a new case"
        # The pack's text came from another computer: control characters are shown escaped, never sent raw.
        born = preview.date_of_birth or "no date of birth"
        print(printable(f"Pack for {preview.subject_name} ({born}): {where}."))
        for item in preview.items:
            print(printable(f"  [{item.status}] {item.kind}: {item.summary}"))
        choices = {}
        default = Choice.TAKE_THEIRS if args.take_theirs else Choice.KEEP_MINE
        for conflict in preview.conflicts:
            print(f"Conflict: {printable(conflict.label)}")
            print(f"  mine:   {printable(conflict.mine)}\n  theirs: {printable(conflict.theirs)}")
            if sys.stdin.isatty() and not args.take_theirs:
                answer = ask("  Keep mine or take theirs? [M/t] ").strip().lower()
                choices[conflict.key] = Choice.TAKE_THEIRS if answer.startswith("t") else Choice.KEEP_MINE
        result = apply_import(store, contents, choices, default)
    created = "created the case; " if result.created_case else ""
    print(
        f"Imported into case {result.subject_id}: {created}added {result.added}, updated {result.updated}, "
        f"kept {result.kept} of the store's version, {result.unchanged} already here."
    )
    return EXIT_OK


def _pack_pdf(args: argparse.Namespace) -> int:
    refuse_existing_output(args)
    with unlock(store_location(args)) as store:
        size = write_conference_pack_pdf(
            store, args.case, args.recipient, args.out, args.conference, overwrite=args.force
        )
    print(f"Wrote the conference pack for {args.recipient} to {args.out} ({size / 1024:.0f} KB).")
    return EXIT_OK
