"""The Chinese and English versions of 66/45 and 62/37 align paragraph for paragraph."""

from __future__ import annotations

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.errors import ParseError
from corpus.ids import Kind
from corpus.model import Resolution
from corpus.parser import merge, parse_file
from corpus.text import LanguageVersion


@pytest.mark.parametrize(("symbol", "pp", "op"), [("A/RES/66/45", 15, 19), ("A/RES/62/37", 10, 15)])
def test_zh_and_en_align(bundled: dict[str, Resolution], symbol: str, pp: int, op: int) -> None:
    r = bundled[symbol]
    assert r.counts()["preambular"] == pp and r.counts()["operative"] == op
    for p in r.paragraphs:
        assert set(p.text) == {"en", "zh"}, p.pid
    kinds = [p.kind for p in r.paragraphs]
    assert kinds == [Kind.PREAMBULAR] * pp + [Kind.OPERATIVE] * op


def test_aligned_paragraphs_say_the_same_thing(bundled: dict[str, Resolution]) -> None:
    r = bundled["A/RES/66/45"]
    op6 = next(p for p in r.paragraphs if str(p.pid) == "OP6")
    assert "Paris" in op6.text["en"] and "巴黎" in op6.text["zh"]
    pp3 = next(p for p in r.paragraphs if str(p.pid) == "PP3")
    assert "65/72" in pp3.text["en"] and "65/72" in pp3.text["zh"]


def test_versions_of_different_resolutions_do_not_merge() -> None:
    a = only(parse_file(BUNDLED_DIR / "A_RES_66_45.zh.txt"))
    b = only(parse_file(BUNDLED_DIR / "A_RES_62_37.en.txt"))
    with pytest.raises(ParseError, match="A/RES/62/37"):
        merge([a, b])


def test_misaligned_versions_are_refused() -> None:
    zh = only(parse_file(BUNDLED_DIR / "A_RES_66_45.zh.txt"))
    en = only(parse_file(BUNDLED_DIR / "A_RES_66_45.en.txt"))
    en.paragraphs.pop()  # as if the English text had lost its last paragraph
    with pytest.raises(ParseError, match="do not align"):
        merge([zh, en])


def only(versions: list[LanguageVersion]) -> LanguageVersion:
    (version,) = versions
    return version
