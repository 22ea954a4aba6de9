"""What every view shares: read-only data the core builds once and every renderer lays out."""

from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict
from pydantic.fields import FieldInfo


class View(BaseModel):
    """A view: frozen, and built by the core from data already validated.

    Views are made with ``model_construct`` (typed by the pydantic plugin), or ``made`` where thousands
    are made: validating what the core itself just built would cost a validator per view class.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    _defaults: ClassVar[dict[str, FieldInfo] | None] = None  # per class: the fields with a default

    @classmethod
    def made(cls, **values: Any) -> Self:
        """What ``model_construct`` makes of the same values, without its per-field work (aliases, factories).

        Ranking makes a view per role and per reason; there that work was a third of the time.
        """
        fields = cls.__dict__.get("_defaults")
        if fields is None:
            fields = {name: field for name, field in cls.model_fields.items() if not field.is_required()}
            type.__setattr__(cls, "_defaults", fields)
        view = cls.__new__(cls)
        given = set(values)
        for name, field in fields.items():
            if name not in given:
                default = field.default_factory() if field.default_factory else field.default
                values[name] = default.copy() if isinstance(default, list | dict) else default
        object.__setattr__(view, "__dict__", values)
        object.__setattr__(view, "__pydantic_fields_set__", given)
        object.__setattr__(view, "__pydantic_extra__", None)
        object.__setattr__(view, "__pydantic_private__", None)
        return view
