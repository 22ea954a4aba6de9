"""What every knowledge-base model shares: strictness, text types, and templates that declare their placeholders."""

import string
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
AsOf = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Model(BaseModel):
    """Every knowledge-base model: unknown keys are errors and nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Placeholders:
    """Marks a text field as a template and names the placeholders the code fills into it.

    Loading checks every ``{name}`` against this list and refuses conversions (``!r``) and format
    specs (``:>9``): a template that would fail, or run away, at run time fails validation instead.
    """

    __slots__ = ("names",)  # a plain class: a dataclass costs the start-up most of a millisecond to make

    def __init__(self, *names: str) -> None:
        self.names = names

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        allowed = ", ".join(f"{{{name}}}" for name in self.names) or "none"
        note = f"A template; placeholders it may use: {allowed}."
        json_schema["description"] = f"{json_schema['description']} {note}" if "description" in json_schema else note
        return json_schema

    def check(self, text: str) -> str:
        allowed = ", ".join(f"{{{name}}}" for name in self.names) or "no placeholders"
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
        except ValueError as error:
            raise PydanticCustomError("template", "not a valid template: {error}", {"error": str(error)}) from None
        for name, spec, conversion in fields:
            if name is None:
                continue
            if name not in self.names:
                raise PydanticCustomError(
                    "template",
                    "unknown placeholder {{name}}; this text can use {allowed}",
                    {"name": name, "allowed": allowed},
                )
            if spec or conversion:
                raise PydanticCustomError(
                    "template",
                    "placeholder {{name}} takes no conversion or format spec; write it as {{name}}",
                    {"name": name},
                )
        return text


def fill(template: str, **values: object) -> str:
    """A validated template with its placeholders filled: the one place templates are formatted."""
    return template.format_map(values)
