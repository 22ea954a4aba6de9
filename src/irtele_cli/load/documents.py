"""Reading YAML, TOML and JSON files, and turning their errors into ``file: location: message`` lines."""

import errno
import functools
import os
import re
import stat
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from irtele_cli.errors import DocumentError, closest, did_you_mean, printable

SUFFIXES = (".yaml", ".yml", ".toml", ".json")
MAX_BYTES = 4 * 1024 * 1024
"""No answers, offer or knowledge-base file is larger: a bigger one is refused, never read into memory."""


def read_document(path: Path) -> Any:
    """Parse a file by its extension; any problem with it becomes a DocumentError naming the file.

    The same rules hold for YAML, TOML and JSON: a regular file of at most MAX_BYTES, UTF-8 with or
    without a byte-order mark, no key written twice, and an empty file meaning no content (None).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        if path.is_dir():  # a folder has no suffix to speak of: say what it is
            raise DocumentError([f"{path}: a directory, not a file"])
        raise DocumentError([f"{path}: unsupported file type '{suffix}'; use {', '.join(SUFFIXES)}"])
    text = read_text(path)
    if not text.strip():
        return None
    try:
        if suffix == ".json":
            data = _read_json(path, text)
        elif suffix == ".toml":
            import tomllib  # only for a TOML file: most runs read YAML

            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as error:
                raise DocumentError([f"{path}: {error}"]) from None
        else:
            data = _read_yaml(path, text)
    except RecursionError:
        raise DocumentError([f"{path}: nested too deeply to read"]) from None
    _refuse_lone_surrogates(path, data)
    return data


def _refuse_lone_surrogates(path: Path, data: Any) -> None:
    """An escape such as \\ud800 with no pair is no character: no text could show or save it."""
    try:
        _encode_texts(data)
    except UnicodeEncodeError as error:
        where = error.object[error.start : error.end].encode("unicode_escape").decode("ascii")
        raise DocumentError([f"{path}: holds {where}, half of a character pair with no other half"]) from None


def _encode_texts(data: Any) -> None:
    """Encode every text of the data, keys included, as UTF-8: only a lone surrogate fails."""
    if isinstance(data, str):
        data.encode("utf-8")
    elif isinstance(data, dict):
        for key, value in data.items():
            _encode_texts(key)
            _encode_texts(value)
    elif isinstance(data, list):
        for item in data:
            _encode_texts(item)


def read_text(path: Path) -> str:
    """A regular file's text; a folder, FIFO, device or link loop is named as what it is, not waited on."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once instead of blocking
    except FileNotFoundError:
        raise DocumentError([f"{path}: file not found"]) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DocumentError([f"{path}: a loop of symbolic links, not a file"]) from None
        if error.errno == errno.EISDIR:
            raise DocumentError([f"{path}: a directory, not a file"]) from None
        raise DocumentError([f"{path}: cannot read: {error.strerror}"]) from None
    status = os.fstat(descriptor)
    kind = _kind(status.st_mode)
    if kind != "file":
        os.close(descriptor)
        raise DocumentError([f"{path}: {kind}, not a regular file"])
    with os.fdopen(descriptor, "rb") as stream:
        expected = min(status.st_size, MAX_BYTES) + 1  # a buffer the file's size, not the limit's 4 MiB
        data = stream.read(expected)
        if len(data) == expected:  # it grew since: read on, to the limit
            data += stream.read(MAX_BYTES + 1 - expected)
    if len(data) > MAX_BYTES:
        raise DocumentError([f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not read"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError([f"{path}: not UTF-8 text (byte {error.start + 1} cannot be read)"]) from None


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def _read_json(path: Path, text: str) -> Any:
    import json  # here, not at the top: a plan from YAML answers never loads it

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in items:
            if key in mapping:
                raise DocumentError([f"{path}: duplicate key {shown(key)}"])
            mapping[key] = value
        return mapping

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise DocumentError([f"{path}: line {error.lineno}, column {error.colno}: {error.msg}"]) from None


def parse_yaml(path: Path, text: str) -> Any:
    """YAML text by the same rules as a file (dates stay text, no duplicate keys or exotic tags)."""
    try:
        return _read_yaml(path, text)
    except RecursionError:
        raise DocumentError([f"{path}: nested too deeply to read"]) from None


def _read_yaml(path: Path, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - the loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DocumentError([f"{path}: {where}{error.problem}"]) from None
    except yaml.YAMLError as error:
        raise DocumentError([f"{path}: {error}"]) from None


@functools.cache
def _loader() -> type:
    """A safe loader for the plain data irtele reads: text, numbers, true/false, null, lists and mappings.

    Dates stay the text an author wrote ('2025-06-23'); a key written twice is an error (YAML would keep
    the last); tags for sets, timestamps, binary or ordered pairs are refused, and so are aliases that
    expand to more than MAX_VALUES values (aliases of aliases can stand for billions); a value that
    cannot be what its tag says ('!!int abc') is an error at its line. It parses with libyaml when
    PyYAML has it.
    """
    import yaml
    from yaml.constructor import ConstructorError

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if not isinstance(node, yaml.MappingNode):
                raise ConstructorError(None, None, f"{_tag(node)} needs a mapping", node.start_mark)
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):  # compare as written: cheap, and enough for keys
                    if key_node.value in seen:
                        raise ConstructorError(None, None, f"duplicate key '{key_node.value}'", key_node.start_mark)
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

        def construct_document(self, node: Any) -> Any:
            sizes: dict[int, int] = {}
            if _expanded_size(node, sizes) - len(sizes) > MAX_VALUES:  # what aliases add beyond the nodes written
                raise ConstructorError(
                    None, None, f"aliases expand to more than {MAX_VALUES:,} values; write it out", node.start_mark
                )
            return super().construct_document(node)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, OverflowError, KeyError):
                value = node.value if isinstance(node, yaml.ScalarNode) else "this value"
                raise ConstructorError(None, None, f"cannot read {value!r} as {_tag(node)}", node.start_mark) from None

    def refuse(loader: Any, node: Any) -> Any:
        raise ConstructorError(
            None, None, f"the tag {_tag(node)} is not supported; write the value plainly", node.start_mark
        )

    for tag in ("set", "omap", "pairs", "binary", "timestamp"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", refuse)
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    # YAML 1.1 reads 1e5 (no dot) as text; JSON, TOML and YAML 1.2 read it as a number, and so do we.
    Loader.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT, list("-+0123456789"))
    return Loader


EXPONENT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+$")
MAX_VALUES = 100_000
"""More values than aliases may add to any file: only aliases of aliases reach it."""


def _expanded_size(node: Any, sizes: dict[int, int]) -> int:
    """How many values a node stands for once every alias is written out; each node is counted once."""
    if id(node) not in sizes:
        sizes[id(node)] = 1  # a node that contains itself counts once, not forever
        children = node.value if isinstance(node.value, list) else []
        parts = [part for child in children for part in (child if isinstance(child, tuple) else (child,))]
        sizes[id(node)] = 1 + sum(_expanded_size(part, sizes) for part in parts)
    return sizes[id(node)]


def _tag(node: Any) -> str:
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")


def real_errors(error: ValidationError) -> list[ErrorDetails]:
    """The errors to report: a default computed from other answers fails only because one of them did."""
    return [detail for detail in error.errors() if detail["type"] != "default_factory_not_called"]


def format_validation_error(label: str, error: ValidationError, model: type[BaseModel]) -> list[str]:
    """One ``label: location: message`` line per pydantic error, in words a data author understands."""
    return allowed_keys_once(
        [f"{label}: {location(detail['loc'])}: {message(detail, model)}" for detail in real_errors(error)]
    )


ALLOWED = "; allowed keys: "
"""Ends an unknown-key problem: what the file may hold instead (see ``allowed_keys_once``)."""


def allowed_keys_once(problems: list[str]) -> list[str]:
    """Each list of allowed keys on the first problem that gives it only: ten unknown keys are ten short lines."""
    seen: set[str] = set()
    once = []
    for problem in problems:
        head, found, keys = problem.partition(ALLOWED)
        if found and keys in seen:
            problem = head
        elif found:
            seen.add(keys)
        once.append(problem)
    return once


def first_problem(error: ValidationError) -> str:
    """The first problem of a validation, in the same words as a file's errors, without a location."""
    return message(real_errors(error)[0], BaseModel)


def problems_by_key(error: ValidationError, model: type[BaseModel]) -> dict[str, str]:
    """Each top-level key's first problem, in the same words as a file's errors (missing keys left out)."""
    found: dict[str, str] = {}
    for detail in real_errors(error):
        if detail["loc"] and detail["type"] != "missing":
            found.setdefault(str(detail["loc"][0]), message(detail, model))
    return found


def dump_document(data: dict[str, Any], suffix: str) -> str:
    """A mapping as a YAML, JSON or TOML file that read_document reads back; whole floats become ints."""
    data = _whole_numbers(data)
    if suffix == ".json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if suffix == ".toml":
        return "".join(f"{key} = {_toml(value)}\n" for key, value in data.items())
    if suffix in (".yaml", ".yml"):
        import yaml

        return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    raise DocumentError([f"cannot write a '{suffix or 'file without extension'}' file; use .yaml, .toml or .json"])


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def _toml(value: Any) -> str:
    """A TOML value: inline tables and arrays are enough for answers and offers."""
    import json

    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value)  # strings, numbers and booleans are written the same way in TOML


