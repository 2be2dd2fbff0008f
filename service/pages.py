"""Reader pages: the resolutions as people read them, server-rendered (Jinja, no build step).

    /r/<symbol>          a resolution, every paragraph anchored by its id (#OP8, #B.OP1,
                         #OP3(g)(iv)), English and Chinese side by side where both are held
                         (?lang=en|zh for one), the cited paragraph highlighted (#OP8 or
                         ?p=OP8); the bare symbol of a document adopted in parts lists its parts
    /corpus              every resolution held, by session and committee, and a search box
                         (the search of POST /v1/search, as a GET form)
    /r/<symbol>/changes  the redline against the predecessor in its series, or against any
                         member chosen (?from=<symbol>): every paragraph same / changed (its
                         words inserted and deleted, as <ins> and <del>) / added / removed

Citations point here through `representation.page_url`. Nothing from the corpus or a user
is inserted as HTML: Jinja autoescapes every value, and the script only sets text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from corpus.errors import InvalidInput, NotFound, ResoluteError
from corpus.ids import Kind, ParagraphId, Symbol
from corpus.labels import label, label_en, label_zh
from corpus.model import Entry, Paragraph, Resolution
from corpus.store import Store
from retriever.search import Filters, Query
from series.book import SeriesBook
from series.model import Change, Changes, ParagraphChange
from service.representation import page_path
from service.serving import searcher
from understanding import understand

pages = Blueprint("pages", __name__, template_folder="templates")

# The endpoint of the changes page (a redline against the predecessor in the series):
# resolution pages link to it when Flask knows it.
CHANGES_ENDPOINT = "pages.changes"

SEARCH_RESULTS = 10
NAMES = {"en": "English", "zh": "中文"}

# The words of the pages, in the page's language (both languages shown: English words).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "corpus": "All resolutions",
        "adopted": "Adopted",
        "meeting": "Meeting",
        "agenda_item": "Agenda item",
        "committee_report": "Committee report",
        "languages": "Languages",
        "document": "Part of",
        "parts": "Parts",
        "footnotes": "Footnotes",
        "copy": "Copy citation",
        "copied": "Citation copied",
        "copy_failed": "Select the text below and copy it",
        "show": "Show",
        "both": "English and 中文",
        "text": "Text of the resolution",
        "changes": "Changes from the previous resolution",
        "series": "Series",
        "previous": "Previous",
        "next": "Next",
        "all_series": "All series",
        "link": "Link to this paragraph",
        "skip": "Skip to the text",
        "changes_h": "Changes",
        "against": "from",
        "compare_with": "Compare with",
        "compare": "Compare",
        "predecessor": "the previous resolution",
        "summary": "{changed} changed, {added} added, {removed} removed, {same} same",
        "unchanged": "{n} unchanged paragraphs",
        "unchanged_1": "1 unchanged paragraph",
        "same": "same",
        "changed": "changed",
        "added": "added",
        "removed": "removed",
        "inserted": "inserted",
        "deleted": "deleted",
        "end": "end",
        "in": "in",
        "paragraphs": "Paragraphs compared",
    },
    "zh": {
        "corpus": "全部决议",
        "adopted": "通过日期",
        "meeting": "会议",
        "agenda_item": "议程项目",
        "committee_report": "委员会报告",
        "languages": "语文",
        "document": "所属文件",
        "parts": "各部分",
        "footnotes": "脚注",
        "copy": "复制引文",
        "copied": "引文已复制",
        "copy_failed": "请选中下面的文字复制",
        "show": "显示",
        "both": "English 和中文",
        "text": "决议案文",
        "changes": "与上一决议相比的修改",
        "series": "系列",
        "previous": "上一项",
        "next": "下一项",
        "all_series": "所有系列",
        "link": "本段链接",
        "skip": "跳到正文",
        "changes_h": "修改",
        "against": "对照",
        "compare_with": "对照决议",
        "compare": "比较",
        "predecessor": "上一决议",
        "summary": "修改 {changed} 段，新增 {added} 段，删除 {removed} 段，未变 {same} 段",
        "unchanged": "{n} 段未变",
        "unchanged_1": "1 段未变",
        "same": "未变",
        "changed": "修改",
        "added": "新增",
        "removed": "删除",
        "inserted": "插入",
        "deleted": "删除",
        "end": "结束",
        "in": "见",
        "paragraphs": "逐段比较",
    },
}


def store() -> Store:
    return current_app.extensions["resolute.store"]


def book() -> SeriesBook:
    return current_app.extensions["resolute.series"]


@pages.errorhandler(ResoluteError)
def not_readable(exc: ResoluteError) -> ResponseReturnValue:
    """An HTML page, not the API's JSON: 404 for a resolution not held, 400 for what is
    not a symbol."""
    status = 404 if isinstance(exc, NotFound) else 400
    if not isinstance(exc, InvalidInput | NotFound):
        raise exc  # the app's handlers (503 for an unreadable store, 500) decide
    page = render_template(
        "page_error.html", w=WORDS["en"], lang="en", message=exc.message, status=status
    )
    return page, status


# -- the resolution page


@dataclass
class Heading:
    level: int  # 2 for an annex or a section of the body, 3 for a section of an annex
    text: dict[str, str]  # language -> heading as printed
    id: str


@dataclass
class Row:
    """One paragraph as the page shows it, in each language shown."""

    id: str
    depth: int  # 0 a paragraph, 1 a lettered sub-paragraph, 2 a roman item
    kind: str
    number: str  # "8.", "(g)", "(iv)"; "" for a preambular paragraph (printed unnumbered)
    short: dict[str, str]  # language -> label within the resolution ("operative paragraph 8")
    text: dict[str, str]
    cite: dict[str, str]  # language -> what "Copy citation" copies
    footnotes: tuple[str, ...]
    headings: list[Heading] = field(default_factory=list)  # headings that open before it


def number_of(pid: ParagraphId) -> str:
    if pid.roman:
        return f"({pid.roman})"
    if pid.letter:
        return f"({pid.letter})"
    return "" if pid.kind is Kind.PREAMBULAR else f"{pid.number}."


def citation_text(symbol: str, pid: ParagraphId, lang: str, text: str) -> str:
    """'A/RES/66/45, operative paragraph 8: “Urges …”' / '第66/45号决议执行部分第8段：“敦促……”'."""
    sep = "：" if lang == "zh" else ": "
    return f"{label(symbol, pid, lang)}{sep}“{text}”"


# A heading as the parser keeps it joins a section's heading and the unmarked heading under
# it ("General activities … — Multilingualism …"; 76/240's "Conditions of service … — Base/
# floor salary scale" for each of A, B, C): the page shows the shared part once, above.
JOIN = " — "


class _Headings:
    """The headings that open before each paragraph: an annex's title, then its section's
    heading split at JOIN, each part shown only when it changes, with unique anchors."""

    def __init__(self, langs: list[str]) -> None:
        self.langs = langs
        self.annex: str | None = None
        self.section: tuple[str, tuple[tuple[str, str], ...]] | None = None
        self.parts: tuple[tuple[str, ...], ...] = ()  # the parts shown, per language
        self.section_id: str | None = None
        self.titled = False  # the annex's title is shown: its sections' headings go under it
        self.anchors: set[str] = set()

    def anchor(self, name: str) -> str:
        base, n = f"h-{name}", 1
        anchor = base
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor

    def before(self, p: Paragraph) -> list[Heading]:
        out: list[Heading] = []
        here = p.annex.id if p.annex else None
        if here != self.annex:
            self.annex, self.section, self.parts, self.section_id = here, None, (), None
            self.titled = False
            if p.annex and (title := shown(p.annex.title, self.langs)):
                out.append(Heading(2, title, self.anchor(p.annex.id)))
                self.titled = True
        sec = (p.section.id, tuple(sorted(p.section.heading.items()))) if p.section else None
        if sec == self.section:
            return out
        self.section = sec
        heading = shown(p.section.heading, self.langs) if p.section else {}
        if p.section is None or not heading:
            self.parts, self.section_id = (), None
            return out
        base = 3 if self.titled else 2
        split = {lang: tuple(t.split(JOIN)) for lang, t in heading.items()}
        depth = max(len(v) for v in split.values())
        old = dict(zip(heading, self.parts, strict=False)) if self.parts else {}
        new_id = p.section.id != self.section_id
        levels: list[Heading] = []
        for i in range(depth):
            texts = {lang: v[i] for lang, v in split.items() if len(v) > i}
            same = all(old.get(lang, ())[: i + 1] == v[: i + 1] for lang, v in split.items())
            if not same and texts:
                name = (f"{self.annex}-" if self.annex else "") + (p.section.id or "s")
                levels.append(Heading(min(base + i, 4), texts, self.anchor(name)))
        if new_id and p.section.id and levels:  # the section's mark on its own heading
            last = levels[-1]
            last.text = {lang: f"{p.section.id}. {t}" for lang, t in last.text.items()}
        self.parts = tuple(split[lang] for lang in heading)
        self.section_id = p.section.id
        return out + levels


def rows(r: Resolution, langs: list[str]) -> list[Row]:
    headings = _Headings(langs)
    out: list[Row] = []
    for p in r.paragraphs:
        row = row_of(r, p, langs)
        row.headings = headings.before(p)
        out.append(row)
    return out


def shown(texts: dict[str, str], langs: list[str]) -> dict[str, str]:
    return {lang: texts[lang] for lang in langs if texts.get(lang)}


def row_of(r: Resolution, p: Paragraph, langs: list[str]) -> Row:
    text = shown(p.text, langs)
    return Row(
        id=str(p.pid),
        depth=2 if p.pid.roman else 1 if p.pid.letter else 0,
        kind=p.kind.value,
        number=number_of(p.pid),
        short={"en": label_en(p.pid), "zh": label_zh(p.pid)},
        text=text,
        cite={lang: citation_text(r.symbol, p.pid, lang, t) for lang, t in text.items()},
        footnotes=p.footnotes,
    )


def committee_of(report: str | None) -> str:
    """'on the report of the First Committee (A/58/462)' -> 'First Committee'."""
    if not report:
        return "Plenary"
    m = re.search(r"report of the (.+?)\s*\(A/", report)
    if m:
        return m.group(1)
    return "Plenary" if "without reference" in report else report


def changes_url(symbol: str) -> str | None:
    """The changes page of a resolution, when it has a predecessor to compare with."""
    if CHANGES_ENDPOINT not in current_app.view_functions:
        return None
    if book().catalog().predecessor(symbol) is None:
        return None
    return url_for(CHANGES_ENDPOINT, symbol=symbol)


@pages.get("/r/<path:symbol>")
def resolution_page(symbol: str) -> ResponseReturnValue:
    canonical = Symbol.parse(symbol)
    if parts := store().parts(canonical):
        return render_template(
            "document.html",
            w=WORDS["en"],
            lang="en",
            symbol=str(canonical),
            parts=parts,
            first=parts[0],
            page_path=page_path,
        )
    r = store().get(canonical)
    if symbol != str(canonical):  # 66/45, a/res/66/45, 74/92B: one address per resolution
        args = request.args.to_dict()
        return redirect(page_path(r.symbol) + ("?" + urlencode(args) if args else ""), 301)
    held = r.languages
    asked = request.args.get("lang", "")
    langs = [asked] if asked in held else held
    ui = langs[0] if len(langs) == 1 else "en"
    cited = request.args.get("p", "")
    return render_template(
        "resolution.html",
        w=WORDS[ui],
        words=WORDS,
        lang=ui,
        langs=langs,
        held=held,
        names=NAMES,
        r=r,
        title=shown(r.title, langs) or r.title,
        document_title=shown(r.document_title, langs),
        committee=committee_of(r.committee_report),
        rows=rows(r, langs),
        cited=cited,
        footnotes=[(f.mark, t) for f in r.footnotes if (t := shown(f.text, langs))],
        page_path=page_path,
        changes=changes_url(r.symbol),
        place=series_place(r.symbol),
    )


def series_place(symbol: str) -> dict[str, Any] | None:
    """The resolution's series (its id and size) with the members before and after it."""
    catalog = book().catalog()
    series = catalog.series_of(symbol)
    if series is None or len(series.members) < 2:
        return None
    return {
        "id": series.id,
        "size": len(series.members),
        "position": series.position(symbol) + 1,
        "previous": catalog.predecessor(symbol),
        "next": catalog.successor(symbol),
    }


