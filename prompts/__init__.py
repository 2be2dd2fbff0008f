"""Prompt templates live as files here; `render` fills one and fails on a missing variable."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from corpus.errors import ResoluteError

_DIR = Path(__file__).parent


@cache
def template(name: str) -> string.Template:
    path = _DIR / f"{name}.txt"
    if not path.is_file():
        raise ResoluteError(f"no prompt template {name!r} in {_DIR}")
    return string.Template(path.read_text(encoding="utf-8"))


def render(name: str, **values: str) -> str:
    try:
        return template(name).substitute(values)
    except KeyError as exc:
        raise ResoluteError(f"prompt {name!r} needs a value for {exc.args[0]!r}") from None
