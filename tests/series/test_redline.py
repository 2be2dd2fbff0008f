"""Redlines: word-level (English) and jieba-word-level (Chinese) pieces that join back into
both texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from series.model import Op, Piece
from series.redline import new_text, old_text, redline


def test_an_english_redline_with_insertions_and_deletions() -> None:
    old = "Calls upon all States to take further practical steps and effective measures;"
    new = "Calls upon all Member States to take further steps and measures;"
    pieces = redline(old, new)
    changes = [(p.op, p.text.strip()) for p in pieces if p.op is not Op.EQUAL]
    assert changes == [(Op.INSERT, "Member"), (Op.DELETE, "practical"), (Op.DELETE, "effective")]
    assert old_text(pieces) == old and new_text(pieces) == new


def test_a_replaced_phrase_reads_as_one_change() -> None:
    pieces = redline("Recalling its resolution 70/40 of 7 December 2015,",
                     "Recalling its resolution 71/49 of 5 December 2016,")  # fmt: skip
    changed = [p for p in pieces if p.op is not Op.EQUAL]
    assert changed[0] == Piece(Op.DELETE, "70/40 of 7")  # not "70", "/", "40" apart
    assert changed[1] == Piece(Op.INSERT, "71/49 of 5")


def test_a_chinese_redline_by_words() -> None:
    old = "敦促所有尚未签署和批准《全面禁止核试验条约》的国家尽早签署和批准该条约"
    new = "敦促所有尚未签署《全面禁止核试验条约》的国家立即签署和批准该条约"
    pieces = redline(old, new)
    assert Piece(Op.DELETE, "尽早") in pieces and Piece(Op.INSERT, "立即") in pieces
    assert old_text(pieces) == old and new_text(pieces) == new


def test_the_same_text_is_one_equal_piece() -> None:
    assert redline(
        "Decides to remain seized of the matter.", "Decides to remain seized of the matter."
    ) == (Piece(Op.EQUAL, "Decides to remain seized of the matter."),)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_pieces_always_join_into_both_texts(old: str, new: str) -> None:
    pieces = redline(old, new)
    assert old_text(pieces) == old and new_text(pieces) == new
    assert all(p.text for p in pieces)
    assert all(a.op is not b.op for a, b in zip(pieces, pieces[1:], strict=False))