# -- the changes page


@dataclass
class ChangeRow:
    """One paragraph of the redline: its ids in both texts, its label, and the pieces of its
    text (op, text) in the language shown."""

    change: str  # same / changed / added / removed
    anchor: str  # its id on this page: the new id, or "was-<old id>" for a removed one
    old: str | None
    new: str | None
    short: str  # the label within the resolution, of the new id (the old one if removed)
    lang: str  # the language of `pieces` (the page's, else the one the paragraph has)
    pieces: list[tuple[str, str]]
    old_page: str | None  # /r/<old symbol>#<old id>
    new_page: str | None


def change_rows(c: ParagraphChange, old: str, new: str, lang: str) -> ChangeRow:
    pid = ParagraphId.parse(c.new or c.old or "")
    shown_lang = lang if lang in c.diff else next(iter(c.diff), lang)
    short = label_zh(pid) if lang == "zh" else label_en(pid)
    return ChangeRow(
        change=c.change.value,
        anchor=c.new if c.new is not None else f"was-{c.old}",
        old=c.old,
        new=c.new,
        short=short,
        lang=shown_lang,
        pieces=[(piece.op.value, piece.text) for piece in c.diff.get(shown_lang, ())],
        old_page=f"{page_path(old)}#{c.old}" if c.old else None,
        new_page=f"{page_path(new)}#{c.new}" if c.new else None,
    )


