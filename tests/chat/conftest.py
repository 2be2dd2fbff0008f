"""Fixtures the chat tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.conversation import SQLiteConversations
from chat.service import ChatService
from corpus.store import Store
from retriever.search import Searcher
from series.book import SeriesBook


@pytest.fixture
def chat_with_series(searcher: Searcher, bundled_store_dir: Path, tmp_path: Path) -> ChatService:
    """The chat over the bundled series, its members linked and aligned (series/)."""
    store = Store(bundled_store_dir / "resolute.sqlite3")
    book = SeriesBook(store)
    book.sync()
    conversations = SQLiteConversations(tmp_path / "conv.sqlite3")
    return ChatService(store, searcher, conversations, series=book)
