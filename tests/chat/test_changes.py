"""'What changed': a resolution against the one it renews (its series), every paragraph
named cited and quoted verbatim, in English and Chinese; honest when no earlier member is
held."""

from __future__ import annotations

import pytest

from chat.service import ChatService


@pytest.fixture
def chat(chat_with_series: ChatService) -> ChatService:
    return chat_with_series


def test_what_changed_from_last_year(chat: ChatService) -> None:
    reply = chat.ask("What changed in 72/50 from last year?")
    a = reply.answer
    assert a.grounded and a.text.startswith("A/RES/72/50 against A/RES/71/49, the resolution it")
    changes = chat.series.changes("A/RES/72/50", "A/RES/71/49")  # type: ignore[union-attr]
    listed = [p for p in changes.paragraphs if p.change.value != "same"]
    assert f"{sum(p.change.value == 'changed' for p in listed)} paragraphs changed" in a.text
    assert a.citations and all(c.symbol in ("A/RES/72/50", "A/RES/71/49") for c in a.citations)
    assert a.citations[0].pid.kind_rank == 1  # operative changes first
    for c in a.citations:
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]
        # the paragraphs as they now read are quoted; what a changed one was, named
        assert c.quote in a.text if c.symbol == "A/RES/72/50" else f"(was {c.label})" in a.text


def test_each_change_names_both_sides_cited_and_its_redline(chat: ChatService) -> None:
    a = chat.ask("What changed in 72/50 from last year?").answer
    assert a.changes and a.brief.startswith("A/RES/72/50 against A/RES/71/49")
    assert "“" not in a.brief  # the quotes are the changes' to show
    kinds = set()
    for change in a.changes:
        sides = [s for s in (change.before, change.after) if s is not None]
        assert sides and all(s in a.citations for s in sides)
        old = "".join(p.text for p in change.redline if p.op.value != "insert")
        new = "".join(p.text for p in change.redline if p.op.value != "delete")
        if change.before is not None and change.after is not None:
            kinds.add("changed")
            assert (change.before.symbol, change.after.symbol) == ("A/RES/71/49", "A/RES/72/50")
            assert (old, new) == (change.before.quote, change.after.quote)
            assert change.said.startswith("From 2016 to 2017:")
        else:
            kinds.add("added" if change.after is not None else "dropped")
            assert (old or new) == sides[0].quote
    assert "changed" in kinds
    for c in a.citations:  # the old sides too: quoted verbatim from the store
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]


CTBT_CHANGE = (
    "How did the call on the Comprehensive Nuclear-Test-Ban Treaty change between 2007 and 2011?"
)


def test_a_comparison_between_two_years_is_one_change(chat: ChatService) -> None:
    a = chat.ask(CTBT_CHANGE).answer
    (change,) = a.changes
    assert (change.before, change.after) == a.citations
    assert a.brief == "How the paragraph changed:" and change.said in a.text


def test_what_changed_in_chinese(chat: ChatService) -> None:
    a = chat.ask("72/50号决议与上一年相比有什么变化？").answer
    assert a.grounded and a.text.startswith("第72/50号决议与其前一项决议第71/49号决议相比：修改")
    assert "- 修改：" in a.text


def test_the_first_of_a_series_has_nothing_to_compare_with(chat: ChatService) -> None:
    a = chat.ask("What changed in 58/59?").answer
    assert not a.grounded and not a.citations
    assert "No earlier resolution of the series of A/RES/58/59 is held" in a.text


def test_a_year_beside_a_symbol_is_the_member_of_that_symbols_series(chat: ChatService) -> None:
    # 62/37 (2007) is renewed by 63/73 (2008); 61/74 is 62/37's predecessor, not "2008".
    a = chat.ask(
        "Compared with 62/37, what did the 2008 resolution add to what it encouraged Russia "
        "and the United States to do about their strategic arms?"
    ).answer
    assert a.grounded
    assert [c.symbol for c in a.citations] == ["A/RES/62/37", "A/RES/63/73"]


def test_members_compared_follow_one_paragraph_through_the_series(chat: ChatService) -> None:
    # Asked in Chinese; 63/73 is held in English only: its side is the paragraph the series'
    # alignment puts in the place of 62/37's, and both are quoted in English to be redlined.
    a = chat.ask(
        "在涉及朝鲜核试验的序言段落中，63/73号决议对六方会谈进展的态度与上一年的62/37号决议"
        "相比改成了什么？"
    ).answer
    assert a.grounded
    before, after = a.citations
    assert (before.symbol, after.symbol) == ("A/RES/62/37", "A/RES/63/73")
    assert "六方会谈" in chat.store.paragraph(before.symbol, str(before.pid))[1].text["zh"]
    alignment = chat.series.catalog().alignment("A/RES/62/37", "A/RES/63/73")  # type: ignore[union-attr]
    assert alignment is not None
    match = alignment.of_old(str(before.pid))
    assert match is not None and match.new == str(after.pid)
    assert before.lang == after.lang == "en" and a.changes
    for c in a.citations:
        _, para = chat.store.paragraph(c.symbol, str(c.pid))
        assert c.quote == para.text[c.lang]
