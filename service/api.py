"""The HTTP API, version 1: resolutions and paragraphs (search and chat join later)."""

from __future__ import annotations

from flask import Blueprint, current_app

from corpus.store import Store
from service.representation import paragraph_json, resolution_json, resolution_summary

api = Blueprint("api", __name__, url_prefix="/v1")


def store() -> Store:
    return current_app.extensions["resolute.store"]


@api.get("/resolutions")
def list_resolutions():  # type: ignore[no-untyped-def]
    return {"resolutions": [resolution_summary(r) for r in store().resolutions()]}


@api.get("/resolutions/<path:symbol>/paragraphs/<pid>")
def get_paragraph(symbol: str, pid: str):  # type: ignore[no-untyped-def]
    res, para = store().paragraph(symbol, pid)
    return paragraph_json(res, para)


@api.get("/resolutions/<path:symbol>")
def get_resolution(symbol: str):  # type: ignore[no-untyped-def]
    return resolution_json(store().get(symbol))
