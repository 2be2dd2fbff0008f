"""Redlines: the standard library's difflib (what series/redline.py uses) against Google's
diff-match-patch, on every changed paragraph of consecutive members of the bundled series,
74/158 -> 76/176, and 62/37 -> 66/45 in Chinese.

    python -m bench.redline          # diff-match-patch importable: pip install diff-match-patch

Speed: microseconds a paragraph. Quality, what a reader sees: changed runs a paragraph
(fewer reads better), and for English the share of runs that start or end inside a word
("nuclear-weapon" → "nuclear-weap[on]" is unreadable). Each diff must join back into both
texts, or it is counted as a failure. diff-match-patch is run as its authors advise for
prose: characters with semantic clean-up, and words (each word mapped to one character,
the `linesToChars` device) with the same clean-up.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.alignment import load
from corpus.ids import ParagraphId
from corpus.model import Resolution
from series.alignment import align
from series.model import Op, Piece
from series.redline import new_text, old_text, redline
from series.text import diff_tokens

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    ("A/RES/58/59", "A/RES/59/76"), ("A/RES/59/76", "A/RES/60/65"),
    ("A/RES/60/65", "A/RES/61/74"), ("A/RES/61/74", "A/RES/62/37"),
    ("A/RES/62/37", "A/RES/63/73"), ("A/RES/63/73", "A/RES/65/72"),
    ("A/RES/65/72", "A/RES/66/45"), ("A/RES/66/45", "A/RES/67/59"),
    ("A/RES/67/59", "A/RES/68/51"), ("A/RES/68/51", "A/RES/69/52"),
    ("A/RES/69/52", "A/RES/71/49"), ("A/RES/71/49", "A/RES/72/50"),
    ("A/RES/74/158", "A/RES/76/176"), ("A/RES/62/37", "A/RES/66/45"),
]  # fmt: skip

Differ = Callable[[str, str], tuple[Piece, ...]]


def changed_texts() -> dict[str, list[tuple[str, str]]]:
    """(old, new) texts of every reworded paragraph, by language."""
    out: dict[str, list[tuple[str, str]]] = {"en": [], "zh": []}
    for a, b in PAIRS:
        old, new = load(a), load(b)
        for m in align(old, new).matches:
            if m.old and m.new and m.reworded:
                p = _para(old, m.old)
                q = _para(new, m.new)
                for lang in out:
                    if lang in p.text and lang in q.text and p.text[lang] != q.text[lang]:
                        out[lang].append((p.text[lang], q.text[lang]))
    return out


def _para(r: Resolution, pid: str):  # type: ignore[no-untyped-def]
    p = r.paragraph(ParagraphId.parse(pid))
    assert p is not None
    return p


def dmp_differs() -> dict[str, Differ]:
    try:
        from diff_match_patch import diff_match_patch
    except ImportError:
        return {}
    ops = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}

    def chars(old: str, new: str) -> tuple[Piece, ...]:
        d = diff_match_patch()
        diffs = d.diff_main(old, new)
        d.diff_cleanupSemantic(diffs)
        return tuple(Piece(ops[o], t) for o, t in diffs)

    def words(old: str, new: str) -> tuple[Piece, ...]:
        d = diff_match_patch()
        vocab: dict[str, str] = {}
        back: list[str] = []

        def encode(text: str) -> str:
            out = []
            for tok in diff_tokens(text):
                if tok not in vocab:
                    vocab[tok] = (
                        chr(0xE000 + len(back)) if len(back) < 6400 else chr(0xF0000 + len(back))
                    )
                    back.append(tok)
                out.append(vocab[tok])
            return "".join(out)

        a, b = encode(old), encode(new)
        decode = {v: k for k, v in vocab.items()}
        diffs = d.diff_main(a, b, False)
        d.diff_cleanupSemantic(diffs)
        return tuple(Piece(ops[o], "".join(decode[c] for c in t)) for o, t in diffs)

    return {"diff-match-patch (characters, semantic clean-up)": chars,
            "diff-match-patch (words, semantic clean-up)": words}  # fmt: skip


def inside_word(pieces: tuple[Piece, ...], old: str, new: str) -> tuple[int, int]:
    """(changed runs, those with an edge inside a word of their own text)."""
    runs = cut = 0
    at = {Op.DELETE: 0, Op.INSERT: 0}
    for p in pieces:
        if p.op is Op.EQUAL:
            at[Op.DELETE] += len(p.text)
            at[Op.INSERT] += len(p.text)
            continue
        text = old if p.op is Op.DELETE else new
        s, e = at[p.op], at[p.op] + len(p.text)
        runs += 1
        if (s > 0 and text[s - 1].isalnum() and text[s].isalnum()) or (
            e < len(text) and text[e - 1].isalnum() and text[e].isalnum()
        ):
            cut += 1
        at[p.op] = e
    return runs, cut


def measure(differ: Differ, pairs: list[tuple[str, str]], lang: str) -> dict[str, float]:
    times, runs, cuts, failures = [], 0, 0, 0
    for old, new in pairs:
        t = time.perf_counter()
        pieces = differ(old, new)
        times.append(time.perf_counter() - t)
        if old_text(pieces) != old or new_text(pieces) != new:
            failures += 1
        r, c = inside_word(pieces, old, new)
        runs += r
        cuts += c if lang == "en" else 0
    return {
        "us_median": statistics.median(times) * 1e6,
        "us_total": sum(times) * 1e6,
        "runs_per_paragraph": runs / len(pairs),
        "cut_inside_word": cuts / runs if runs else 0.0,
        "failures": failures,
    }


def main() -> None:
    texts = changed_texts()
    differs: dict[str, Differ] = {"difflib over words (series/redline.py)": redline}
    differs.update(dmp_differs())
    if len(differs) == 1:
        print("diff-match-patch is not installed: only difflib measured")
    redline("warm", "up")  # jieba's dictionary loads once, not in the first timing
    print("| differ | lang | paragraphs | median µs | changed runs a paragraph | runs cut "
          "inside a word | failures |\n|---|---|---|---|---|---|---|")  # fmt: skip
    for name, differ in differs.items():
        for lang, pairs in texts.items():
            r = measure(differ, pairs, lang)
            cut = f"{r['cut_inside_word']:.1%}" if lang == "en" else "n/a"
            print(
                f"| {name} | {lang} | {len(pairs)} | {r['us_median']:.0f} | "
                f"{r['runs_per_paragraph']:.1f} | {cut} | {r['failures']} |"
            )


if __name__ == "__main__":
    main()
