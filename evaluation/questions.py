"""The question sets `resolute eval` reads: one JSON object a line, with gold paragraphs.

A line is ``{"id": ..., "q": ..., "gold": [[symbol, paragraph], ...], "lang": ...}``; ``id``
and ``lang`` are optional (a question with a CJK character is Chinese).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

Key = tuple[str, str]  # (symbol, paragraph id): what an answer must cite, nothing nearer


@dataclass
class Question:
    id: str
    q: str
    gold: list[Key]
    lang: str


def load_questions(path: Path) -> list[Question]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        gold = [(s, p) for s, p in d["gold"]]
        lang = d.get("lang") or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in d["q"]) else "en")
        out.append(Question(d.get("id", f"line-{n}"), d["q"], gold, lang))
    return out
