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
        assert c.quote in a.text


def test_what_changed_in_chinese(chat: ChatService) -> None:
    a = chat.ask("72/50号决议与上一年相比有什么变化？").answer
    assert a.grounded and a.text.startswith("第72/50号决议与其前一项决议第71/49号决议相比：修改")
    assert "- 修改：" in a.text


def test_the_first_of_a_series_has_nothing_to_compare_with(chat: ChatService) -> None:
    a = chat.ask("What changed in 58/59?").answer
    assert not a.grounded and not a.citations
    assert "No earlier resolution of the series of A/RES/58/59 is held" in a.text
