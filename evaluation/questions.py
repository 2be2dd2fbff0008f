"""The question sets `resolute eval` reads: one JSON object a line, with gold paragraphs or phrases.

A line is ``{"id": ..., "q": ..., "gold": [[symbol, paragraph], ...], "lang": ...}``; ``id``
and ``lang`` are optional (a question with a CJK character is Chinese).

Gold comes in two forms, told apart line by line:

- paragraph gold, ``[symbol, "OP8"]``: the second item is a paragraph id (`corpus.ids`);
- phrase gold, ``[symbol, "5 to 12 words copied from the answering paragraph"]``: anything else.
  A citation matches a phrase when its symbol is the same and its text contains the phrase,
  compared on letters and digits only, case-insensitive (`letters_digits`), so that a word
  the parser mended ("St ates", "nuclearweapon") still matches. Phrases are resolved against
  the store once (`resolve_gold`) to the paragraphs that hold them, for retrieval.

An optional ``kind`` is ``change`` (one gold pair per year; every pair must be cited) or
``refusal`` (no gold; the answer must not be grounded and cite nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import InvalidInput, InvalidParagraphId
from corpus.ids import ParagraphId
from corpus.store import Store

Key = tuple[str, str]  # (symbol, paragraph id): what an answer must cite, nothing nearer
Phrase = tuple[str, str]  # (symbol, phrase copied from the answering paragraph)

KINDS = ("", "change", "refusal")
# What the paragraph-gold sets (bench/data/questions.jsonl) tag their ordinary questions with.
ORDINARY_TAGS = ("topic", "cross", "sub", "lookup")


@dataclass
class Question:
    id: str
    q: str
    gold: list[Key]  # paragraph gold, or the paragraphs a phrase resolved to (`resolve_gold`)
    lang: str
    phrases: list[Phrase] = field(default_factory=list)
    kind: str = ""  # "" (ordinary), "change" or "refusal"
    # For phrase gold, the paragraphs holding each phrase, in the order of `phrases`.
    resolved: list[frozenset[Key]] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        """An ordinary question: one gold, and the first citation must match it."""
        return self.kind == ""


def letters_digits(text: str) -> str:
    """The text's letters and digits only, case-folded: how phrases and quotes are compared."""
    return "".join(c for c in text.casefold() if c.isalnum())


def phrase_in(phrase: str, text: str) -> bool:
    return letters_digits(phrase) in letters_digits(text)


def _is_paragraph_id(text: str) -> bool:
    try:
        ParagraphId.parse(text)
    except InvalidParagraphId:
        return False
    return True


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
            pairs = [(str(s), str(p)) for s, p in d["gold"]]
            q = d["q"]
            kind = d.get("kind") or ""
            kind = "" if kind in ORDINARY_TAGS else kind
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"{path}, line {n}: not a question (a JSON object with 'q' and 'gold' "
                f"[[symbol, paragraph], ...]): {exc!r}"
            ) from None
        if kind not in KINDS:
            raise InvalidInput(
                f"{path}, line {n}: unknown kind {kind!r} (expected change or refusal, or none)"
            )
        if kind == "refusal" and pairs:
            raise InvalidInput(f"{path}, line {n}: a refusal question has no gold")
        if kind != "refusal" and not pairs:
            raise InvalidInput(f"{path}, line {n}: an answerable question needs gold")
        lang = d.get("lang") or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in q) else "en")
        qid = d.get("id", f"line-{n}")
        if all(_is_paragraph_id(p) for _, p in pairs):
            out.append(Question(qid, q, pairs, lang, kind=kind))
        else:
            out.append(Question(qid, q, [], lang, phrases=pairs, kind=kind))
    return out


def has_phrase_gold(questions: list[Question]) -> bool:
    return any(q.phrases or q.kind for q in questions)


def resolve_gold(questions: list[Question], store: Store) -> list[str]:
    """Each phrase resolved to the stored paragraphs that hold it (any language of the text).

    Sets `Question.resolved` and `Question.gold` (the union) and returns one line per phrase
    that no paragraph holds: the resolution is not in the store, or the parser cut or lost
    the paragraph. Such a question cannot be answered right; it stays in the counts.
    """
    wanted = {s for q in questions for s, _ in q.phrases}
    held = set(store.symbols())
    texts: dict[str, list[tuple[Key, list[str]]]] = {}
    for r in store.resolutions():
        if r.symbol in wanted:
            texts[r.symbol] = [
                ((r.symbol, str(p.pid)), [letters_digits(t) for t in p.text.values()])
                for p in r.paragraphs
            ]
    problems = []
    for q in questions:
        if not q.phrases:
            continue
        q.resolved = []
        for symbol, phrase in q.phrases:
            needle = letters_digits(phrase)
            keys = frozenset(k for k, ts in texts.get(symbol, []) if any(needle in t for t in ts))
            q.resolved.append(keys)
            if not keys:
                why = "no paragraph holds it" if symbol in held else "not in the store"
                problems.append(f"{q.id}: {symbol} ({why}): {phrase!r}")
        q.gold = sorted({k for keys in q.resolved for k in keys})
    return problems
