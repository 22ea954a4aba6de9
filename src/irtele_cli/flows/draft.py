"""A questionnaire left with Ctrl-C, kept at the user's request so the next ``irtele plan`` resumes it.

The draft lives in the user's state directory (platformdirs; ``IRTELE_STATE_DIR`` overrides it), is
readable by its owner only, and records each answered question's wording so that a knowledge base
that changed a question asks that question again instead of trusting an answer to other words.
"""

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from irtele_cli import __version__
from irtele_cli.schema.knowledge import Question

STATE_ENV = "IRTELE_STATE_DIR"
DRAFT_NAME = "plan-draft.json"


@dataclass(frozen=True)
class Draft:
    """Answers kept from a questionnaire that was left, and the day they were kept."""

    saved: dt.date
    answers: dict[str, Any]


def draft_path() -> Path:
    """Where the draft is kept: IRTELE_STATE_DIR, else the platform's per-user state directory."""
    from_env = os.environ.get(STATE_ENV)
    if from_env:
        return Path(from_env) / DRAFT_NAME
    import platformdirs

    return Path(platformdirs.user_state_dir("irtele", appauthor=False)) / DRAFT_NAME


def fingerprint(question: Question) -> str:
    """What the answer was given to: the question's kind and choices (a reworded prompt keeps its answer)."""
    shape = {"kind": question.kind, "choices": [choice.value for choice in question.choices]}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def save_draft(questions: list[Question], answers: dict[str, Any], today: dt.date) -> Path:
    """Write the draft atomically with permissions 0600 (mkstemp's) and return where it is."""
    path = draft_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shapes = {question.key: fingerprint(question) for question in questions if question.key in answers}
    text = json.dumps(
        {"irtele": __version__, "saved": today.isoformat(), "answers": answers, "questions": shapes}, indent=2
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".plan-draft-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class CorruptDraft(Exception):
    """The draft could not be read; it has been set aside under ``kept_as``."""

    def __init__(self, reason: str, kept_as: Path) -> None:
        super().__init__(reason)
        self.reason, self.kept_as = reason, kept_as


def read_draft(questions: list[Question]) -> Draft | None:
    """The kept draft with the answers whose question is unchanged; None when there is none.

    A draft that cannot be read is renamed beside itself (``.corrupt``) and reported with
    ``CorruptDraft``, so it never stops a plan and is never read twice.
    """
    path = draft_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = dt.date.fromisoformat(data["saved"])
        answers, shapes = data["answers"], data["questions"]
        if not (isinstance(answers, dict) and isinstance(shapes, dict)):
            raise TypeError("answers and questions must be mappings")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        kept_as = path.with_suffix(".corrupt")
        try:
            path.replace(kept_as)
        except OSError:
            path.unlink(missing_ok=True)
        raise CorruptDraft(f"{type(error).__name__}: {error}", kept_as) from None
    current = {question.key: fingerprint(question) for question in questions}
    kept = {key: value for key, value in answers.items() if key in current and shapes.get(key) == current[key]}
    return Draft(saved, kept)


def discard_draft() -> None:
    """Delete the draft: the plan was built from it, or the user asked for a fresh start."""
    draft_path().unlink(missing_ok=True)
