"""Views and knowledge-base entries as JSON, the way every ``--format json`` prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json as to_json_text  # Rust; json.dumps with an indent is pure Python


def to_json(value: BaseModel | Sequence[BaseModel], ascii_only: bool = False) -> str:
    """Indented JSON of one model or a list of them; non-ASCII is kept as written unless ``ascii_only``
    (an output that cannot encode it), where it is escaped and the JSON stays exact."""
    return to_json_text(as_data(value), indent=2, ensure_ascii=ascii_only).decode()


def as_data(value: Any) -> Any:
    """What pydantic's JSON mode dumps, without building a serializer for every view class first.

    A plan's views are built for one printing; pydantic would first compile a serializer for each of
    their classes, a start-up cost larger than the walk. A test holds this equal to ``model_dump(mode="json")``
    for every view and knowledge-base entry, and that no model uses what it leaves out (computed fields,
    custom serializers, excluded fields).
    """
    if isinstance(value, BaseModel):
        model = type(value)
        by_alias = bool(model.model_config.get("serialize_by_alias"))
        fields = value.__dict__
        return {
            (field.serialization_alias or name) if by_alias else name: as_data(fields[name])
            for name, field in model.model_fields.items()
            if name in fields
        }
    if isinstance(value, str):
        return value if value.isascii() else _encodable(value)
    if isinstance(value, int | float | None):
        return value
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__} yet: add it here")


def _encodable(text: str) -> str:
    """Text UTF-8 can hold: a lone surrogate (a file name's byte that is not UTF-8) as its escape, \\udcff,
    as the other formats show it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
