"""The extractive answerer: name the paragraphs and quote them, in the question's language.

No model writes anything here: every word of a quote is the resolution's own.
"""

from __future__ import annotations

import re

from chat.answer import Answer, Citation
from chat.metadata import date_en, date_zh
from corpus.labels import label, label_en, label_zh
from corpus.model import Resolution

RELATED_MAX = 2  # paragraphs named after the main one


def quote_answer(citations: list[Citation], lang: str) -> Answer:
    """The first citation quoted in full, the next few named as related."""
    first, rest = citations[0], citations[1 : 1 + RELATED_MAX]
    head = label(first.symbol, first.pid, lang, first.unnumbered)
    if lang == "zh":
        text = f"{head}：“{first.quote}”"
        if rest:
            text += (
                " 相关段落："
                + "；".join(label(c.symbol, c.pid, lang, c.unnumbered) for c in rest)
                + "。"
            )
    else:
        text = f"{head}: “{first.quote}”"
        if rest:
            text += (
                " Related: "
                + "; ".join(label(c.symbol, c.pid, lang, c.unnumbered) for c in rest)
                + "."
            )
    return Answer(text, True, (first, *rest), lang)


def lookup_answer(citations: list[Citation], lang: str) -> Answer:
    """An explicitly requested paragraph (or one per resolution named), quoted in full."""
    sep = "\n\n"
    if lang == "zh":
        text = sep.join(
            f"{label(c.symbol, c.pid, lang, c.unnumbered)}：“{c.quote}”" for c in citations
        )
    else:
        text = sep.join(
            f"{label(c.symbol, c.pid, lang, c.unnumbered)}: “{c.quote}”" for c in citations
        )
    return Answer(text, True, tuple(citations), lang)


def comparison_answer(pairs: list[tuple[Resolution, Citation]], lang: str) -> Answer:
    """The matching paragraph of each resolution, in the order of the series."""
    pairs = sorted(pairs, key=lambda rc: rc[0].session)
    parts = []
    for res, c in pairs:
        when = res.adopted[:4] if res.adopted else str(res.session)
        if lang == "zh":
            parts.append(f"{when}年，{label(c.symbol, c.pid, lang, c.unnumbered)}：“{c.quote}”")
        else:
            parts.append(f"In {when}, {label(c.symbol, c.pid, lang, c.unnumbered)}: “{c.quote}”")
    intro = "对比各项决议的相应段落：" if lang == "zh" else "The matching paragraphs, side by side:"
    return Answer(intro + "\n\n" + "\n\n".join(parts), True, tuple(c for _, c in pairs), lang)


_CJK = re.compile(r"[\u3400-\u9fff]")
OPENING_WORDS = 12  # an opening clause longer than this is cut with "…"
LIST_QUOTE_WORDS = 30  # in a list across resolutions, each quote's first words


def opening(text: str, words: int = OPENING_WORDS) -> str:
    """A paragraph's opening clause: up to its first comma, semicolon or colon after two
    words, at most `words` words (a Chinese text: its first clause, at most 40 characters)."""
    if len(_CJK.findall(text)) * 2 > len(text):  # Chinese: clauses end with "，；：。"
        for i, ch in enumerate(text):
            if ch in "，；：。" and i >= 4:
                return text[:i] + "…"
        return text if len(text) <= 40 else text[:40] + "…"
    tokens = text.split()
    for i, tok in enumerate(tokens[:words]):
        if i >= 1 and tok.endswith((",", ";", ":")):
            return " ".join(tokens[: i + 1]).rstrip(",;:") + " …"
    return text if len(tokens) <= words else " ".join(tokens[:words]) + " …"


def summary_answer(res: Resolution, citations: list[Citation], lang: str) -> Answer:
    """Title, date and meeting, then each operative paragraph's opening clause, cited."""
    title = res.title.get(lang) or res.title.get("en") or next(iter(res.title.values()), "")
    short = res.symbol.removeprefix("A/RES/")
    lines = []
    if lang == "zh":
        when = f"，于{date_zh(res.adopted)}通过" if res.adopted else ""
        lines.append(f"第{short}号决议“{title}”{when}。执行部分：")
    else:
        when = f", adopted on {date_en(res.adopted)}" if res.adopted else ""
        meeting = f" ({res.meeting})" if res.meeting else ""
        lines.append(f"{res.symbol}, “{title}”{when}{meeting}. Its operative paragraphs:")
    for c in citations:
        own = label_zh(c.pid, c.unnumbered) if lang == "zh" else label_en(c.pid, c.unnumbered)
        lines.append(f"- {own}{'：' if lang == 'zh' else ': '}{opening(c.quote)}")
    return Answer("\n".join(lines), True, tuple(citations), lang)


