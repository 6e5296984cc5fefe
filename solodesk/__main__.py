"""Entry point: ``solodesk`` / ``python -m solodesk``.

With a sub-command, runs headless (see :mod:`solodesk.cli`); without one,
opens the app. Qt is imported only when the app opens, and the CLI (with the
store, the reports and every model) only when a command is given, so the lock
window appears without waiting for them. The app sets up its log file once its
window is on screen (see :func:`solodesk.ui.app.run_gui`).
"""

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from solodesk.process_guard import forbid_core_dumps
from solodesk.store.team_url import is_team_url


def _gui_only(args: list[str]) -> tuple[bool, Path | str | None]:
    """Return (True, store folder, team store address or None) when the arguments only open the app.

    Only the plain forms are recognised here; anything else (a command, --help,
    --version, a mistake) goes to the CLI's own parser, as before.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--store" and args[1] and not args[1].startswith("-"):
        location = args[1]
    elif len(args) == 1 and args[0].startswith("--store=") and len(args[0]) > len("--store="):
        location = args[0].split("=", 1)[1]
    else:
        return False, None
    # Path() would fold a URL into a folder name (and the lock screen would create a store there).
    return True, location if is_team_url(location) else Path(location)


def main(argv: Sequence[str] | None = None) -> int:
    """Run SOLO Desk and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Everything SOLO Desk writes (store, logs, PDFs) is for this user's eyes only.
    os.umask(0o077)
    forbid_core_dumps()
    gui_only, store = _gui_only(args)
    if gui_only:
        # The app has the allocator overwrite freed memory once its first window is painted: until
        # then nothing secret exists in the process, and loading ctypes would only delay that paint.
        # Nothing the lock window's imports allocate is garbage: collecting among it only delays
        # the first paint (collection resumes after it, see solodesk.ui.app).
        gc.disable()
        from solodesk.ui.app import run_gui

        return run_gui(store)
    from solodesk.secret_memory import protect_process

    protect_process()  # freed memory overwritten from here on
    # Before the slow imports: a passphrase typed ahead of its prompt must not appear on screen.
    from solodesk.terminal import silence_echo

    silence_echo()
    from solodesk.logs import configure_logging

    configure_logging()
    try:
        from solodesk import cli

        code = cli.run(args)
    except KeyboardInterrupt:
        print("solodesk: interrupted; nothing was changed.", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); that is not an error of ours.
        sys.stderr.close()
        return 0
    if code != -1:
        return code
    from solodesk.ui.app import run_gui

    return run_gui(cli.build_parser().parse_args(args).store)


if __name__ == "__main__":
    sys.exit(main())
