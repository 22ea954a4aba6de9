"""Loading a knowledge base: each file of the registry read, the whole validated once, then cross-checked."""

import contextlib
import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from irtele_cli import KB_ENV
from irtele_cli.errors import DocumentError, IrteleError, did_you_mean
from irtele_cli.load.documents import location, message, read_document, real_errors, unknown_key
from irtele_cli.schema.knowledge import FILES, FromFile, KnowledgeBase, Role


def default_kb_dir() -> Path:
    """The bundled knowledge base: inside the installed wheel, or data/ beside src/ in a checkout."""
    packaged = Path(__file__).parents[1] / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "data"


def resolve_kb_dir(option: Path | None) -> Path:
    """``--kb`` wins, then ``IRTELE_KB``, then the bundled knowledge base."""
    if option is not None:
        return option
    from_env = os.environ.get(KB_ENV)
    return Path(from_env) if from_env else default_kb_dir()


FAILED: Any = object()
"""What a file that could not be read stands for: its problem is already said (None is an empty file)."""


def load_knowledge_base(directory: Path, snapshot: bool = True) -> KnowledgeBase:
    """Read every file, validate the whole, then the references between files; report all problems at once.

    The bundled directory comes from the wheel's validated snapshot when it still matches the files
    (``snapshot=False`` validates regardless, as 'irtele kb validate' does).
    """
    if snapshot and directory == default_kb_dir():
        from irtele_cli.load.snapshot import read_snapshot

        if (kb := read_snapshot(directory)) is not None:
            return kb
    if not directory.is_dir():
        raise DocumentError([f"{directory}: not a directory holding a knowledge base"])
    from irtele_cli.load.references import reference_problems  # the offer models too: only when validating

    problems: list[str] = []
    data: dict[str, Any] = {}
    paths: dict[str, list[Path]] = {}  # a folder field's files, in the order of its items
    for field, where in FILES.items():
        if where.folder:
            paths[field] = _folder_files(directory / where.name, problems)
            data[field] = [_read_item(path, problems) for path in paths[field]]
        else:
            data[field] = _read_file(directory / where.name, where, problems)
    readable = {field: value for field, value in data.items() if value is not FAILED}
    readable |= {field: [item for item in value if item is not FAILED] for field, value in readable.items()
                 if isinstance(value, list) and FILES[field].folder}  # fmt: skip
    try:
        kb = KnowledgeBase.model_validate(readable)
    except ValidationError as error:
        problems += _located(error, directory, data, paths)
        partial = _partial(readable, {str(detail["loc"][0]) for detail in error.errors() if detail["loc"]})
        problems += [f"{directory / file}: {problem}" for file, problem in reference_problems(partial)]
        raise DocumentError(problems or [f"{directory}: not a valid knowledge base"]) from None
    if problems:
        raise DocumentError(problems)
    problems = [f"{directory / file}: {problem}" for file, problem in reference_problems(kb)]
    if problems:
        raise DocumentError(problems)
    return kb


def _partial(readable: dict[str, Any], failed: set[str]) -> KnowledgeBase:
    """The files that loaded, validated one by one, as a knowledge base whose other parts are missing."""
    valid: dict[str, Any] = {}
    for field in readable.keys() - failed:
        info = KnowledgeBase.model_fields[field]
        annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        with contextlib.suppress(ValidationError):
            valid[field] = TypeAdapter(annotation).validate_python(readable[field])
    return KnowledgeBase.model_construct(**valid)


def _folder_files(folder: Path, problems: list[str]) -> list[Path]:
    """A folder's ``*.yaml`` files; a ``.yml`` one is reported rather than silently left out."""
    if not folder.is_dir():
        problems.append(f"{folder}: {'not a directory' if folder.exists() else 'directory is missing'}")
        return []
    found = sorted(folder.glob("*.yaml"))
    problems += [
        f"{path}: files here end in .yaml; rename it to {path.stem}.yaml" for path in sorted(folder.glob("*.yml"))
    ]
    if not found:
        problems.append(f"{folder}: no files (*.yaml) found")
    return found


def _read_item(path: Path, problems: list[str]) -> Any:
    """One file of a folder (a role): its id must be its file name, so ids and files cannot drift apart."""
    try:
        item = read_document(path)
    except DocumentError as error:
        problems.extend(error.problems)
        return FAILED
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] != path.stem:
        problems.append(f"{path}: id: '{item['id']}' must match the file name '{path.stem}'")
    return item