def location(loc: tuple[int | str, ...]) -> str:
    """('roles', 2, 'title') -> 'roles[2].title'; union tags such as '(web)' are not keys and are left out."""
    text = ""
    for part in loc:
        if isinstance(part, str) and (part.startswith("(") or part == "[key]"):
            continue  # union tags, and pydantic's marker for a mapping's key
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of keys to values",
    "dict_type": "a mapping of keys to values",
}
BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def unknown_key(key: str, allowed: list[str]) -> str:
    """A key the file may not have: the closest allowed one when there is one, then all of them."""
    if not allowed:
        return "unknown key"
    # a typo ('stge'), or the start of a key ('home' for home_state); not any key that shares letters
    close = closest(key, allowed, cutoff=0.75) or [name for name in allowed if len(key) > 2 and name.startswith(key)]
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"unknown key{hint}{ALLOWED}{', '.join(allowed)}"


def message(detail: ErrorDetails, model: type[BaseModel]) -> str:
    """Pydantic's error in a data author's words, always saying what was given."""
    kind, value, ctx = detail["type"], detail["input"], detail.get("ctx", {})
    if kind == "extra_forbidden":
        return unknown_key(str(detail["loc"][-1]), allowed_keys(model, detail["loc"][:-1]))
    if kind == "missing":
        return "required key is missing"
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {shown(value)}"
    if kind in BOUNDS:
        key, words = BOUNDS[kind]
        bound = ctx.get(key)
        limit = f"{bound:g}" if isinstance(bound, float) else str(bound)
        return f"must be {words} {limit} (got {shown(value)})"
    if kind in {"too_long", "too_short"}:
        bound = f"at most {ctx.get('max_length')}" if kind == "too_long" else f"at least {ctx.get('min_length')}"
        items = "item" if bound.endswith(" 1") else "items"
        return f"give {bound} {items} (got {ctx.get('actual_length')})"
    if kind in {"pay_model", "template"}:  # our own errors, already in a data author's words
        return detail["msg"]
    if kind == "finite_number":
        return f"expected a finite number, got {shown(value)}"
    if kind == "string_too_short":
        return "cannot be empty"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        hint = did_you_mean(str(value).lower(), re.findall(r"'([^']*)'", expected)) if isinstance(value, str) else ""
        suggestion = f" ({hint.removeprefix('; ')})" if hint else ""
        return f"{shown(value)} is not allowed{suggestion}; expected {expected}"
    text = detail["msg"].removeprefix("Value error, ")
    given = shown(value)
    named = given in text or (isinstance(value, str) and f"'{value.strip()}'" in text)
    return text if named or isinstance(value, dict) else f"{text} (got {given})"


SHOWN_CHARS = 60


def shown(value: Any) -> str:
    """A value as the user wrote it in YAML or JSON (true, null, 'text'), cut short when it is long."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        import json

        return json.dumps(value)
    text = str(value)
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"
    return f"'{printable(text)}'"


def allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a model accepts at a location, found by walking its field types."""
    current: Any = model
    for part in loc:
        current = _inner_model(current, part)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _inner_model(annotation: Any, part: int | str) -> Any:
    if _is_model(annotation):
        if isinstance(part, int) or part not in annotation.model_fields:
            return None
        return _strip(annotation.model_fields[part].annotation)
    if isinstance(part, int):
        args = get_args(annotation)
        return _strip(args[0]) if args else None
    return None


def _strip(annotation: Any) -> Any:
    """Unwrap ``X | None`` to X; other unions have no single model to walk into."""
    if get_origin(annotation) in (Union, UnionType):
        models = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _strip(models[0]) if len(models) == 1 else None
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
