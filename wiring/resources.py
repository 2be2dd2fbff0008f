"""Opening what a Resolute process runs on: the store, the embedder, the index, the chat.

Every entry point calls these: the Flask app factory, the command line, gunicorn's master,
Slack's Socket Mode and the tests. Nothing here knows HTTP. It is also the one place that
decides when the bundled corpus is ingested and when the search index is rebuilt, so the
rules cannot drift apart between `resolute ingest`, `resolute serve` and a worker's start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from chat.conversation import open_conversations
from chat.grounding import load_bars
from chat.llm import LangChainAnswerer, load_llm
from chat.service import ChatService
from corpus.bundled import bundled_files
from corpus.errors import ConfigError, Unavailable
from corpus.profile import Profile, load_profile
from corpus.store import IngestReport, Store, ingest_paths
from embeddings import load_embedder
from embeddings.base import Embedder
from embeddings.cache import CachedEmbedder
from retriever.glossary import Glossary
from retriever.index import FORMAT, IndexInfo, RetrievalIndex, saved_info
from retriever.search import Searcher
from series.book import SeriesBook
from wiring.served import LiveIndex, Served
from wiring.settings import Settings

log = logging.getLogger("resolute")


@dataclass(frozen=True)
class IndexSync:
    """The index a process will serve, and whether it had to be built for it."""

    index: RetrievalIndex | None  # None when only checked, not loaded (an ingest)
    built: bool
    folder: Path | None = None  # where a built index was saved


def open_store(settings: Settings) -> Store:
    """The store; on first start with an empty store, the bundled corpus is ingested."""
    store = Store(settings.store_path)
    if store.upgraded:
        log.warning(
            "the store was written by an earlier parser: re-read %d resolutions from their "
            "stored texts (%s)",
            len(store.upgraded),
            "; ".join(store.upgraded[:5]) + (" …" if len(store.upgraded) > 5 else ""),
        )
    if settings.ingest_bundled and not store.symbols():
        report = ingest_paths(store, bundled_files())
        for name, reason in report.refused:  # a defect of this release: said, not hidden
            log.error("bundled file refused: %s: %s", name, reason)
        log.info("ingested the bundled corpus: %d language versions", len(report.added))
    return store


def open_series(store: Store) -> SeriesBook:
    """The series catalog, made current with the store (computed and saved if it is not)."""
    book = SeriesBook(store)
    book.sync()
    return book


def open_embedder(settings: Settings) -> Embedder:
    """The configured embedder, behind the on-disk cache of passage vectors."""
    return CachedEmbedder(load_embedder(settings.embeddings), settings.embedding_cache_path)


def sync_index(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    load: bool = True,
    verify: bool = True,
) -> IndexSync:
    """The saved index when it matches the store and the embedder; else brought up to date.

    The one rule for rebuilding: asked to (`resolute reindex`), no index yet (first start),
    one built by another embedder or format, or one the store changed too much since (see
    `RetrievalIndex.update`). A few changed resolutions are added as a new segment instead.
    A process that serves (`load`) opens the saved index, so damage is an error naming the
    file, to be repaired with `resolute reindex`, never papered over at start-up; `verify`
    reads every byte against its checksum (the start's one check, before workers fork;
    a worker only checks sizes). An ingest only reads what the index was built from.
    """
    data_dir = settings.data_dir
    if not rebuild and (data_dir / "index" / "CURRENT").exists():
        index = RetrievalIndex.load(data_dir, verify=verify) if load else None
        info = index.info if index is not None else saved_info(data_dir)
        if info is not None and info.is_current(store.revision, embedder.name):
            return IndexSync(index, built=False)
        try:
            updated = RetrievalIndex.update(store, embedder, data_dir, settings.index_type)
        except Unavailable as exc:  # the saved one is damaged: the store is the truth
            log.warning("%s", exc.message)
            updated = None
        if updated is not None:
            return IndexSync(updated, built=True, folder=updated.folder)
        # Out of date, not damaged: the store is the truth; catch up from it.
        log.warning(
            "the search index (%s) does not match the store (revision %d, %s, format %d); "
            "rebuilding it",
            _described(info),
            store.revision,
            embedder.name,
            FORMAT,
        )
    index = RetrievalIndex.build(store, embedder, data_dir, settings.index_type)
    return IndexSync(index, built=True, folder=index.folder)


def _described(info: IndexInfo | None) -> str:
    if info is None:
        return "unreadable"
    return f"store revision {info.store_revision}, {info.embedder}, format {info.format}"


def open_searcher(settings: Settings, store: Store, verify: bool = True) -> Searcher:
    embedder = open_embedder(settings)
    index = sync_index(settings, store, embedder, verify=verify).index
    assert index is not None  # loaded or built: sync_index loads unless told not to
    return Searcher(index, embedder, glossary=Glossary(open_profile(settings).glossary))


def open_served(
    settings: Settings, store: Store, verify: bool = True, series: SeriesBook | None = None
) -> LiveIndex:
    """Search and chat over the saved index, swapped for a newer version when an ingest
    beside this process saves one (wiring/served.py). `verify` as for `sync_index`; `series`
    the process's series book, if it opened one already (one catalog a process)."""
    if settings.reload_seconds < 0:
        raise ConfigError(
            f"RESOLUTE_RELOAD_SECONDS must be 0 or more, not {settings.reload_seconds}"
        )
    searcher = open_searcher(settings, store, verify=verify)
    chat = open_chat(settings, store, searcher, series)
    first = Served(searcher.index.folder.name, searcher, chat)
    return LiveIndex(settings.data_dir, first, settings.reload_seconds)


def open_profile(settings: Settings) -> Profile:
    """What the corpus is about (corpus/profile.py): help texts, examples, glossary."""
    return load_profile(settings.profile)


def open_chat(
    settings: Settings, store: Store, searcher: Searcher, series: SeriesBook | None = None
) -> ChatService:
    """The chat; with the process's series book when it has one, as a catalog held twice
    is twice the memory and the start-up time (at 1M passages ~350 MB and ~5 s each)."""
    conversations = open_conversations(settings.redis_url, settings.data_dir)
    llm = LangChainAnswerer(load_llm(settings.llm)) if settings.llm else None
    bars = load_bars(settings.embeddings)
    book = series if series is not None else open_series(store)
    return ChatService(store, searcher, conversations, llm, bars, book)


def ingest(
    settings: Settings,
    paths: Iterable[Path],
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Files into the store, each landing or refused on its own, then the series linked and
    aligned anew when the store changed; `update_index` then brings the index along.
    `progress(done, total)` follows the files read."""
    store = Store(settings.store_path)
    try:
        report = ingest_paths(store, list(paths), progress)
        SeriesBook(store).sync()  # also when nothing landed: finishes a stopped ingest
        return report
    finally:
        store.close()


def update_index(settings: Settings, *, rebuild: bool = False) -> IndexSync:
    """The saved index made current with the store (vectors cached), or rebuilt if asked.

    Run after every ingest, also when nothing new landed: an earlier ingest that committed
    and was stopped before its index was saved is finished by running it again.
    """
    store = Store(settings.store_path)
    try:
        return sync_index(settings, store, open_embedder(settings), rebuild=rebuild, load=False)
    finally:
        store.close()


def prepare(settings: Settings) -> None:
    """Ingest (first start) and index once, before any worker starts, so workers only load.

    The index is read whole here too: a damaged one stops the start with its name.
    """
    store = open_store(settings)
    try:
        open_series(store)
        sync_index(settings, store, open_embedder(settings))
    finally:
        store.close()
