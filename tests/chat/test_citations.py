"""The citation check catches made-up ids, altered quotes and quotes from another paragraph."""

from __future__ import annotations

from chat.answer import Answer, Citation
from chat.citations import check_citations, parse_marked_answer
from corpus.ids import ParagraphId

OP8 = "Urges all States that have not yet done so to sign and ratify the Treaty;"
OP9 = "Reiterates its call for the immediate commencement of negotiations on a treaty;"
EVIDENCE = {
    ("A/RES/66/45", "OP8"): {"en": OP8, "zh": "敦促所有尚未签署和批准的国家；"},
    ("A/RES/66/45", "OP9"): {"en": OP9},
}


def cite(pid: str, quote: str, lang: str = "en", symbol: str = "A/RES/66/45") -> Citation:
    return Citation(symbol, ParagraphId.parse(pid), lang, quote)


def test_valid_citations_pass_untouched() -> None:
    answer = Answer(
        "x", True, (cite("OP8", OP8), cite("OP8", "敦促所有尚未签署和批准的国家；", "zh"))
    )
    checked = check_citations(answer, EVIDENCE)
    assert checked.answer == answer and checked.removed == ()


def test_made_up_id_altered_quote_and_wrong_paragraph_are_removed() -> None:
    answer = Answer(
        "x",
        True,
        (
            cite("OP8", OP8),
            cite("OP99", OP8),  # not retrieved
            cite("OP8", OP8.replace("sign", "consider")),  # altered
            cite("OP9", OP8),  # quote from another paragraph
            cite("OP8", OP8, symbol="A/RES/99/99"),  # made-up resolution
        ),
    )
    checked = check_citations(answer, EVIDENCE)
    assert [str(c.pid) for c in checked.answer.citations] == ["OP8"]
    assert len(checked.removed) == 4


def test_nothing_valid_left_is_ungrounded() -> None:
    checked = check_citations(Answer("x", True, (cite("OP1", "words"),)), EVIDENCE)
    assert not checked.answer.grounded and checked.answer.citations == ()


def test_marked_llm_text_keeps_only_supported_citations() -> None:
    text = (
        'The Assembly urges States "to sign and ratify the Treaty" [A/RES/66/45 OP8]. '
        "It also cites [A/RES/99/99 OP1] for nothing. "
        'It said "all States must abolish armies tomorrow" [A/RES/66/45 OP9]. '
        "Negotiations are called for [66/45 OP9]."
    )
    checked = parse_marked_answer(text, EVIDENCE, "en")
    keys = [(c.symbol, str(c.pid)) for c in checked.answer.citations]
    assert keys == [("A/RES/66/45", "OP8"), ("A/RES/66/45", "OP9")]
    assert "A/RES/99/99" not in checked.answer.text
    assert "abolish armies" not in checked.answer.text  # the sentence with a false quote went
    assert checked.answer.citations[0].quote == OP8  # the citation quotes the paragraph itself
    assert len(checked.removed) == 2


def test_quote_attributed_to_the_wrong_paragraph_is_caught() -> None:
    text = f'"{OP9[:40]}" [A/RES/66/45 OP8].'
    checked = parse_marked_answer(text, EVIDENCE, "en")
    assert checked.answer.citations == () and not checked.answer.grounded
