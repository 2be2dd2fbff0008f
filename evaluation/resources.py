"""The store and searcher an evaluation scores: the service's own, opened the service's way.

An evaluation of an empty store would score every question zero and say nothing about
retrieval (and the LangChain baseline cannot even be built), so it stops first and says
what to run.
"""

from __future__ import annotations

from corpus.errors import Unavailable
from corpus.store import Store
from retriever.search import Searcher
from wiring.resources import open_searcher
from wiring.settings import Settings


class EmptyStore(Unavailable):
    """Nothing ingested: there is no corpus to ask questions of."""

    code = "empty_store"


def open_evaluated(settings: Settings) -> tuple[Store, Searcher]:
    """The store as it is, and its searcher.

    Unlike `serve`, an evaluation does not ingest the bundled corpus into an empty store: it
    measures what the user holds, and a question set about their own texts scored against
    the bundled series would mislead.
    """
    store = Store(settings.store_path)
    if not store.symbols():
        store.close()
        raise EmptyStore(
            f"the store in {settings.data_dir} is empty: run `resolute ingest --bundled` "
            "(or `resolute ingest PATH...`) first"
        )
    return store, open_searcher(settings, store)
