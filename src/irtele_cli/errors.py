"""The one exception family: each carries a finished message the CLI prints as is."""

from __future__ import annotations

from collections.abc import Iterable


class IrteleError(Exception):
    """A problem the user can fix (bad input, bad file, refusing to overwrite); exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Cancelled(IrteleError):
    """The user stopped on purpose and something is worth saying (where answers were kept); exit code 130."""


class DocumentError(IrteleError):
    """One or more problems in files the user or a knowledge-base author wrote.

    Every problem is a finished ``file: location: message`` line, so all of them can be shown at once.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """Up to three choices close to what was typed, closest first."""
    import difflib  # here, not at the top: the entry point imports this module before its Ctrl-C handler is set

    return difflib.get_close_matches(value, sorted(choices), n=3, cutoff=cutoff)


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """'; did you mean a or b?' for the closest choices, or '' when none is close: the tail of an error."""
    close = closest(value, choices, cutoff)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def printable(text: str, newlines: bool = False) -> str:
    """Text safe to show in a terminal: control characters and lone surrogates escaped (\\x1b, \\ud800).

    Everything printable, accents and symbols included, is kept; ``newlines`` keeps line breaks.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or (newlines and char == "\n") else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_SIGNALS: list[int] = []


def note_signal(signum: int) -> None:
    """Record that Ctrl-C or SIGTERM arrived, for ``signalled``; called by the entry point's handlers."""
    _SIGNALS.append(signum)


def signalled() -> int | None:
    """The first signal that arrived in this run, if any.

    A signal can land while pydantic-core is running Python code for a validation; it does not always
    pass the exception on, and every check after it then fails (a valid knowledge base reported broken).
    An error that follows a signal is the signal's, not the input's.
    """
    return _SIGNALS[0] if _SIGNALS else None


def interruption(error: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM behind an error, if any.

    Python 3.11 wraps an exception raised while a class is being created (``__set_name__``) in a
    RuntimeError, so a signal that arrives while a module is being imported can reach us disguised.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, (KeyboardInterrupt, SystemExit)):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
