"""What a request is served from: the index version in service when the request began.

Taken once per request and kept in `g`, so a version swapped in by wiring/served.py while
the request runs never mixes into its answer.
"""

from __future__ import annotations

from flask import current_app, g

from chat.service import ChatService
from retriever.search import Searcher
from wiring.served import Served


def served() -> Served:
    if "served" not in g:
        g.served = current_app.extensions["resolute.live"].current()
    return g.served


def searcher() -> Searcher:
    return served().searcher


def chat_service() -> ChatService:
    return served().chat
