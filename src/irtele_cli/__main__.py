"""The process's entry point (``irtele``, ``python -m irtele_cli``): signals end it cleanly.

Ctrl-C while the CLI is still importing leaves with one line and 130 (later, the CLI's funnel says
it); SIGTERM unwinds like Ctrl-C, so files being written are cleaned up, and exits with 143.
"""

import contextlib
import gc
import signal
import sys
from types import FrameType


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through every cleanup on the way out


def _quiet_signals(unraisable: "sys.UnraisableHookArgs") -> None:
    """A signal that lands in a callback Python cannot raise from (a weakref's, during import) is no bug to print."""
    if not isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)):
        sys.__unraisablehook__(unraisable)


def main() -> None:
    gc.disable()  # start-up makes no garbage cycles worth walking; the CLI turns it on before asking
    signal.signal(signal.SIGTERM, _terminated)
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


def _cancelled() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write("Cancelled.\n")
    sys.exit(130)


if __name__ == "__main__":
    main()
