"""Resolutions for the series tests: the bundled series, and 74/158 -> 76/176 with 76/174,
adopted the same day as 76/176 under the same agenda sub-item (74 (b)) but another series."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.model import Resolution
from corpus.parser import merge, parse_file

SERIES_FIXTURES = Path(__file__).parents[1] / "fixtures" / "series"
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="session")
def extra() -> dict[str, Resolution]:
    out = {}
    for f in sorted(SERIES_FIXTURES.glob("*.txt")):
        r = merge(parse_file(f))
        out[r.symbol] = r
    return out


@pytest.fixture(scope="session")
def extra_corpus(extra: dict[str, Resolution]) -> dict[str, Resolution]:
    """The series fixtures and the extra corpus's texts kept beside the tests: other series,
    committees and sessions than the bundled one's, documents adopted in parts."""
    out = dict(extra)
    for f in sorted((FIXTURES / "corpus-extra").glob("*.txt")):
        for v in parse_file(f):  # a document in parts: one resolution a part
            out[v.symbol] = merge([v])
    return out
