"""Entry point: ``solodesk`` / ``python -m solodesk``.

With a sub-command, runs headless (see :mod:`solodesk.cli`); without one,
opens the app. Qt is imported only when the app opens.
"""

import os
import sys
from collections.abc import Sequence

from solodesk.terminal import silence_echo


def main(argv: Sequence[str] | None = None) -> int:
    """Run SOLO Desk and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Everything SOLO Desk writes (store, logs, PDFs) is for this user's eyes only.
    os.umask(0o077)
    # Before the slow imports: a passphrase typed ahead of its prompt must not appear on screen.
    silence_echo()
    try:
        from solodesk import cli
        from solodesk.logs import configure_logging

        configure_logging()
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
