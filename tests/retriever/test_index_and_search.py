"""The index round-trips through disk; fusion, filters and explicit references behave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus.errors import ConfigError, InvalidInput, Unavailable
from corpus.store import Store
from retriever import dense
from retriever.index import RetrievalIndex
from retriever.lexical import LexicalIndex, LexicalWriter, Scope, tokenize
from retriever.passages import Passage
from retriever.search import Filters, Hit, Query, Searcher
from understanding import understand
from wiring.resources import open_embedder, sync_index
from wiring.settings import load_settings


def search(searcher: Searcher, question: str, k: int, filters: Filters | None = None) -> list[Hit]:
    """Search as the product's callers do: the question understood once, then searched."""
    return searcher.search(Query.of(understand(question, searcher.symbols)), k, filters)


def test_index_round_trips_through_disk(searcher: Searcher) -> None:
    loaded = RetrievalIndex.load(searcher.index.folder.parent.parent, verify=True)
    assert list(loaded.passages()) == list(searcher.index.passages())
    assert loaded.info == searcher.index.info
    assert loaded.version == searcher.index.version
    q = searcher.embedder.embed_queries(["fissile material cut-off treaty"])[0]
    for lang in loaded.languages:
        found, expected = loaded.search_dense(lang, q, 5), searcher.index.search_dense(lang, q, 5)
        assert np.array_equal(found[1], expected[1])


def test_damaged_index_is_a_clear_error(data_dir: Path) -> None:
    index = RetrievalIndex.load(data_dir)
    segment = index.folder / index.info.segments[0]
    dense_file = segment / "dense-en.faiss"
    data = bytearray(dense_file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte changed: only the checksum sees it
    dense_file.write_bytes(bytes(data))
    RetrievalIndex.load(data_dir)  # a worker checks sizes only
    with pytest.raises(Unavailable, match="resolute reindex"):
        RetrievalIndex.load(data_dir, verify=True)
    dense_file.write_bytes(b"not an index")
    with pytest.raises(Unavailable, match="dense-en.faiss"):
        RetrievalIndex.load(data_dir)
    store = Store(data_dir / "resolute.sqlite3")
    embedder = open_embedder(load_settings({"DATA_DIR": data_dir}))
    with pytest.raises(Unavailable):  # start-up refuses rather than serving half an index
        sync_index(load_settings({"DATA_DIR": data_dir}), store, embedder)


def test_one_vector_per_paragraph_per_language(searcher: Searcher) -> None:
    passages = list(searcher.index.passages())
    keys = [(p.symbol, p.pid, p.lang) for p in passages]
    assert len(keys) == len(set(keys)) == len(searcher.index)
    langs = {p.lang for p in passages if p.symbol == "A/RES/66/45"}
    assert langs == {"en", "zh"}


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivfpq"])
def test_index_types_find_the_exact_neighbour(kind: str) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = dense.build(vectors, kind)
    _, ids = dense.search(index, vectors[42], 10)
    assert 42 in ids.tolist()
    allowed = np.arange(100, 200)
    _, ids = dense.search(index, vectors[150], 5, allowed)
    assert set(ids.tolist()) <= set(allowed.tolist())


def test_unknown_index_type() -> None:
    with pytest.raises(ConfigError, match="flat"):
        dense.choose_type("annoy", 10)


def test_lexical_index_and_chinese_tokens(tmp_path: Path) -> None:
    texts = [
        "fissile material cut-off treaty",
        "裂变材料禁产条约的谈判",
        "civil society and education",
    ]
    writer = LexicalWriter(tmp_path / "lexical")
    for i, text in enumerate(texts):
        passage = Passage(f"A/RES/{i + 1}/1", "OP1", "en", "operative", 1, 2000 + i, text)
        writer.add(i, passage, tokenize(text))
    writer.commit()
    lexical = LexicalIndex(tmp_path / "lexical")
    assert lexical.search(tokenize("cut-off treaty on fissile material"), 3)[0] == 0
    assert lexical.search(tokenize("禁产条约"), 3)[0] == 1
    assert lexical.search(tokenize("treaty education"), 3, Scope(years=(2002,))) == [2]
    assert lexical.search(tokenize("treaty"), 3, Scope(symbols=("A/RES/3/1",))) == []
    assert lexical.doc_freq("cut-off") == 1 and lexical.doc_freq("absent") == 0


def test_results_are_deduplicated_by_paragraph(searcher: Searcher) -> None:
    hits = search(
        searcher,
        "universality of the Treaty on the Non-Proliferation",
        10,
        Filters(symbols=("A/RES/66/45",)),
    )
    keys = [h.passage.key for h in hits]
    assert len(keys) == len(set(keys)) == 10


def test_filters(searcher: Searcher) -> None:
    hits = search(
        searcher, "nuclear disarmament", 10, Filters(symbols=("A/RES/62/37",), kind="preambular")
    )
    assert {h.passage.symbol for h in hits} == {"A/RES/62/37"}
    assert {h.passage.kind for h in hits} == {"preambular"}
    hits = search(searcher, "nuclear disarmament", 5, Filters(years=(2011,)))
    assert {h.passage.symbol for h in hits} == {"A/RES/66/45"}
    zh = search(searcher, "CTBT ratification", 3, Filters(symbols=("A/RES/66/45",), lang="zh"))
    assert all(h.passage.lang == "zh" for h in zh)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Show me OP 9 of 62/37", ("A/RES/62/37", "OP9")),
        ("62/37号决议第12段", ("A/RES/62/37", "OP12")),
        ("第66/45号决议序言部分第3段", ("A/RES/66/45", "PP3")),
        ("the third preambular paragraph of 71/49", ("A/RES/71/49", "PP3")),
        ("paragraph 3 (g)(iv) of 59/76", ("A/RES/59/76", "OP3(g)(iv)")),
    ],
)
def test_explicit_reference_comes_first(
    searcher: Searcher, query: str, first: tuple[str, str]
) -> None:
    hits = search(searcher, query, 5)
    assert hits[0].passage.key == first and hits[0].explicit


@pytest.mark.parametrize(
    ("query", "gold"),
    [
        ("What does 62/37 say about a fissile material cut-off treaty?", ("A/RES/62/37", "OP11")),
        (
            "66/45号决议中关于五个核武器国家在巴黎举行后续会议的内容在哪一段？",
            ("A/RES/66/45", "OP6"),
        ),
        (
            "Which subparagraph of 59/76 stresses signatures and ratifications of the CTBT?",
            ("A/RES/59/76", "OP3(a)"),
        ),
    ],
)
def test_topic_search_finds_the_paragraph(
    searcher: Searcher, query: str, gold: tuple[str, str]
) -> None:
    assert gold in [h.passage.key for h in search(searcher, query, 3)]


def test_modes_and_k(searcher: Searcher) -> None:
    for mode in ("dense", "lexical"):
        s = Searcher(searcher.index, searcher.embedder, mode)
        assert search(s, "fissile material", 3)
    with pytest.raises(ConfigError):
        Searcher(searcher.index, searcher.embedder, "magic")
    with pytest.raises(InvalidInput, match="k must be"):
        search(searcher, "x", 0)
