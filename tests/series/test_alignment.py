"""Paragraph alignment against the hand-labelled pairs of bench/data/alignment_gold.json."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from corpus.model import Resolution
from series.alignment import align
from series.model import Status

GOLD = json.loads(
    (Path(__file__).parents[2] / "bench" / "data" / "alignment_gold.json").read_text()
)["pairs"]


@pytest.mark.parametrize("pair", ["A/RES/71/49 -> A/RES/72/50", "A/RES/74/158 -> A/RES/76/176"])
def test_alignment_against_hand_labels(
    pair: str, bundled: dict[str, Resolution], extra: dict[str, Resolution]
) -> None:
    held = {**bundled, **extra}
    old, new = (held[s.strip()] for s in pair.split("->"))
    predicted = {(m.old, m.new) for m in align(old, new).matches}
    expected = {(a, b) for a, b in GOLD[pair]}
    right = len(predicted & expected)
    assert right / len(predicted) >= 0.95 and right / len(expected) >= 0.95


def test_statuses_of_a_labelled_pair(bundled: dict[str, Resolution]) -> None:
    a = align(bundled["A/RES/71/49"], bundled["A/RES/72/50"])
    assert a.of_old("PP4") is not None and a.of_old("PP4").status is Status.SAME  # type: ignore[union-attr]
    assert a.of_new("PP2").status is Status.REWORDED  # type: ignore[union-attr]  # 70/40 -> 71/49
    assert a.of_old("PP5").new == "PP6" and a.of_old("PP5").status is Status.RENUMBERED  # type: ignore[union-attr]
    moved = a.of_old("PP19")  # the DPRK paragraph moved up to PP10
    assert moved is not None and moved.new == "PP10" and moved.status is Status.MOVED
    assert a.of_new("PP5").status is Status.NEW  # type: ignore[union-attr]
    assert a.of_old("PP18").status is Status.DROPPED  # type: ignore[union-attr]
    # every paragraph of both texts once
    assert sorted(m.old for m in a.matches if m.old) == sorted(
        str(p.pid) for p in bundled["A/RES/71/49"].paragraphs
    )
    assert [m.new for m in a.matches if m.new] == [
        str(p.pid) for p in bundled["A/RES/72/50"].paragraphs
    ]


def test_chinese_texts_align_without_english(bundled: dict[str, Resolution]) -> None:
    """62/37 and 66/45 (four sessions apart) are held in Chinese too: with the English taken
    away, the Chinese texts link mostly what the English ones do. The translation of an
    unchanged English sentence varies from year to year, so they differ at the margin."""

    def chinese_only(r: Resolution) -> Resolution:
        paragraphs = tuple(replace(p, text={"zh": p.text["zh"]}) for p in r.paragraphs)
        return replace(r, paragraphs=paragraphs, title={"zh": r.title["zh"]})

    old, new = bundled["A/RES/62/37"], bundled["A/RES/66/45"]
    english = {(m.old, m.new) for m in align(old, new).matches if m.old and m.new}
    chinese = {(m.old, m.new) for m in align(chinese_only(old), chinese_only(new)).matches
               if m.old and m.new}  # fmt: skip
    # read in both texts: the CTBT paragraph, and the DPRK paragraph (SC resolution 1718),
    # which only the Chinese links (the English rewrite shares under IN_ORDER of its words)
    assert {("OP9", "OP8"), ("OP11", "OP9"), ("PP10", "PP15")} <= chinese
    assert len(english & chinese) / len(english | chinese) >= 0.65
