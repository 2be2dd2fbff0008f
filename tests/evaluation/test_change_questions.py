"""The hand-written "what changed" set: its shape, its phrases, and its first mentions.

bench/data/change_questions.jsonl asks how the nuclear disarmament series (58/59 to 72/50)
and the elections series (74/158, 76/176) changed from year to year. Its gold was read off the
texts by hand; these tests hold it to the texts, so a slip in a copied phrase or a "first
mention" that an earlier member already makes shows up here rather than as a wrong score.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from corpus.bundled import bundled_files
from evaluation.questions import letters_digits, load_questions

ROOT = Path(__file__).resolve().parents[2]
CHANGE_SET = ROOT / "bench" / "data" / "change_questions.jsonl"
SERIES_FIXTURES = ROOT / "tests" / "fixtures" / "series"  # 74/158 and 76/176


def _session(symbol: str) -> int:
    return int(symbol.split("/")[2])


def _english_texts() -> dict[str, str]:
    """Symbol -> letters and digits of its English text (the bundled series, the elections pair)."""
    out = {}
    for f in [*bundled_files(), *SERIES_FIXTURES.glob("*.en.txt")]:
        m = re.fullmatch(r"A_RES_(\d+)_(\d+)\.en\.txt", f.name)
        if m:
            out[f"A/RES/{m[1]}/{m[2]}"] = letters_digits(f.read_text(encoding="utf-8"))
    return out


TEXTS = _english_texts()
NUCLEAR = sorted((s for s in TEXTS if _session(s) < 74), key=_session)

# For each ordinary question ("when first ...", "has it always ..."): words (letters and digits)
# that the gold resolution holds and that no earlier member of the series holds.
FIRST_WORDS = {
    "first-beyond-sort": ["beyondthoseprovidedforbythetreaty"],
    "first-nws-initiatives": ["proposalsandinitiatives", "france"],
    "first-cd-plenary-followup": ["tofollowuponthehighlevelmeeting"],
    "first-report-2014": ["reporttheirundertakings"],
    "first-proliferation-networks": ["networks"],
    "first-1540-implementation": ["implementationofsecuritycouncilresolution1540"],
    "always-civil-society": ["civilsociety"],
    "always-agenda-item": ["provisionalagenda"],
    "always-ctbt": ["signaturesandratifications", "comprehensivenucleartestbantreaty"],
    "first-education-implement-zh": ["encouragesallstatestoimplement"],
    "first-sg-hiroshima-zh": ["secretarygeneraltohiroshima"],
    "first-p5-followup-zh": ["fivenuclearweaponstates", "followupmeeting"],
    "first-ctbt-verification-zh": ["verificationregime"],
    "first-ctbt-friends-zh": ["friendsofthecomprehensive"],
    "first-threat-reduction-zh": ["nuclearweaponsrelatedmaterials", "internationalcooperation"],
    "always-operational-status-zh": ["operationalstatus"],
    "always-universality-zh": ["statesnotpartiestothetreatytoaccede"],
    "always-gcd-zh": ["generalandcompletedisarmament"],
}


# For each refusal question (a change asked about a topic the series never touches): the
# words, in English, that no member of the series holds.
ABSENT_WORDS = {
    "ch-refuse-remittances": ["remittances"],
    "ch-refuse-coral": ["coralreef"],
    "ch-refuse-polio": ["polio", "vaccination"],
    "ch-refuse-broadband": ["broadband"],
    "ch-refuse-coral-zh": ["coralreef"],
    "ch-refuse-remittances-zh": ["remittances"],
    "ch-refuse-wheat-zh": ["wheat"],
    "ch-refuse-whaling-zh": ["whaling", "whale"],
}


def test_the_set_has_forty_eight_questions_half_of_them_chinese() -> None:
    questions = load_questions(CHANGE_SET)
    assert len(questions) == 48
    assert len({q.id for q in questions}) == 48
    assert Counter(q.lang for q in questions) == {"en": 24, "zh": 24}
    for lang in ("en", "zh"):
        kinds = Counter(q.kind for q in questions if q.lang == lang)
        assert kinds["change"] >= 8 and kinds[""] >= 8 and kinds["refusal"] == 4
        assert set(kinds) == {"change", "", "refusal"}
    for q in questions:
        if q.kind == "change":  # one pair a year, earlier year first
            (s1, _), (s2, _) = q.phrases
            assert _session(s1) < _session(s2), q.id
        elif q.kind == "refusal":
            assert not q.phrases, q.id
        else:
            assert len(q.phrases) == 1, q.id


def test_a_refusal_asks_about_words_no_member_holds() -> None:
    refusals = {q.id for q in load_questions(CHANGE_SET) if q.kind == "refusal"}
    assert refusals == set(ABSENT_WORDS)
    for qid, words in ABSENT_WORDS.items():
        for w in words:
            assert not [s for s in TEXTS if w in TEXTS[s]], (qid, w)


def test_every_phrase_is_5_to_12_words_and_occurs_once_in_its_resolution() -> None:
    for q in load_questions(CHANGE_SET):
        for symbol, phrase in q.phrases:
            assert symbol in TEXTS, (q.id, symbol)
            assert 5 <= len(phrase.split()) <= 12, (q.id, phrase)
            assert TEXTS[symbol].count(letters_digits(phrase)) == 1, (q.id, phrase)


@pytest.mark.parametrize("qid", sorted(FIRST_WORDS))
def test_a_first_mention_is_the_earliest_member_that_says_it(qid: str) -> None:
    q = next(q for q in load_questions(CHANGE_SET) if q.id == qid)
    ((symbol, phrase),) = q.phrases
    earlier = [s for s in NUCLEAR if _session(s) < _session(symbol)]
    for words in FIRST_WORDS[qid]:
        assert words in TEXTS[symbol], (qid, words)
        assert not [s for s in earlier if words in TEXTS[s]], (qid, words)
    assert not [s for s in earlier if letters_digits(phrase) in TEXTS[s]], qid


def test_every_ordinary_question_is_checked_for_its_first_mention() -> None:
    ordinary = {q.id for q in load_questions(CHANGE_SET) if not q.kind}
    assert ordinary == set(FIRST_WORDS)


def test_no_question_repeats_one_of_the_other_sets() -> None:
    mine = {q.q for q in load_questions(CHANGE_SET)}
    for name in ("questions.jsonl", "questions_extra.jsonl", "dev_questions.jsonl"):
        path = ROOT / "bench" / "data" / name
        if path.exists():
            assert not mine & {q.q for q in load_questions(path)}, name
