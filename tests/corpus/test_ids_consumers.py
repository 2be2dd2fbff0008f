"""One row per consumer of corpus/ids.py: each reads identifiers through it, new forms too."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.history import cited
from corpus.errors import InvalidParagraphId, InvalidSymbol, NotFound
from corpus.ids import ParagraphId
from corpus.store import Store
from service.representation import paragraph_url


def test_citation_markers_name_parts_sections_and_annexes() -> None:
    answer = (
        "As it says [A/RES/74/92 B OP29], and [A/RES/76/240 B.OP1]; also [66/45 op 8], "
        "[A/RES/74/3, DECL.30(x)], [A/RES/70/1 ANNEX-II.5] and [A/RES/74/92 B B.PP2]; "
        "[A/RES/76/120 ANNEX.ART3.1(a)], [A/RES/76/120 ANNEX.ART4], [A/RES/76/1 DECL.PP1]. "
        "Not ids: [A/RES/66/45 OP0], [A/RES/66/45 ZZ.OP1], [A/RES/76/120 ANNEX.ART0]."
    )
    assert cited(answer) == (
        ("A/RES/74/92 B", "OP29"),
        ("A/RES/76/240", "B.OP1"),
        ("A/RES/66/45", "OP8"),
        ("A/RES/74/3", "DECL.30(x)"),
        ("A/RES/70/1", "ANNEX-II.5"),
        ("A/RES/74/92 B", "B.PP2"),
        ("A/RES/76/120", "ANNEX.ART3.1(a)"),
        ("A/RES/76/120", "ANNEX.ART4"),
        ("A/RES/76/1", "DECL.PP1"),
    )


def test_the_store_looks_up_single_part_ids_and_reads_the_new_forms(
    bundled_store_dir: Path,
) -> None:
    store = Store(bundled_store_dir / "resolute.sqlite3")
    symbol = store.symbols()[0]
    res, para = store.paragraph(symbol.removeprefix("A/RES/"), "op1")
    assert res.symbol == symbol and para.pid == ParagraphId.operative(1)
    assert store.paragraph(res.symbol, ParagraphId.operative(1))[1] == para
    with pytest.raises(NotFound):  # well formed, not held
        store.get(symbol + " B")
    with pytest.raises(NotFound):
        store.paragraph(symbol, "B.OP1")
    with pytest.raises(InvalidSymbol):
        store.get(symbol + " BB")
    with pytest.raises(InvalidParagraphId):
        store.paragraph(symbol, "B.QP1")
    store.close()


def test_paragraph_urls_carry_a_part_as_the_api_contract_writes_it() -> None:
    assert paragraph_url("A/RES/66/45", "OP8") == "/v1/resolutions/A/RES/66/45/paragraphs/OP8"
    assert paragraph_url("A/RES/74/92 B", "B.OP1") == (
        "/v1/resolutions/A/RES/74/92%20B/paragraphs/B.OP1"
    )
