"""The HTTP API, version 1: resolutions, paragraphs, search (chat joins later)."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from chat.answer import hit_citation
from corpus.store import Store
from retriever.search import Filters, Query
from series.model import Catalog
from service.ops import STAGE
from service.representation import (
    citation_json,
    document_json,
    paragraph_json,
    resolution_json,
    resolution_summary,
)
from service.serving import searcher
from service.validation import LANG, QUERY, SYMBOL, K, json_body, read
from understanding import understand

api = Blueprint("api", __name__, url_prefix="/v1")


def store() -> Store:
    return current_app.extensions["resolute.store"]


def catalog() -> Catalog:
    return current_app.extensions["resolute.series"].catalog()


@api.get("/resolutions")
def list_resolutions() -> ResponseReturnValue:
    held = catalog()
    return {"resolutions": [resolution_summary(e, held) for e in store().entries()]}


@api.get("/resolutions/<path:symbol>/paragraphs/<pid>")
def get_paragraph(symbol: str, pid: str) -> ResponseReturnValue:
    res, para = store().paragraph(symbol, pid)
    return paragraph_json(res, para)


@api.get("/resolutions/<path:symbol>")
def get_resolution(symbol: str) -> ResponseReturnValue:
    """One resolution; for the bare symbol of a document adopted in parts, its parts."""
    if parts := store().parts(symbol):
        return document_json(parts, catalog())
    return resolution_json(store().get(symbol), catalog())


@api.post("/search")
def search() -> ResponseReturnValue:
    body = json_body()
    query = read(body, QUERY)
    k = read(body, K)
    lang = read(body, LANG)
    symbol = read(body, SYMBOL)
    filters = Filters(symbols=(store().get(symbol).symbol,) if symbol else (), lang=lang)
    with STAGE.labels("retrieval").time():
        understood = understand(query, searcher().symbols)
        hits = searcher().search(Query.of(understood), k, filters)
    return {
        "results": [
            {"citation": citation_json(hit_citation(h)), "score": round(h.score, 6)} for h in hits
        ]
    }
