"""The extractive answerer: name the paragraphs and quote them, in the question's language.

No model writes anything here: every word of a quote is the resolution's own.
"""

from __future__ import annotations

import re

from chat.answer import Answer, Change, Citation
from chat.metadata import date_en, date_zh, in_language
from corpus.labels import label, label_en, label_zh
from corpus.model import Entry
from series.model import Op, Piece
from series.redline import redline

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


def comparison_answer(pairs: list[tuple[Entry, Citation]], lang: str) -> Answer:
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
    # a redline needs both texts in one language
    changes = tuple(
        change_of(c1, c2, _year(r1), _year(r2), lang)
        for (r1, c1), (r2, c2) in zip(pairs, pairs[1:], strict=False)
        if c1.lang == c2.lang
    )
    (first, a), (last, b) = pairs[0], pairs[-1]
    if a.lang == b.lang:  # the whole span; for two years, the one change already said
        whole = changes[0] if len(pairs) == 2 else change_of(a, b, _year(first), _year(last), lang)
        parts.append(whole.said)
    return Answer(
        intro + "\n\n" + "\n\n".join(parts),
        True,
        tuple(c for _, c in pairs),
        lang,
        changes,
        "段落的变化：" if lang == "zh" else "How the paragraph changed:",
    )


def change_of(before: Citation, after: Citation, since: str, until: str, lang: str) -> Change:
    """Two cited paragraphs as a change: their redline, computed once, and it said."""
    pieces = redline(before.quote, after.quote)
    return Change(before, after, said_of(pieces, since, until, lang), pieces)


def difference(old: str, new: str, since: str, until: str, lang: str) -> str:
    """Two quoted paragraphs' redline said in words (see `said_of`)."""
    return said_of(redline(old, new), since, until, lang)


def said_of(pieces: tuple[Piece, ...], since: str, until: str, lang: str) -> str:
    """A redline said in words: the first word replaced (a paragraph's opening verb carries
    its force: "Encourages" → "Urges"), words added and removed. Counted from the redline,
    so nothing here is a claim the quotes do not show."""
    added = sum(_words(p.text) for p in pieces if p.op is Op.INSERT)
    removed = sum(_words(p.text) for p in pieces if p.op is Op.DELETE)
    if not added and not removed:
        return (
            f"{since}年至{until}年措辞未变。"
            if lang == "zh"
            else f"From {since} to {until}: the same words."
        )
    said = []
    if len(pieces) > 1 and pieces[0].op is Op.DELETE and pieces[1].op is Op.INSERT:
        was, now = pieces[0].text.split()[0], pieces[1].text.split()[0]
        said.append(f"“{was}”改为“{now}”" if lang == "zh" else f"‘{was}’ became ‘{now}’")
    if lang == "zh":
        said.append(f"新增{added}字词，删除{removed}字词")
        return f"{since}年至{until}年的变化：" + "；".join(said) + "。"
    said.append(f"{added} words added, {removed} removed")
    return f"From {since} to {until}: " + "; ".join(said) + "."


def _words(text: str) -> int:
    """Words of a redline piece: Chinese characters one by one, other words by spaces;
    punctuation is no word."""
    cjk = len(_CJK.findall(text))
    return cjk + sum(any(ch.isalnum() for ch in w) for w in _CJK.sub(" ", text).split())


def _year(res: Entry) -> str:
    return res.adopted[:4] if res.adopted else str(res.session)


def first_answer(found: list[tuple[Entry, Citation | None]], lang: str) -> Answer:
    """'When did the Assembly first …': the earliest member of the series held that has it,
    cited, and the earlier members that do not; when the series held starts with it, the
    claim of a first is refused, as an earlier resolution not held may have it too."""
    have = [(r, c) for r, c in found if c is not None]
    res, c = have[0]
    head = label(c.symbol, c.pid, lang, c.unnumbered)
    earlier = [r for r, _ in found[: found.index((res, c))]]
    if lang == "zh":
        quote = f"{head}：“{c.quote}”"
        if not earlier:
            text = (
                f"所收录的该系列最早的决议，{_zh(res)}（{_year(res)}年），已有这一内容：{quote}"
                "所收录的系列自此开始，因此无法排除更早的决议已经提及。"
            )
        else:
            text = (
                f"首次出现在{_zh(res)}（{_year(res)}年）：{quote}所收录的该系列更早的决议"
                f"（自{_year(earlier[0])}年{_zh(earlier[0])}起）中没有这一内容。"
            )
    else:
        quote = f"{head}: “{c.quote}”"
        if not earlier:
            text = (
                f"The earliest resolution held of this series, {res.symbol} ({_year(res)}), "
                f"already has it: {quote} The series held starts there, so an earlier mention "
                "cannot be ruled out."
            )
        else:
            text = (
                f"First in {res.symbol} ({_year(res)}): {quote} The earlier members of the "
                f"series held, from {earlier[0].symbol} ({_year(earlier[0])}), do not have it."
            )
    return Answer(text, True, (c,), lang)


