"""Offer files to models, and answers of the offer questionnaire to an offer file."""

import functools
import re
import shlex
from pathlib import Path
from typing import Annotated, Any, cast, get_args

from pydantic import TypeAdapter, ValidationError

from irtele_cli.errors import DocumentError, did_you_mean
from irtele_cli.load.documents import (
    allowed_keys_once,
    dump_document,
    first_problem,
    format_validation_error,
    parse_yaml,
    read_document,
    read_text,
)
from irtele_cli.schema.knowledge import FILES, KnowledgeBase
from irtele_cli.schema.offer import COMPONENT_MODELS, Offer


def load_offer(path: Path, kb: KnowledgeBase) -> Offer:
    """Read and validate one offer file; every problem names the file and key.

    A file that is plainly something else (a plan's answers, a knowledge-base file, a kept plan) is
    named as what it is in one line, instead of one 'unknown key' line per key it holds.
    """
    if path.suffix.lower() == ".md" and _is_kept_plan(read_text(path)):
        raise DocumentError([f"{path}: this is a plan written by 'irtele plan -o', not an offer; {_remedy(path)}"])
    data = read_document(path)
    if not isinstance(data, dict):
        raise DocumentError([f"{path}: expected a mapping of offer keys to values"])
    if (what := what_it_is(data)) is not None:
        raise DocumentError([f"{path}: this is {what}, not an offer; {_remedy(path, what)}"])
    try:
        offer = Offer.model_validate(data)
    except ValidationError as error:
        raise DocumentError(format_validation_error(str(path), error, Offer)) from None
    if offer.role is not None and offer.role not in kb.roles_by_id:
        hint = did_you_mean(offer.role, kb.roles_by_id) or "; run 'irtele roles' to list them"
        raise DocumentError([f"{path}: role: unknown role id '{offer.role}'{hint}"])
    return offer


def load_offers(paths: list[Path], kb: KnowledgeBase) -> list[tuple[Path, Offer]]:
    """Every offer file, or every problem of every bad file at once, not only the first.

    The offer's allowed keys are listed once in the whole run, on the first unknown key.
    """
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load_offer(path, kb)))
        except DocumentError as error:
            problems += error.problems
    if problems:
        raise DocumentError(allowed_keys_once(problems))
    return loaded


ANSWERS = "an answers file for 'irtele plan'"
ROLE_FILE = "a role file of the knowledge base"
OFFER_KEYS = frozenset(Offer.model_fields)


@functools.cache
def _other_files() -> tuple[tuple[str, frozenset[str]], ...]:
    """What else a YAML, TOML or JSON file of ours may be, with the top-level keys that give it away.

    Derived from the models: the answers' keys, and each knowledge-base file's own keys (its one
    top-level key, or its model's fields; a role file's fields for the roles folder).
    """
    from irtele_cli.schema.answers import ANSWER_KEYS, LicensingInput  # only for a file that is not all offer

    kinds = [(ANSWERS, frozenset(ANSWER_KEYS) | frozenset(LicensingInput.model_fields))]
    for name, where in FILES.items():
        annotation = KnowledgeBase.model_fields[name].annotation
        model = get_args(annotation)[0] if where.folder else annotation
        keys = frozenset({where.key}) if where.key else frozenset(getattr(model, "model_fields", {}))
        shown = ROLE_FILE if where.folder else f"the knowledge base's {where.name}"
        kinds.append((shown, keys))
    return tuple(kinds)


def what_it_is(data: dict[Any, Any]) -> str | None:
    """What a mapping is when more of its keys are another file's than an offer's, else None.

    An offer with a mistyped key has its other keys, which are an offer's, so it is never mistaken.
    """
    keys = {key for key in data if isinstance(key, str)}
    if keys <= OFFER_KEYS:
        return None  # nothing in it is another file's: the common case, decided without the other models
    best, best_score = None, (0, 0.0)
    for what, kind_keys in _other_files():
        hits = len((keys & kind_keys) - OFFER_KEYS)
        score = (hits, hits / len(kind_keys))  # a tie goes to the kind with fewer keys: checklist.yaml's one
        if hits > len((keys & OFFER_KEYS) - kind_keys) and score > best_score:
            best, best_score = what, score
    return best


FRONT_MATTER = re.compile(r"\A\ufeff?---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)


def _is_kept_plan(text: str) -> bool:
    """A Markdown plan from 'irtele plan -o': front matter naming irtele and holding the answers."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return False
    try:
        meta = parse_yaml(Path("front matter"), match.group(1))
    except DocumentError:
        return False
    return isinstance(meta, dict) and "irtele" in meta and "answers" in meta


def _remedy(path: Path, what: str | None = None) -> str:
    """What to do instead: leave the file out, and the command the file is for."""
    if what == ANSWERS:
        return f"leave it out, or use it with 'irtele plan --answers {shlex.quote(str(path))}'"
    if what is None:
        return f"leave it out, or see how far it has come with 'irtele progress {shlex.quote(str(path))}'"
    folder = path.parent.parent if what == ROLE_FILE else path.parent
    return f"leave it out, or check its knowledge base with 'irtele kb validate {shlex.quote(str(folder))}'"


def offer_file_text(answers: dict[str, Any], suffix: str) -> str:
    """A validated offer as a file 'irtele offers compare' reads, in the format its name asks for."""
    try:
        offer = Offer.model_validate(answers)
    except ValidationError as error:
        raise DocumentError(format_validation_error("offer", error, Offer)) from None
    return dump_document(offer.model_dump(exclude_none=True), suffix)


def offer_answer_problem(key: str, value: Any) -> str | None:
    """Why one answer of the offer questionnaire cannot go into an offer file, checked as it is given."""
    model_name, _, field_name = key.rpartition(".")
    model = COMPONENT_MODELS.get(model_name, Offer)
    field = model.model_fields.get(field_name)
    if field is None or value is None:
        return None
    try:
        annotation = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        TypeAdapter(cast(Any, annotation)).validate_python(value)
    except ValidationError as error:
        return first_problem(error)
    return None


def suggested_offer_file(name: str) -> str:
    """'Regional hospital hybrid' -> 'offer-regional-hospital-hybrid.yaml'."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
    return f"offer-{slug or 'new'}.yaml"
