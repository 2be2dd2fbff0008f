"""How domain objects look in JSON, exactly as the API contract in DESIGN.md defines them."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from chat.answer import Answer, Citation
from chat.service import Reply
from corpus.ids import Symbol
from corpus.labels import label
from corpus.model import Entry, Paragraph, Resolution
from series.book import slug
from series.model import Catalog


def paragraph_url(symbol: str, pid: str) -> str:
    # a part symbol holds a space: "A/RES/74/92%20B", as the API contract writes it
    return f"/v1/resolutions/{Symbol.parse(symbol).path}/paragraphs/{pid}"


def series_place(r: Entry, catalog: Catalog | None) -> dict[str, Any]:
    """The resolution's series and its neighbours there; without a catalog at hand, the
    series of one it would be named for."""
    series = catalog.series_of(r.symbol) if catalog is not None else None
    if catalog is None or series is None:
        return {"id": slug(r.symbol), "predecessor": None, "successor": None}
    return {
        "id": series.id,
        "predecessor": catalog.predecessor(r.symbol),
        "successor": catalog.successor(r.symbol),
    }


def page_path(symbol: str) -> str:
    """The reader page of a resolution (service/pages.py): "/r/A/RES/74/92%20B"."""
    return f"/r/{Symbol.parse(symbol).path}"


def public_base() -> str:
    """RESOLUTE_PUBLIC_URL without its trailing slash, or "" (addresses stay relative)."""
    if not has_app_context():
        return ""
    return str(current_app.config["RESOLUTE"].public_url).rstrip("/")


def page_url(symbol: str, pid: str, base: str | None = None) -> str:
    """The reader page open at a paragraph ("/r/A/RES/66/45#OP8"); absolute under `base`,
    which defaults to RESOLUTE_PUBLIC_URL. Ids with dots and parentheses ("B.OP1",
    "OP3(g)(iv)") are valid fragments as they are."""
    return f"{public_base() if base is None else base.rstrip('/')}{page_path(symbol)}#{pid}"


def resolution_summary(r: Entry, catalog: Catalog | None = None) -> dict[str, Any]:
    """A resolution as listed: its entry (the store keeps them; no paragraph is read)."""
    counts = r.counts
    # A part of a document adopted in parts names the document it belongs to.
    document = {"document": {"symbol": r.document, "title": r.document_title}} if r.part else {}
    return {
        "symbol": r.symbol,
        "session": r.session,
        "title": r.title,
        "adopted": r.adopted,
        "meeting": r.meeting,
        "agenda_item": r.agenda_item,
        "committee_report": r.committee_report,
        "languages": list(r.languages),
        "counts": {
            "preambular": counts["preambular"],
            "operative": counts["operative"],
            "subparagraphs": counts["subparagraphs"],
            "annex": counts["annex"],
        },
        "series": series_place(r, catalog),
        **document,
    }


def document_json(parts: list[Entry], catalog: Catalog | None = None) -> dict[str, Any]:
    """A document adopted in parts, asked for by its bare symbol ("A/RES/74/92"): what the
    parts share, and each part's summary (its paragraphs are under its own symbol)."""
    first = parts[0]
    return {
        "symbol": first.document,
        "session": first.session,
        "title": first.document_title,
        "adopted": first.adopted,
        "parts": [resolution_summary(r, catalog) for r in parts],
    }


def paragraph_json(r: Resolution, p: Paragraph) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "symbol": r.symbol,
        "id": str(p.pid),
        "kind": p.kind.value,
        "label": {
            "en": label(r.symbol, p.pid, "en", p.unnumbered),
            "zh": label(r.symbol, p.pid, "zh", p.unnumbered),
        },
        "text": p.text,
        "footnotes": [
            {"mark": m, "text": f.text} for m in p.footnotes if (f := r.footnote(m)) is not None
        ],
        "url": paragraph_url(r.symbol, str(p.pid)),
    }
    # Optional in the contract: present only for a paragraph under a heading or in an annex.
    if p.section is not None:
        doc["section"] = {"id": p.section.id, "heading": p.section.heading}
    if p.annex is not None:
        doc["annex"] = {"id": p.annex.id, "title": p.annex.title}
    return doc


def resolution_json(r: Resolution, catalog: Catalog | None = None) -> dict[str, Any]:
    return {
        **resolution_summary(r.entry(), catalog),
        "paragraphs": [paragraph_json(r, p) for p in r.paragraphs],
    }


def citation_json(c: Citation, base: str | None = None) -> dict[str, Any]:
    """`url` is the API's address of the paragraph, for programs; `page` the reader page
    open at it, for people (absolute when RESOLUTE_PUBLIC_URL is set, or under `base`)."""
    return {
        "symbol": c.symbol,
        "paragraph": str(c.pid),
        "kind": c.kind.value,
        "label": c.label,
        "lang": c.lang,
        "quote": c.quote,
        "url": paragraph_url(c.symbol, str(c.pid)),
        "page": page_url(c.symbol, str(c.pid), base),
    }


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "conversation_id": reply.conversation_id,
        "answer": reply.answer.text,
        "grounded": reply.answer.grounded,
        "citations": [citation_json(c) for c in reply.answer.citations],
        **changes_json(reply.answer),
    }


def changes_json(answer: Answer) -> dict[str, Any]:
    """A change answer as redlines: `brief` (the answer without its quotes) and each
    paragraph's `before` and `after` (both among the citations; null when new or dropped),
    the difference said, and the redline pieces. Empty for any other answer."""
    return {
        "brief": answer.brief,
        "changes": [
            {
                "before": _side(ch.before),
                "after": _side(ch.after),
                "said": ch.said,
                "redline": [{"op": p.op.value, "text": p.text} for p in ch.redline],
            }
            for ch in answer.changes
        ],
    }


def _side(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "symbol": c.symbol,
        "paragraph": str(c.pid),
        "label": c.label,
        "lang": c.lang,
        "page": page_url(c.symbol, str(c.pid)),
    }
