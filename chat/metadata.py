"""Answers about a resolution's facts, read from its structure: dates, meetings, counts, titles."""

from __future__ import annotations

from chat.answer import Answer
from corpus.model import Entry
from understanding import Metadata

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_en(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)} {_MONTHS[int(m) - 1]} {y}"


def date_zh(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def _meeting_zh(meeting: str) -> str:
    n = "".join(ch for ch in meeting.split()[0] if ch.isdigit())
    return f"第{n}次全体会议"


def joined(answers: list[Answer], lang: str) -> Answer:
    """Facts of several parts as one answer, each sentence naming its part."""
    return Answer(("" if lang == "zh" else " ").join(a.text for a in answers), True, (), lang)


def parts_answer(parts: list[Entry], lang: str) -> Answer:
    """The parts of a document adopted in parts, each with its title ("A/RES/74/92 A, …")."""
    first = parts[0]
    doc = first.document if first.part else first.symbol
    if not first.part:  # adopted whole
        text = (
            f"第{doc.removeprefix('A/RES/')}号决议不是分部分通过的。"
            if lang == "zh"
            else f"{doc} was adopted whole, not in parts."
        )
        return Answer(text, True, (), lang)
    titles = [(r.symbol, in_language(r.title, lang)) for r in parts]
    whole = in_language(first.document_title, lang)
    if lang == "zh":
        listed = "；".join(f"第{s.removeprefix('A/RES/')}号决议：“{t}”" for s, t in titles)
        text = (
            f"第{doc.removeprefix('A/RES/')}号决议（“{whole}”）分为{len(parts)}个部分：{listed}。"
        )
    else:
        listed = "; ".join(f"{s}, “{t}”" for s, t in titles)
        text = f"{doc}, “{whole}”, was adopted in {len(parts)} parts: {listed}."
    return Answer(text, True, (), lang)


def in_language(text: dict[str, str], lang: str) -> str:
    """The text in `lang`, else in English, else in whichever language is held."""
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


def metadata_answer(res: Entry, kind: Metadata, lang: str) -> Answer | None:
    """None when the resolution's text does not record the fact asked for."""
    sym = res.symbol
    short = sym.removeprefix("A/RES/")
    counts = res.counts
    zh = lang == "zh"
    if kind is Metadata.ADOPTED and res.adopted:
        text = (
            f"第{short}号决议于{date_zh(res.adopted)}通过"
            + (f"（{_meeting_zh(res.meeting)}）。" if res.meeting else "。")
            if zh
            else f"{sym} was adopted on {date_en(res.adopted)}"
            + (f", at the {res.meeting}." if res.meeting else ".")
        )
    elif kind is Metadata.MEETING and res.meeting:
        on_en = f" on {date_en(res.adopted)}" if res.adopted else ""
        on_zh = f"于{date_zh(res.adopted)}" if res.adopted else ""
        text = (
            f"第{short}号决议{on_zh}在{_meeting_zh(res.meeting)}上通过。"
            if zh
            else f"{sym} was adopted at the {res.meeting}{on_en}."
        )
    elif kind is Metadata.COUNT_OPERATIVE:
        text = (
            f"第{short}号决议执行部分共有{counts['operative']}段。"
            if zh
            else f"{sym} has {counts['operative']} operative paragraphs."
        )
    elif kind is Metadata.COUNT_PREAMBULAR:
        text = (
            f"第{short}号决议序言部分共有{counts['preambular']}段。"
            if zh
            else f"{sym} has {counts['preambular']} preambular paragraphs."
        )
    elif kind is Metadata.COUNT_ALL:
        text = (
            f"第{short}号决议有序言部分{counts['preambular']}段、执行部分{counts['operative']}段。"
            if zh
            else f"{sym} has {counts['preambular']} preambular and {counts['operative']} "
            f"operative paragraphs."
        )
    elif kind is Metadata.TITLE:
        title = in_language(res.title, lang)
        text = f"第{short}号决议的标题是“{title}”。" if zh else f"{sym} is entitled “{title}”."
    elif kind is Metadata.AGENDA and res.agenda_item:
        text = (
            f"第{short}号决议属于议程项目{res.agenda_item}。"
            if zh
            else f"{sym} was adopted under agenda item {res.agenda_item}."
        )
    else:
        return None
    if counts["subparagraphs"] and kind in (Metadata.COUNT_OPERATIVE, Metadata.COUNT_ALL):
        text += (
            f"（另有{counts['subparagraphs']}个分段。）"
            if zh
            else f" (plus {counts['subparagraphs']} sub-paragraphs)"
        )
    return Answer(text, True, (), lang)
