"""Views and knowledge-base entries as JSON, the way every ``--format json`` prints them."""

from __future__ import annotations

import json
from collections.abc import Sequence

from pydantic import BaseModel


def to_json(value: BaseModel | Sequence[BaseModel]) -> str:
    """Indented JSON of one model or a list of them, non-ASCII kept as written."""
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=2)
    return json.dumps([item.model_dump(mode="json") for item in value], indent=2, ensure_ascii=False)
