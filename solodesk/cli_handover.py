"""The ``solodesk handover`` commands: hand a conference to another laptop and take it back.

``handover export`` writes the conference's handover pack; ``handover import`` shows what
the pack would change, then imports it in one transaction. A record changed on both laptops
is a conflict: asked about at a terminal, settled by ``--take-theirs`` or ``--keep-mine``, and
otherwise listed with exit code 5 and nothing written.
"""

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
    store_location,
    unlock,
    write_sealed_pack,
)
from solodesk.services.handover import (
    Choice,
    ConflictsNeedChoiceError,
    apply_handover,
    export_handover,
    preview_handover,
    read_handover,
)
from solodesk.services.text_safety import printable

EXIT_CONFLICTS = ConflictsNeedChoiceError.exit_code


def add_handover_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``handover`` and its actions to the command line."""
    handover = sub.add_parser(
        "handover",
        help="Hand a conference to another laptop (no server needed), or import one handed back.",
        description="Conference handover packs.",
    )
    actions = handover.add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="Write a conference's handover pack (SOLODESK_PACK_PASSPHRASE, or asked twice)."
    )
    add_store_option(export)
    export.add_argument("--conference", type=int, required=True, help="the conference id")
    export.add_argument("--out", type=Path, required=True, help="the pack file to write")
    export.add_argument("--force", action="store_true", help="replace the file at --out if one is there")
    imp = actions.add_parser("import", help="Show what a handover pack changes, then import it in one transaction.")
    add_store_option(imp)
    imp.add_argument("file", type=Path, help="the .solopack file")
    settle = imp.add_mutually_exclusive_group()
    settle.add_argument("--take-theirs", action="store_true", help="settle every conflict with the pack's version")
    settle.add_argument("--keep-mine", action="store_true", help="settle every conflict with this store's version")


@command("handover")
def _cmd_handover(args: argparse.Namespace) -> int:
    try:
        if args.handover_command == "export":
            return _export(args)
        return _import(args)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from exc


def _export(args: argparse.Namespace) -> int:
    written = write_sealed_pack(
        args,
        lambda store, passphrase: export_handover(
            store, args.conference, Path(args.out), passphrase, overwrite=args.force
        ),
    )
    print(f"Handed over conference {args.conference}: {written.records} record(s) in {written.path}.")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    # The pack is read and checked whole before the store is opened: a refused pack touches nothing.
    contents = read_handover(args.file, read_pack_passphrase())
    with unlock(store_location(args)) as store:
        preview = preview_handover(store, contents)
        case = "a new case" if preview.creates_case else "a case already here"
        meeting = "new here" if preview.creates_conference else "already here"
        sender = f" from {preview.sent_by}" if preview.sent_by else ""
        print(printable(f"Handover{sender}: {preview.subject_name} ({case}), {preview.conference} ({meeting})."))
        for line in preview.lines:
            if line.status != "already here":
                mark = " (restricted)" if line.restricted else ""
                print(printable(f"  [{line.status}] {line.kind}: {line.summary}{mark}"))
        print(f"  {preview.count('already here')} record(s) already here.")
        default = Choice.TAKE_THEIRS if args.take_theirs else Choice.KEEP_MINE if args.keep_mine else None
        choices = {}
        if default is None and sys.stdin.isatty():
            for conflict in preview.conflicts:
                print(f"Changed on both computers: {printable(conflict.label)}")
                print(f"  here:    {printable(conflict.mine)}\n  in pack: {printable(conflict.theirs)}")
                if conflict.can_take_theirs:
                    answer = ask("  Keep mine or take theirs? [M/t] ").strip().lower()
                    choices[conflict.key] = Choice.TAKE_THEIRS if answer.startswith("t") else Choice.KEEP_MINE
                else:
                    print("  An issued minute or a copy sent is never replaced: this computer's is kept.")
                    choices[conflict.key] = Choice.KEEP_MINE
        try:
            result = apply_handover(store, contents, choices, default)
        except ConflictsNeedChoiceError as exc:
            count = len(exc.conflicts)
            print(
                f"solodesk: {count} record(s) changed on both computers; nothing was imported. "
                "Run again with --take-theirs or --keep-mine (or at a terminal, to choose each):",
                file=sys.stderr,
            )
            for conflict in exc.conflicts:
                print(printable(f"  {conflict.label}"), file=sys.stderr)
                print(printable(f"    here:    {conflict.mine}"), file=sys.stderr)
                print(printable(f"    in pack: {conflict.theirs}"), file=sys.stderr)
            return EXIT_CONFLICTS
    print(
        f"Imported into conference {result.conference_id} (case {result.subject_id}): added {result.added}, "
        f"updated {result.updated}, kept {result.kept} of this store's version, {result.unchanged} already here."
    )
    return EXIT_OK