def runs(rows: list[ChangeRow]) -> list[tuple[bool, list[ChangeRow]]]:
    """The rows in order, consecutive unchanged ones grouped: [(same?, rows)]."""
    out: list[tuple[bool, list[ChangeRow]]] = []
    for row in rows:
        same = row.change == Change.SAME.value
        if out and out[-1][0] and same:
            out[-1][1].append(row)
        else:
            out.append((same, [row]))
    return out


def year_of(r: Resolution) -> str:
    return r.adopted[:4] if r.adopted else ""


@pages.get("/r/<path:symbol>/changes", endpoint="changes")
def changes_page(symbol: str) -> ResponseReturnValue:
    canonical = Symbol.parse(symbol)
    since = request.args.get("from") or None
    asked = request.args.get("lang", "")
    new = store().get(canonical)  # 404 when not held
    if symbol != str(canonical):  # 66/45/changes: one address per page
        args = request.args.to_dict()
        path = url_for(CHANGES_ENDPOINT, symbol=new.symbol)
        return redirect(path + ("?" + urlencode(args) if args else ""), 301)
    catalog = book().catalog()
    series = catalog.series_of(new.symbol)
    members = list(series.members) if series else [new.symbol]
    if since is None:
        if catalog.predecessor(new.symbol) is None:
            later = ", ".join(m for m in members if m != new.symbol) or "none held"
            raise NotFound(
                f"{new.symbol} is the first resolution held in its series: no earlier member "
                f"of its series is held. Compare it with a later one: {later}."
            )
    else:
        since = str(Symbol.parse(since))  # 400 for a malformed symbol
    found: Changes = book().changes(new.symbol, since)  # 400 for one outside the series
    old = store().get(found.old)
    both = [lang for lang in old.languages if lang in new.languages]
    lang = asked if asked in both else "en" if "en" in both else (both or ["en"])[0]
    w = WORDS[lang]
    rows = [change_rows(c, old.symbol, new.symbol, lang) for c in found.paragraphs]
    counts = found.counts()
    return render_template(
        "changes.html",
        w=w,
        lang=lang,
        langs=both,
        names=NAMES,
        old=old,
        new=new,
        old_title=old.title.get(lang) or next(iter(old.title.values()), ""),
        new_title=new.title.get(lang) or next(iter(new.title.values()), ""),
        old_year=year_of(old),
        new_year=year_of(new),
        predecessor=catalog.predecessor(new.symbol),
        members=[m for m in members if m != new.symbol],
        summary=w["summary"].format(**counts),
        counts=counts,
        runs=runs(rows),
        page_path=page_path,
    )