def list_answer(found: list[tuple[Resolution, Citation]], lang: str) -> Answer:
    """The resolutions that speak to a topic, oldest first, each with its closest paragraph."""
    found = sorted(found, key=lambda rc: (rc[0].adopted or "", rc[0].symbol))
    if lang == "zh":
        lines = [f"所收录的决议中有{len(found)}项涉及这一问题："]
    else:
        noun = "resolution speaks" if len(found) == 1 else "resolutions speak"
        lines = [f"{len(found)} {noun} to this among those held:"]
    for res, c in found:
        year = res.adopted[:4] if res.adopted else str(res.session)
        quote = opening(c.quote, LIST_QUOTE_WORDS)
        sep = "：" if lang == "zh" else ": "
        lines.append(f"- {label(c.symbol, c.pid, lang, c.unnumbered)} ({year}){sep}“{quote}”")
    return Answer("\n".join(lines), True, tuple(c for _, c in found), lang)


def held_in(resolutions: list[Resolution], year_text: str, lang: str) -> Answer:
    """The resolutions held of the years asked, a fact of the corpus (nothing to cite)."""
    answer = candidates_answer(resolutions, year_text, lang)
    text = answer.text.rsplit("请问", 1)[0] if lang == "zh" else answer.text.rsplit(" Which", 1)[0]
    return Answer(text, True, (), lang)


def candidates_answer(resolutions: list[Resolution], year_text: str, lang: str) -> Answer:
    """Several resolutions of the year asked: which one? (no guess, nothing cited)."""
    listed = [
        (r.symbol, r.title.get(lang) or r.title.get("en") or next(iter(r.title.values()), ""))
        for r in resolutions
    ]
    if lang == "zh":
        names = "；".join(f"第{s.removeprefix('A/RES/')}号决议“{t}”" for s, t in listed)
        text = f"所收录的{year_text}年决议有{len(listed)}项：{names}。请问指的是哪一项？"
    else:
        names = "; ".join(f"{s}, “{t}”" for s, t in listed)
        text = f"{len(listed)} resolutions held were adopted in {year_text}: {names}. Which one?"
    return Answer(text, False, (), lang)


CHANGES_MAX = 8  # paragraphs named in a "what changed" answer; the rest are counted


def changes_answer(
    new: Resolution,
    old: Resolution,
    counts: dict[str, int],
    items: list[tuple[str, Citation, Citation | None]],
    lang: str,
) -> Answer:
    """'What changed in 72/50': the counts, then each changed, added or removed paragraph,
    cited (the new text; a removed one, the old), with the paragraph it was."""
    names = {
        "changed": ("changed", "修改"),
        "added": ("new", "新增"),
        "removed": ("dropped", "删除"),
    }
    if lang == "zh":
        head = (
            f"第{new.symbol.removeprefix('A/RES/')}号决议与其前一项决议第"
            f"{old.symbol.removeprefix('A/RES/')}号决议相比：修改{counts['changed']}段，"
            f"新增{counts['added']}段，删除{counts['removed']}段，"
            f"其余{counts['same']}段未变。"
        )
    else:
        head = (
            f"{new.symbol} against {old.symbol}, the resolution it renews: "
            f"{counts['changed']} paragraphs changed, {counts['added']} new, "
            f"{counts['removed']} dropped, {counts['same']} the same."
        )
    lines = [head]
    for kind, c, was in items[:CHANGES_MAX]:
        what = names[kind][1 if lang == "zh" else 0]
        before = ""
        if was is not None and kind == "changed":
            was_label = label(was.symbol, was.pid, lang, was.unnumbered)
            before = f"（原为{was_label}）" if lang == "zh" else f" (was {was_label})"
        sep = "：" if lang == "zh" else ": "
        lines.append(
            f"- {what}{sep}{label(c.symbol, c.pid, lang, c.unnumbered)}{before}{sep}“{c.quote}”"
        )
    if len(items) > CHANGES_MAX:
        more = len(items) - CHANGES_MAX
        lines.append(f"（另有{more}段变化。）" if lang == "zh" else f"({more} more not listed.)")
    cited = tuple(c for _, c, _ in items[:CHANGES_MAX])
    return Answer("\n".join(lines), True, cited, lang)


def refusal(reason_en: str, reason_zh: str, lang: str) -> Answer:
    return Answer(reason_zh if lang == "zh" else reason_en, False, (), lang)


NOT_ANSWERED = (
    "The corpus does not answer this: no paragraph of the resolutions held speaks to it closely "
    "enough to cite.",
    "语料库无法回答这个问题：所收录的决议中没有足以引用的相关段落。",
)
