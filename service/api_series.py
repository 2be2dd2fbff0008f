"""The HTTP API for series: the chains of resolutions renewed year after year, and what
changed from one member to another. The domain is in series/; this only reads and renders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue

from corpus.ids import SYMBOL_PATTERN
from corpus.model import Entry
from corpus.store import Store
from series.book import SERIES_ID_PATTERN, SeriesBook
from series.model import Catalog, Changes, Series
from service.schema import Json, PathParameter

SERIES_PARAMETER = PathParameter(
    name="series_id",
    pattern=SERIES_ID_PATTERN,
    description="A series id, as `GET /v1/series` lists them: named after the series' first "
    "member when it was first seen (`58-59` for A/RES/58/59), kept when members join it. "
    "Malformed: 400 `invalid_series_id`; unknown: 404.",
    examples={"bundled": "58-59"},
)
FROM_PARAMETER: Json = {
    "name": "from",
    "in": "query",
    "required": False,
    "description": "Compare with this member of the resolution's series instead of its "
    "predecessor (any member, earlier or later). Malformed: 400 `invalid_symbol`; not held: "
    "404; held but in another series: 400.",
    "schema": {"type": "string", "pattern": SYMBOL_PATTERN},
    "examples": {"earlier": {"value": "A/RES/58/59"}},
}

series_api = Blueprint("series_api", __name__, url_prefix="/v1")


def book() -> SeriesBook:
    return current_app.extensions["resolute.series"]


def store() -> Store:
    return current_app.extensions["resolute.store"]


@series_api.get("/series")
def list_series() -> ResponseReturnValue:
    held = store().entries_by_symbol()
    return {"series": [series_summary(s, held) for s in book().catalog().series]}


@series_api.get("/series/<series_id>")
def get_series(series_id: str) -> ResponseReturnValue:
    catalog = book().catalog()
    held = store().entries_by_symbol()
    return series_json(book().series(series_id), held, catalog)


@series_api.get("/resolutions/<path:symbol>/changes")
def get_changes(symbol: str) -> ResponseReturnValue:
    return changes_json(book().changes(symbol, request.args.get("from")))


def _year(r: Entry) -> int | None:
    return int(r.adopted[:4]) if r.adopted else None


def series_summary(s: Series, held: Mapping[str, Entry]) -> dict[str, Any]:
    first, last = held[s.members[0]], held[s.members[-1]]
    return {
        "id": s.id,
        "title": last.title,  # the latest title: a series is often renamed
        "count": len(s.members),
        "first": {"symbol": first.symbol, "year": _year(first)},
        "last": {"symbol": last.symbol, "year": _year(last)},
        "url": f"/v1/series/{s.id}",
    }


def series_json(s: Series, held: Mapping[str, Entry], catalog: Catalog) -> dict[str, Any]:
    members = []
    for symbol in s.members:
        r, link = held[symbol], catalog.link(symbol)
        members.append(
            {
                "symbol": symbol,
                "session": r.session,
                "year": _year(r),
                "adopted": r.adopted,
                "title": r.title,
                "link": None
                if link is None
                else {
                    "evidence": link.evidence.value,
                    "overlap": link.overlap,
                    "title_similarity": link.title_similarity,
                },
            }
        )
    return {**series_summary(s, held), "aliases": list(s.aliases), "members": members}


def changes_json(c: Changes) -> dict[str, Any]:
    return {
        "symbol": c.new,
        "from": c.old,
        "series": c.series,
        "counts": c.counts(),
        "paragraphs": [
            {
                "change": p.change.value,
                "from": p.old,
                "to": p.new,
                "alignment": p.alignment.value,
                "similarity": p.similarity,
                "diff": {
                    lang: [{"op": piece.op.value, "text": piece.text} for piece in pieces]
                    for lang, pieces in p.diff.items()
                },
            }
            for p in c.paragraphs
        ],
    }
