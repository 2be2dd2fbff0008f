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

# Asked in the widget when clicked on the demo page; each is answered from the bundled corpus.
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("en", "Which paragraph of 66/45 urges States to sign and ratify the CTBT?"),
    ("en", "And what did the 2007 resolution say about it?"),
    ("en", "What does the 2011 resolution say about nuclear-weapon-free zones?"),
    ("zh", "66/45号决议第13段"),
    ("zh", "2011年决议关于全面禁止核试验条约说了什么？"),
    ("zh", "第66/45号决议是何时通过的？"),
)


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
        for r in store.resolutions()
    ]
    return sorted(rows, key=lambda row: (row["year"], row["symbol"]))


@widget.get("/")
def demo() -> ResponseReturnValue:
    store: Store = current_app.extensions["resolute.store"]
    return render_template(
        "demo.html",
        lang="zh" if request.args.get("lang") == "zh" else "en",
        resolutions=corpus_rows(store),
        examples=EXAMPLES,
        widget_url=url_for("widget.widget_js", _external=True),
    )
