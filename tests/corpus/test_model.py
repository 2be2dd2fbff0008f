"""Paragraph identifiers and labels: parsed and formatted in one place."""

from __future__ import annotations

import pytest

from corpus.errors import InvalidParagraphId, InvalidSymbol
from corpus.ids import ParagraphId, normalize_symbol
from corpus.labels import label


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("PP1", "PP1"),
        ("pp12", "PP12"),
        ("OP8", "OP8"),
        ("op 8", "OP8"),
        ("OP3(a)", "OP3(a)"),
        ("OP3(g)(iv)", "OP3(g)(iv)"),
        ("OP3 (G)(IV)", "OP3(g)(iv)"),
    ],
)
def test_parse_and_format(text: str, canonical: str) -> None:
    assert str(ParagraphId.parse(text)) == canonical


@pytest.mark.parametrize("bad", ["", "P1", "OP", "OP0", "PP1(a)", "OP3(g)(q)", "OP3()", "XX9"])
def test_bad_ids(bad: str) -> None:
    with pytest.raises(InvalidParagraphId):
        ParagraphId.parse(bad)


def test_order_is_document_order() -> None:
    ids = ["OP3(h)", "PP2", "OP3(g)(ii)", "OP10", "OP3(g)", "OP3", "PP10", "OP3(g)(i)"]
    assert [str(p) for p in sorted(map(ParagraphId.parse, ids))] == [
        "PP2",
        "PP10",
        "OP3",
        "OP3(g)",
        "OP3(g)(i)",
        "OP3(g)(ii)",
        "OP3(h)",
        "OP10",
    ]


@pytest.mark.parametrize(
    ("pid", "en", "zh"),
    [
        ("OP8", "A/RES/66/45, operative paragraph 8", "第66/45号决议执行部分第8段"),
        ("PP3", "A/RES/66/45, third preambular paragraph", "第66/45号决议序言部分第3段"),
        ("PP22", "A/RES/66/45, twenty-second preambular paragraph", "第66/45号决议序言部分第22段"),
        ("OP3(a)", "A/RES/66/45, operative paragraph 3 (a)", "第66/45号决议执行部分第3(a)段"),
    ],
)
def test_labels(pid: str, en: str, zh: str) -> None:
    p = ParagraphId.parse(pid)
    assert label("A/RES/66/45", p, "en") == en and label("A/RES/66/45", p, "zh") == zh


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("66/45", "A/RES/66/45"), ("A/RES/66/45", "A/RES/66/45"), (" a/res/62/37 ", "A/RES/62/37")],
)
def test_symbols(text: str, symbol: str) -> None:
    assert normalize_symbol(text) == symbol


@pytest.mark.parametrize("bad", ["", "66", "A/66/45", "A/RES/66", "resolution"])
def test_bad_symbols(bad: str) -> None:
    with pytest.raises(InvalidSymbol):
        normalize_symbol(bad)