# -- the corpus page


def corpus_rows(resolutions: list[Entry]) -> list[dict[str, Any]]:
    return [
        {
            "symbol": r.symbol,
            "page": page_path(r.symbol),
            "session": r.session,
            "adopted": r.adopted or "",
            "committee": committee_of(r.committee_report),
            "title": r.title,
            "document_title": r.document_title,
            "languages": list(r.languages),
        }
        for r in sorted(resolutions, key=lambda r: (r.session, Symbol.parse(r.symbol)))
    ]


@pages.get("/corpus")
def corpus_page() -> ResponseReturnValue:
    held = store().entries()
    sessions = sorted({r.session for r in held})
    committees = sorted({committee_of(r.committee_report) for r in held})
    session = request.args.get("session", "")
    committee = request.args.get("committee", "")
    catalog = book().catalog()
    series_of = {r.symbol: s.id for r in held if (s := catalog.series_of(r.symbol))}
    # series of more than one member held are worth filtering by
    counts: dict[str, int] = {}
    for sid in series_of.values():
        counts[sid] = counts.get(sid, 0) + 1
    series_ids = sorted(sid for sid, n in counts.items() if n > 1)
    series = request.args.get("series", "")
    chosen = [
        r
        for r in held
        if (not session or str(r.session) == session)
        and (not committee or committee_of(r.committee_report) == committee)
        and (not series or series_of.get(r.symbol) == series)
    ]
    q = request.args.get("q", "").strip()
    results, problem = search_results(q, chosen, narrowed=bool(session or committee or series))
    return render_template(
        "corpus.html",
        w=WORDS["en"],
        lang="en",
        rows=corpus_rows(chosen),
        total=len(held),
        sessions=sessions,
        committees=committees,
        session=session,
        committee=committee,
        series_ids=series_ids,
        series=series,
        q=q,
        results=results,
        problem=problem,
    )


def search_results(q: str, chosen: list[Entry], narrowed: bool) -> tuple[list[dict[str, str]], str]:
    """The search of POST /v1/search (understood once, then Searcher.search), limited to
    the resolutions the filters leave; ([], a message) when the query cannot be run."""
    if not q:
        return [], ""
    limit = current_app.config["RESOLUTE"].max_message_chars
    if len(q) > limit:
        return [], f"Please search with at most {limit} characters."
    if narrowed and not chosen:
        return [], ""
    s = searcher()
    symbols = tuple(r.symbol for r in chosen) if narrowed else ()
    hits = s.search(Query.of(understand(q, s.symbols)), SEARCH_RESULTS, Filters(symbols=symbols))
    out = []
    for h in hits:
        p = h.passage
        pid = ParagraphId.parse(p.pid)
        out.append(
            {
                "label": label(p.symbol, pid, p.lang),
                "lang": p.lang,
                "quote": p.text,
                "page": f"{page_path(p.symbol)}#{pid}",
            }
        )
    return out, ""
