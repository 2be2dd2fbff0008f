"""Request fields as data, so the server's checks and the OpenAPI document are one thing.

A field is a small declaration (its name, JSON type, limits, enum or pattern, default,
description) read two ways: `Field.read` checks a request body as the server does, raising
`InvalidInput` (400 `bad_request`) with the message the client sees, and `Field.schema`
states the same rule in JSON Schema for `GET /openapi.json`. A `Body` names the fields one
request body takes. Limits that come from the settings (the longest message) are read from
the settings handed in, so an app and its document agree however it is configured.

The API's own fields are declared with these kinds in service/validation.py, which the
handlers read their requests through; service/openapi_schemas.py and openapi_paths.py turn
the same declarations into the document.
"""

from __future__ import annotations

import copy
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from corpus.errors import InvalidInput
from wiring.settings import Settings

T_co = TypeVar("T_co", covariant=True)

Json = dict[str, Any]

# "Non-empty after strip()": one character that Python's str.isspace() calls not blank.
# Spelled out rather than `\S`, whose meaning differs between regex engines (Python
# counts U+001C..U+001F as space, ECMA-262 and Rust do not; ECMA counts U+FEFF and not
# U+0085).
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK_PATTERN = "[^" + "".join(f"\\u{ord(c):04x}" for c in PYTHON_WHITESPACE) + "]"


def message_chars(settings: Settings) -> int:
    return settings.max_message_chars


def schema_ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


@dataclass(frozen=True, kw_only=True)
class Field(ABC, Generic[T_co]):
    """One member of a JSON request body."""

    name: str
    description: str | None = None
    examples: tuple[object, ...] = ()
    required: bool = False

    @abstractmethod
    def read(self, body: Mapping[str, object], settings: Settings) -> T_co:
        """The value the handler uses; `InvalidInput` if the body's is not acceptable."""

    @abstractmethod
    def rule(self, settings: Settings) -> Json:
        """What `read` accepts, in JSON Schema."""

    def schema(self, settings: Settings) -> Json:
        out = self.rule(settings)
        if self.examples:
            out["examples"] = list(self.examples)
        description = self.describe(settings)
        if description:
            out["description"] = description
        return out

    def describe(self, settings: Settings) -> str | None:
        return self.description


@dataclass(frozen=True, kw_only=True)
class Text(Field[str]):
    """Required; a string with something besides white space, at most `max_chars`; stripped."""

    required: bool = field(default=True, init=False)
    max_chars: Callable[[Settings], int] = message_chars

    def read(self, body: Mapping[str, object], settings: Settings) -> str:
        value = body.get(self.name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"'{self.name}' must be a non-empty string")
        limit = self.max_chars(settings)
        if len(value) > limit:
            raise InvalidInput(f"'{self.name}' is longer than {limit} characters")
        return value.strip()

    def rule(self, settings: Settings) -> Json:
        limit = self.max_chars(settings)
        return {"type": "string", "minLength": 1, "maxLength": limit, "pattern": NOT_BLANK_PATTERN}


@dataclass(frozen=True, kw_only=True)
class WholeNumber(Field[int]):
    """An integer from `minimum` to `maximum`, `default` when absent; 5.0 counts as 5."""

    default: int
    minimum: int
    maximum: int

    def read(self, body: Mapping[str, object], settings: Settings) -> int:
        value = body.get(self.name, self.default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON has one number type: 5.0 is 5
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not self.minimum <= value <= self.maximum
        ):
            raise InvalidInput(
                f"'{self.name}' must be a whole number from {self.minimum} to {self.maximum}"
            )
        return value

    def rule(self, settings: Settings) -> Json:
        bounds = {"minimum": self.minimum, "maximum": self.maximum, "default": self.default}
        return {"type": "integer", **bounds}


@dataclass(frozen=True, kw_only=True)
class OptionalText(Field[str | None]):
    """Absent, null, or a string with something besides white space, stripped, then held
    to `enum` or to `pattern`. The pattern is checked here, refused as not `pattern_means`;
    or, for an identifier with a parser of its own, by `parse`, which raises its own error
    (and may normalize), the pattern stating what it accepts."""

    enum: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_means: str | None = None
    parse: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None and (self.pattern_means is None) == (self.parse is None):
            raise TypeError(f"{self.name}: a pattern is checked here (pattern_means) or parsed")

    def read(self, body: Mapping[str, object], settings: Settings) -> str | None:
        value = body.get(self.name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"'{self.name}' must be a non-empty string when given")
        value = value.strip()
        if self.enum and value not in self.enum:
            raise InvalidInput(f"'{self.name}' must be one of {', '.join(self.enum)}")
        if self.pattern and self.pattern_means and not re.match(self.pattern, value):
            raise InvalidInput(f"'{self.name}' must be {self.pattern_means}")
        return self.parse(value) if self.parse else value

    def rule(self, settings: Settings) -> Json:
        out: Json = {"type": ["string", "null"]}
        if self.enum:
            out["enum"] = [*self.enum, None]
        if self.pattern:
            out["pattern"] = self.pattern
        return out


@dataclass(frozen=True, kw_only=True)
class Loose(Field[object]):
    """Taken as it comes, never refused: stated for clients (OpenAI's `model` and
    `stream`, which the server echoes or tests for truth), checked by nothing."""

    json_schema: Json

    def read(self, body: Mapping[str, object], settings: Settings) -> object:
        return body.get(self.name)

    def rule(self, settings: Settings) -> Json:
        return copy.deepcopy(self.json_schema)  # the document is the caller's to change


@dataclass(frozen=True)
class Body:
    """A request's JSON object: its fields, and examples for the document. `name` is its
    schema's name among the document's components."""

    name: str
    fields: tuple[Field[object], ...]
    description: str | None = None
    examples: Mapping[str, Json] = field(default_factory=dict)

    def schema(self, settings: Settings) -> Json:
        out: Json = {
            "type": "object",
            "required": [f.name for f in self.fields if f.required],
            "properties": {f.name: f.schema(settings) for f in self.fields},
        }
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True, kw_only=True)
class Question(Field[str]):
    """OpenAI's `messages`: a non-empty list of `item`s whose last is the user's; its
    `content` is the question. `description` may say `{max_chars}`."""

    required: bool = field(default=True, init=False)
    item: Body
    content: Text

    def read(self, body: Mapping[str, object], settings: Settings) -> str:
        messages = body.get(self.name)
        if not isinstance(messages, list) or not messages:
            raise InvalidInput(f"'{self.name}' must be a non-empty list of {{role, content}}")
        last = messages[-1]
        if not isinstance(last, dict) or last.get("role") != "user":
            raise InvalidInput("the last message must have role 'user'")
        return self.content.read(last, settings)

    def rule(self, settings: Settings) -> Json:
        return {"type": "array", "minItems": 1, "items": schema_ref(self.item.name)}

    def describe(self, settings: Settings) -> str | None:
        if self.description is None:
            return None
        return self.description.format(max_chars=self.content.max_chars(settings))


@dataclass(frozen=True, kw_only=True)
class PathParameter:
    """A path segment the handler hands on to a parser in corpus/ids.py, which refuses a
    malformed one with its own 400 error; `pattern` states what that parser accepts."""

    name: str
    pattern: str
    description: str
    examples: Mapping[str, str]
