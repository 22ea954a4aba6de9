"""Views and knowledge-base entries as JSON, the way every ``--format json`` prints them."""

from __future__ import annotations

import json
from collections.abc import Sequence

from pydantic import BaseModel


def to_json(value: BaseModel | Sequence[BaseModel], ascii_only: bool = False) -> str:
    """Indented JSON of one model or a list of them; non-ASCII is kept as written unless ``ascii_only``
    (an output that cannot encode it), where it is escaped and the JSON stays exact."""
    if isinstance(value, BaseModel) and not ascii_only:
        return value.model_dump_json(indent=2)
    data = (
        value.model_dump(mode="json")
        if isinstance(value, BaseModel)
        else [item.model_dump(mode="json") for item in value]
    )
    return json.dumps(data, indent=2, ensure_ascii=ascii_only)
