"""Views made safe to print: every string's control characters escaped, whatever file or user it came from."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from irtele_cli.errors import printable

V = TypeVar("V", bound=BaseModel)


def printable_view(view: V) -> V:
    """The view with ESC, OSC and other control characters shown as escapes (\\x1b); line breaks kept.

    A view is returned as is when it has nothing to escape, so the usual case costs one walk.
    """
    cleaned = _cleaned(view)
    return view if cleaned is view else cleaned  # type: ignore[no-any-return]


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.isprintable() else printable(value, newlines=True)
    if isinstance(value, BaseModel):
        changed = {
            name: new for name in type(value).model_fields if (new := _cleaned(old := getattr(value, name))) is not old
        }
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, (list, tuple)):
        items = [_cleaned(item) for item in value]
        return type(value)(items) if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        pairs = {key: _cleaned(item) for key, item in value.items()}
        return pairs if any(pairs[key] is not value[key] for key in value) else value
    return value
