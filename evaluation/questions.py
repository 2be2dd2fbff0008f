"""The question sets `resolute eval` reads: one JSON object a line, with gold paragraphs.

A line is ``{"id": ..., "q": ..., "gold": [[symbol, paragraph], ...], "lang": ...}``; ``id``
and ``lang`` are optional (a question with a CJK character is Chinese).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import InvalidInput

Key = tuple[str, str]  # (symbol, paragraph id): what an answer must cite, nothing nearer


@dataclass
class Question:
    id: str
    q: str
    gold: list[Key]
    lang: str


def load_questions(path: Path) -> list[Question]:
    """The questions of a JSON-lines file; InvalidInput naming the file and line if unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the question set {path}: {exc}") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            gold = [(s, p) for s, p in d["gold"]]
            q = d["q"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"{path}, line {n}: not a question (a JSON object with 'q' and 'gold' "
                f"[[symbol, paragraph], ...]): {exc!r}"
            ) from None
        lang = d.get("lang") or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in q) else "en")
        out.append(Question(d.get("id", f"line-{n}"), q, gold, lang))
    return out
