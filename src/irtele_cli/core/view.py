"""What every view shares: read-only data the core builds once and every renderer lays out."""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo


class View(BaseModel):
    """A view: frozen, and built by the core from data already validated, so building one validates nothing.

    The pydantic plugin still types each view's constructor, so mypy checks every field given. What
    is left out takes its default, as ``model_construct`` would. Validating what the core itself just
    built would cost a validator per view class at start-up, and a third of a ranking's time.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    _fields: ClassVar[tuple[tuple[str, FieldInfo | None], ...] | None] = None  # per class: (name, its default)

    def __init__(self, **values: Any) -> None:
        fields = type(self).__dict__.get("_fields")
        if fields is None:
            fields = tuple((name, None if f.is_required() else f) for name, f in type(self).model_fields.items())
            type.__setattr__(type(self), "_fields", fields)
        given = set(values)
        ordered = {  # in the fields' order, which JSON keeps; a required field left out stays out (model_construct)
            name: values[name] if name in given else _default(field)
            for name, field in fields
            if field is not None or name in given
        }
        object.__setattr__(self, "__dict__", ordered)
        object.__setattr__(self, "__pydantic_fields_set__", given)
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)


def _default(field: FieldInfo) -> Any:
    """A field's default, a fresh one for a list or dict (views are frozen, but their lists are still lists)."""
    default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
    return default.copy() if isinstance(default, list | dict) else default
