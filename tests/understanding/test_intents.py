"""What a chat message asks beyond a topic, read in the same pass as its references."""

from __future__ import annotations

from understanding import Metadata, understand


def test_a_fact_of_a_named_resolution() -> None:
    u = understand("When was 66/45 adopted?")
    assert u.metadata is Metadata.ADOPTED and u.symbols == ("A/RES/66/45",)
    assert not u.is_comparison and not u.lacks_topic


def test_a_comparison_and_what_is_compared() -> None:
    u = understand("How did the CTBT paragraph change between 62/37 and 66/45?")
    assert u.is_comparison and u.comparison_topic == "CTBT"
    zh = understand("比较62/37号决议和66/45号决议关于《不扩散核武器条约》普遍性的段落有何不同。")
    assert zh.is_comparison and zh.comparison_topic == "《不扩散核武器条约》普遍性"


def test_a_follow_up_with_no_topic_of_its_own() -> None:
    u = understand("And the 2017 one?")
    assert u.lacks_topic and u.refers_back and u.bare_years == (2017,) and u.years == ()
    assert understand("What about its operative part?").part == "operative"
    assert understand("它的序言部分第4段呢？").part == "preambular"
