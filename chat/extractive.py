"""The extractive answerer: name the paragraphs and quote them, in the question's language.

No model writes anything here: every word of a quote is the resolution's own.
"""

from __future__ import annotations

from chat.answer import Answer, Citation
from corpus.labels import label
from corpus.model import Resolution

RELATED_MAX = 2  # paragraphs named after the main one


def quote_answer(citations: list[Citation], lang: str) -> Answer:
    """The first citation quoted in full, the next few named as related."""
    first, rest = citations[0], citations[1 : 1 + RELATED_MAX]
    head = label(first.symbol, first.pid, lang)
    if lang == "zh":
        text = f"{head}：“{first.quote}”"
        if rest:
            text += " 相关段落：" + "；".join(label(c.symbol, c.pid, lang) for c in rest) + "。"
    else:
        text = f"{head}: “{first.quote}”"
        if rest:
            text += " Related: " + "; ".join(label(c.symbol, c.pid, lang) for c in rest) + "."
    return Answer(text, True, (first, *rest), lang)


def lookup_answer(citations: list[Citation], lang: str) -> Answer:
    """An explicitly requested paragraph (or one per resolution named), quoted in full."""
    sep = "\n\n"
    if lang == "zh":
        text = sep.join(f"{label(c.symbol, c.pid, lang)}：“{c.quote}”" for c in citations)
    else:
        text = sep.join(f"{label(c.symbol, c.pid, lang)}: “{c.quote}”" for c in citations)
    return Answer(text, True, tuple(citations), lang)


def comparison_answer(pairs: list[tuple[Resolution, Citation]], lang: str) -> Answer:
    """The matching paragraph of each resolution, in the order of the series."""
    pairs = sorted(pairs, key=lambda rc: rc[0].session)
    parts = []
    for res, c in pairs:
        when = res.adopted[:4] if res.adopted else str(res.session)
        if lang == "zh":
            parts.append(f"{when}年，{label(c.symbol, c.pid, lang)}：“{c.quote}”")
        else:
            parts.append(f"In {when}, {label(c.symbol, c.pid, lang)}: “{c.quote}”")
    intro = "对比各项决议的相应段落：" if lang == "zh" else "The matching paragraphs, side by side:"
    return Answer(intro + "\n\n" + "\n\n".join(parts), True, tuple(c for _, c in pairs), lang)


def refusal(reason_en: str, reason_zh: str, lang: str) -> Answer:
    return Answer(reason_zh if lang == "zh" else reason_en, False, (), lang)


NOT_ANSWERED = (
    "The corpus does not answer this: no paragraph of the resolutions held speaks to it closely "
    "enough to cite.",
    "语料库无法回答这个问题：所收录的决议中没有足以引用的相关段落。",
)