def _read_file(path: Path, where: FromFile, problems: list[str]) -> Any:
    """A file's content, unwrapped from its one top-level key where it has one; FAILED after a problem."""
    if not os.path.lexists(path):
        problems.append(f"{path}: file is missing")
        return FAILED
    try:
        document = read_document(path)  # a folder, FIFO or link loop in its place is named as such
    except DocumentError as error:
        problems.extend(error.problems)
        return FAILED
    if where.key is None:
        return document
    if not isinstance(document, dict):
        problems.append(f"{path}: expected a mapping with the key '{where.key}'")
        return FAILED
    problems += [f"{path}: {key}: {unknown_key(str(key), [where.key])}" for key in document if key != where.key]
    if where.key not in document:
        problems.append(f"{path}: {where.key}: required key is missing")
        return FAILED
    return document[where.key]


def _located(error: ValidationError, directory: Path, data: dict[str, Any], paths: dict[str, list[Path]]) -> list[str]:
    """Each validation error as ``file: location: message``, the location as written inside that file.

    Errors of a file that is missing or unreadable are left out: its problem is already said.
    """
    lines = []
    readable = {field: [path for path, item in zip(paths[field], data[field], strict=True) if item is not FAILED]
                for field in paths}  # fmt: skip
    for detail in real_errors(error):
        field, *rest = detail["loc"]
        if data.get(str(field)) is FAILED:
            continue
        where = FILES[str(field)]
        if where.folder and rest and isinstance(rest[0], int):
            path, inside = readable[str(field)][rest[0]], tuple(rest[1:])
        else:
            path, inside = directory / where.name, (where.key, *rest) if where.key else tuple(rest)
        lines.append(f"{path}: {location(inside)}: {message(detail, KnowledgeBase)}")
    return lines


def find_role(kb: KnowledgeBase, role_id: str) -> Role:
    """The role with this id, or an error that suggests the closest ids."""
    role = kb.roles_by_id.get(role_id.strip().lower())
    if role is not None:
        return role
    hint = did_you_mean(role_id.lower(), kb.roles_by_id, cutoff=0.4) or "; run 'irtele roles' to list them"
    raise IrteleError(f"unknown role id '{role_id}'{hint}")


def summary(kb: KnowledgeBase) -> str:
    """What a knowledge base holds, in one line."""
    counts = [
        (len(kb.roles), "roles"),
        (len(kb.domains), "domains"),
        (len(kb.job_types), "job types"),
        (len(kb.compensation.models), "pay models"),
        (len(kb.checklist), "checklist items"),
        (len(kb.preparation), "preparation actions"),
        (len(kb.lifestyle), "lifestyle notes"),
        (len(kb.trends), "trends"),
        (len(kb.faq), "FAQ answers"),
        (len(kb.scoring.rules), "scoring rules"),
        (len(kb.licensing.states), "states in the licensing table"),
    ]
    return ", ".join(f"{count} {noun}" for count, noun in counts)


def file_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file of the registry, named as the file (a folder's as ``roles/*.yaml``)."""
    schemas: dict[str, dict[str, Any]] = {}
    for field, info in KnowledgeBase.model_fields.items():
        where = FILES[field]
        annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        if where.folder:
            (item,) = info.annotation.__args__  # type: ignore[union-attr]
            schemas[f"{where.name}/*.yaml"] = TypeAdapter(item).json_schema()
        elif where.key is None:
            schemas[where.name] = TypeAdapter(annotation).json_schema()
        else:
            inner = TypeAdapter(annotation).json_schema()
            definitions = inner.pop("$defs", {})
            schemas[where.name] = {
                "type": "object",
                "properties": {where.key: inner},
                "required": [where.key],
                "additionalProperties": False,
                **({"$defs": definitions} if definitions else {}),
            }
    return schemas


def json_schema(file: str | None = None) -> str:
    """The JSON Schema of every knowledge-base file, or of one (``roles``, ``checklist.yaml``, ...)."""
    import json

    schemas = file_schemas()
    if file is None:
        return json.dumps({"title": "irtele knowledge base", "files": schemas}, indent=2)
    wanted = file.removesuffix(".yaml").removesuffix("/*")
    for name, schema in schemas.items():
        if name.removesuffix(".yaml").removesuffix("/*") == wanted:
            return json.dumps(schema, indent=2)
    names = ", ".join(name.removesuffix(".yaml").removesuffix("/*") for name in schemas)
    raise IrteleError(f"--file: unknown knowledge-base file '{file}'; choose one of: {names}")
