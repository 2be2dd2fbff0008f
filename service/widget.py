"""The embeddable chat widget (`/widget.js`) and the demo page that hosts it (`/`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template, request, send_from_directory, url_for
from flask.typing import ResponseReturnValue

from corpus.store import Store

STATIC = Path(__file__).parent / "static"

widget = Blueprint("widget", __name__, template_folder="templates")

# The script's address is not versioned (sites paste it once), so caches keep it briefly
# and then revalidate with the ETag that send_from_directory adds.
WIDGET_MAX_AGE = 3600


@widget.get("/widget.js")
def widget_js() -> ResponseReturnValue:
    resp = send_from_directory(
        STATIC, "widget.js", mimetype="text/javascript", max_age=WIDGET_MAX_AGE
    )
    resp.cache_control.public = True
    return resp


def corpus_rows(store: Store) -> list[dict[str, Any]]:
    """Symbol, year and titles of each resolution held, oldest first."""
    rows = [
        {
            "symbol": r.symbol,
            "year": r.adopted[:4] if r.adopted else "",
            "title": r.title.get("en") or next(iter(r.title.values()), ""),
            "title_zh": r.title.get("zh", ""),
        }
        for r in store.entries()
    ]
    return sorted(rows, key=lambda row: (row["year"], row["symbol"]))


def drawn_examples(store: Store) -> tuple[tuple[str, str], ...]:
    """Examples from what is held when no profile gives any: the newest resolution's date,
    its first operative paragraph, in English and Chinese."""
    newest = max(store.entries(), key=lambda r: (r.adopted or "", r.symbol), default=None)
    if newest is None:
        return ()
    short = newest.symbol.removeprefix("A/RES/")
    return (
        ("en", f"When was {short} adopted?"),
        ("en", f"Show me operative paragraph 1 of {short}"),
        ("zh", f"第{short}号决议是何时通过的？"),
        ("zh", f"{short}号决议执行部分第1段"),
    )


@widget.get("/")
def demo() -> ResponseReturnValue:
    store: Store = current_app.extensions["resolute.store"]
    return render_template(
        "demo.html",
        lang="zh" if request.args.get("lang") == "zh" else "en",
        resolutions=corpus_rows(store),
        examples=current_app.extensions["resolute.profile"].examples or drawn_examples(store),
        widget_url=url_for("widget.widget_js", _external=True),
    )
