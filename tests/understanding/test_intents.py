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


def test_a_first_mention_and_what_to_follow() -> None:
    u = understand("When did the Assembly first call for nuclear-weapon-free zones?")
    assert u.first_mention and not u.always_there
    assert u.history_topic == "nuclear-weapon-free zones"
    zh = understand("大会何时首次呼吁建立无核武器区？")
    assert zh.first_mention and zh.history_topic == "建立无核武器区"
    assert not understand("When was 66/45 adopted?").first_mention  # a date, not a history
    assert not understand("What was the first operative paragraph of 66/45?").first_mention


def test_always_there() -> None:
    u = understand("Has the paragraph on nuclear terrorism always been there?")
    assert u.always_there and not u.first_mention and u.history_topic == "nuclear terrorism"
    zh = understand("关于核恐怖主义的段落一直都有吗？")
    assert zh.always_there and zh.history_topic == "核恐怖主义"


def test_between_two_years() -> None:
    u = understand(
        "How did the paragraph on nuclear-weapon-free zones change between 2010 and 2017?"
    )
    assert u.years == (2010, 2017) and u.comparison_topic == "on nuclear-weapon-free zones"


def test_what_one_text_added_or_dropped_is_a_comparison() -> None:
    u = understand(
        "What did 66/45 add to the paragraph on nuclear-weapon-free zones, compared with 65/72?"
    )
    assert u.is_comparison and u.comparison_topic == "on nuclear-weapon-free zones"
    u = understand(
        "What did the 2017 resolution drop from the paragraph on nuclear security, compared "
        "with the 2016 one?"
    )
    assert u.is_comparison and u.years == (2017, 2016)
    assert u.comparison_topic == "on nuclear security"
    zh = understand("关于中东无核武器区的那一段，第66/45号决议比第65/72号决议多了哪些内容？")
    assert zh.is_comparison and "中东无核武器区" in zh.comparison_topic  # 中东 kept whole
    assert "哪些内容" not in zh.comparison_topic


def test_the_year_one_is_a_year_only_beside_a_resolution() -> None:
    assert understand("What does 66/45 say about the 2010 one?").years == ()


def test_a_first_mention_or_always_said_otherwise() -> None:
    assert understand("In which year did these resolutions first express concern?").first_mention
    assert understand("这一系列决议从哪一年开始鼓励各国落实这些建议？").first_mention
    assert understand("Has this call been part of the series from the start?").always_there
    assert understand("这一提法是不是这一系列决议一开始就有？").always_there
    u = understand("When did the series first mention the Secretary-General's visit?")
    assert u.history_topic == "Secretary-General's visit"  # "General" of a name is kept
