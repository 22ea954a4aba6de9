"""The process's entry point (``irtele``, ``python -m irtele_cli``): signals end it cleanly.

Ctrl-C while the CLI is still importing leaves with one line and 130 (later, the CLI's funnel says
it); SIGTERM unwinds like Ctrl-C, so files being written are cleaned up, and exits with 143.
"""

import contextlib
import gc
import os
import signal
import sys
from types import FrameType

from irtele_cli.errors import note_signal  # imported before a signal can need it


def _terminated(signum: int, frame: FrameType | None) -> None:
    note_signal(signum)
    raise SystemExit(128 + signum)  # unwinds through every cleanup on the way out


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C as Python's own handler has it, recorded first (see errors.signalled)."""
    note_signal(signum)
    raise KeyboardInterrupt


def _quiet_signals(unraisable: "sys.UnraisableHookArgs") -> None:
    """A signal that lands in a callback Python cannot raise from (a weakref's, during import) is no bug to print."""
    if not isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)):
        sys.__unraisablehook__(unraisable)


VERSION_ARGS = (["--version"], ["-V"])


def main() -> None:
    if sys.argv[1:] in VERSION_ARGS:  # the one answer that needs no command line parsed: no Typer to import
        _version()
        return
    gc.disable()  # start-up makes no garbage cycles worth walking; the CLI turns it on before asking
    signal.signal(signal.SIGTERM, _terminated)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where Ctrl-C is ignored
        signal.signal(signal.SIGINT, _interrupted)
    sys.unraisablehook = _quiet_signals
    try:
        from irtele_cli.cli import main as run

        run()
    except KeyboardInterrupt:  # before the CLI's own funnel exists: while importing
        _cancelled()
    except RuntimeError as error:  # a signal while a class was being created, wrapped by Python 3.11
        from irtele_cli.errors import interruption

        signal_error = interruption(error)
        if isinstance(signal_error, KeyboardInterrupt):
            _cancelled()
        if isinstance(signal_error, SystemExit):
            raise signal_error from None
        raise


def _version() -> None:
    """Print the version as the CLI's option does, and fail the way its funnel does (see cli.Funnel.main)."""
    from irtele_cli import VERSION_LINE

    try:
        if sys.stdout is not None:
            sys.stdout.write(VERSION_LINE + "\n")
            sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: no error, and no complaint from Python at exit
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"error: cannot write the output: {error.strerror or error}\n")
        sys.exit(2)


def _cancelled() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write("Cancelled.\n")
    sys.exit(130)


if __name__ == "__main__":
    main()
