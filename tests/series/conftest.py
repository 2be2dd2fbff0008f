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