def always_answer(found: list[tuple[Entry, Citation | None]], lang: str) -> Answer:
    """'Has the paragraph on Z always been there?': yes or no over every member held, with
    the first member that has it and the members without; the first and last cited."""
    have = [(r, c) for r, c in found if c is not None]
    without = [r for r, c in found if c is None]
    (first, a), b = have[0], have[-1][1]
    cited = (a,) if a is b else (a, b)
    quotes = [
        f"{label(c.symbol, c.pid, lang, c.unnumbered)}{'：' if lang == 'zh' else ': '}“{c.quote}”"
        for c in cited
    ]
    oldest, newest = found[0][0], found[-1][0]
    span_en = f"from {oldest.symbol} ({_year(oldest)}) to {newest.symbol} ({_year(newest)})"
    span_zh = f"自{_year(oldest)}年{_zh(oldest)}至{_year(newest)}年{_zh(newest)}"
    if lang == "zh":
        if not without:
            head = f"是的：所收录的该系列{len(found)}项决议（{span_zh}）都有这一段落。"
        else:
            names = "、".join(f"{_zh(r)}（{_year(r)}年）" for r in without)
            head = (
                f"不是：该段落首次出现在{_zh(first)}（{_year(first)}年）；"
                f"所收录的该系列决议（{span_zh}）中，{names}没有这一段落。"
            )
        return Answer(head + "\n\n" + "\n\n".join(quotes), True, cited, lang)
    if not without:
        head = f"Yes: all {len(found)} resolutions of the series held, {span_en}, have it."
    else:
        names = ", ".join(f"{r.symbol} ({_year(r)})" for r in without)
        head = (
            f"No: it is first in {first.symbol} ({_year(first)}); of the series held, "
            f"{span_en}, these do not have it: {names}."
        )
    return Answer(head + "\n\n" + "\n\n".join(quotes), True, cited, lang)


def no_series(res: Entry, lang: str) -> Answer:
    """The topic's resolution is the only one of its series held: no history to follow."""
    return refusal(
        f"Only {res.symbol} ({_year(res)}) of its series is held, so when this first appeared "
        "or whether it was always there cannot be said.",
        f"所收录的该系列决议只有{_zh(res)}（{_year(res)}年），无法说明这一内容何时首次出现或是否一直都有。",
        lang,
    )


def _zh(res: Entry) -> str:
    return f"第{res.symbol.removeprefix('A/RES/')}号决议"


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


def summary_answer(res: Entry, citations: list[Citation], lang: str) -> Answer:
    """Title, date and meeting, then each operative paragraph's opening clause, cited."""
    title = in_language(res.title, lang)
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


def list_answer(found: list[tuple[Entry, Citation]], lang: str) -> Answer:
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


def held_in(resolutions: list[Entry], year_text: str, lang: str) -> Answer:
    """The resolutions held of the years asked, a fact of the corpus (nothing to cite)."""
    answer = candidates_answer(resolutions, year_text, lang)
    text = answer.text.rsplit("请问", 1)[0] if lang == "zh" else answer.text.rsplit(" Which", 1)[0]
    return Answer(text, True, (), lang)


def candidates_answer(resolutions: list[Entry], year_text: str, lang: str) -> Answer:
    """Several resolutions of the year asked: which one? (no guess, nothing cited)."""
    listed = [(r.symbol, in_language(r.title, lang)) for r in resolutions]
    if lang == "zh":
        names = "；".join(f"第{s.removeprefix('A/RES/')}号决议“{t}”" for s, t in listed)
        text = f"所收录的{year_text}年决议有{len(listed)}项：{names}。请问指的是哪一项？"
    else:
        names = "; ".join(f"{s}, “{t}”" for s, t in listed)
        text = f"{len(listed)} resolutions held were adopted in {year_text}: {names}. Which one?"
    return Answer(text, False, (), lang)


CHANGES_MAX = 8  # paragraphs named in a "what changed" answer; the rest are counted


def changes_answer(
    new: Entry,
    old: Entry,
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
    shown = items[:CHANGES_MAX]
    changes = []
    for kind, c, was in shown:
        if kind == "added":
            changes.append(Change(None, c, what_of(kind, lang), (Piece(Op.INSERT, c.quote),)))
        elif kind == "removed":
            changes.append(Change(c, None, what_of(kind, lang), (Piece(Op.DELETE, c.quote),)))
        elif was is not None and was.lang == c.lang:
            changes.append(change_of(was, c, _year(old), _year(new), lang))
    # The paragraphs as they became (or were dropped) first; then what the changed ones were.
    cited = tuple(c for _, c, _ in shown) + tuple(was for _, _, was in shown if was is not None)
    brief = lines[0] if len(items) <= CHANGES_MAX else lines[0] + "\n" + lines[-1]
    return Answer("\n".join(lines), True, cited, lang, tuple(changes), brief)


def what_of(kind: str, lang: str) -> str:
    """A change's kind, said: 'new', 'dropped'."""
    names = {"added": ("New paragraph.", "新增段落。"), "removed": ("Dropped.", "已删除。")}
    return names[kind][1 if lang == "zh" else 0]


def refusal(reason_en: str, reason_zh: str, lang: str) -> Answer:
    return Answer(reason_zh if lang == "zh" else reason_en, False, (), lang)


NOT_ANSWERED = (
    "The corpus does not answer this: no paragraph of the resolutions held speaks to it closely "
    "enough to cite.",
    "语料库无法回答这个问题：所收录的决议中没有足以引用的相关段落。",
)
