"""Offer files to models, and answers of the offer questionnaire to an offer file."""

from pathlib import Path
from typing import Annotated, Any, cast

from pydantic import TypeAdapter, ValidationError

from irtele_cli.errors import DocumentError, did_you_mean
from irtele_cli.load.documents import dump_document, first_problem, format_validation_error, read_document
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.offer import COMPONENT_MODELS, Offer


def load_offer(path: Path, kb: KnowledgeBase) -> Offer:
    """Read and validate one offer file; every problem names the file and key."""
    data = read_document(path)
    if not isinstance(data, dict):
        raise DocumentError([f"{path}: expected a mapping of offer keys to values"])
    try:
        offer = Offer.model_validate(data)
    except ValidationError as error:
        raise DocumentError(format_validation_error(str(path), error, Offer)) from None
    if offer.role is not None and offer.role not in kb.roles_by_id:
        hint = did_you_mean(offer.role, kb.roles_by_id) or "; run 'irtele roles' to list them"
        raise DocumentError([f"{path}: role: unknown role id '{offer.role}'{hint}"])
    return offer


def load_offers(paths: list[Path], kb: KnowledgeBase) -> list[tuple[Path, Offer]]:
    """Every offer file, or every problem of every bad file at once, not only the first."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load_offer(path, kb)))
        except DocumentError as error:
            problems += error.problems
    if problems:
        raise DocumentError(problems)
    return loaded


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
