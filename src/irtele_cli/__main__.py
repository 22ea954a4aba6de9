"""The process's entry point (``irtele``, ``python -m irtele_cli``): Ctrl-C while starting up leaves with one line."""

import contextlib
import sys


def main() -> None:
    try:
        from irtele_cli.cli import main as run

        run()
    except KeyboardInterrupt:  # before the CLI's own funnel exists: while importing
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write("Cancelled.\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
