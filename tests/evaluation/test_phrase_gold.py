"""Phrase gold, kinds and the calibration split: how `resolute eval` scores the extra set."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from chat.answer import Answer, Citation
from corpus.bundled import bundled_files
from corpus.errors import InvalidInput
from corpus.ids import ParagraphId
from evaluation.by_split import Outcome, chat_rows, retrieval_rows, score_answer, summary
from evaluation.questions import Question, letters_digits, load_questions, phrase_in
from evaluation.split import NEITHER, SEEN, UNSEEN, hash_order, load_split
from service.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXTRA_SET = ROOT / "bench" / "data" / "questions_extra.jsonl"
SPLIT = ROOT / "bench" / "data" / "calibration_split.json"
# The 24 texts the set reads; outside the repository (the shared development corpus).
CORPUS_EXTRA = Path(os.environ.get("RESOLUTE_CORPUS_EXTRA", "/work/shared/corpus-extra"))
DEV_EXTRA = CORPUS_EXTRA.parent / "eval" / "dev_questions_extra.jsonl"


def write_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    return path


def cite(symbol: str, pid: str, quote: str, lang: str = "en") -> Citation:
    return Citation(symbol, ParagraphId.parse(pid), lang, quote)


# --- phrases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("the nuclear-weapon States", "calls upon the nuclearweapon St ates to"),
        ("Non -Proliferation of Nuclear Weapons", "the Non-Proliferation of nuclear weapons;"),
        ("“One Plan for One Planet” strategy", 'the "One Plan for One Planet" strategy'),
        ("an amount of 75,000 dollars", "An amount of 75 000 dollars is"),
    ],
)
def test_a_phrase_matches_on_letters_and_digits_only(phrase: str, text: str) -> None:
    assert phrase_in(phrase, text)


def test_a_phrase_does_not_match_other_words() -> None:
    assert not phrase_in("at its seventy-sixth session", "at its seventy-eighth session")
    assert letters_digits("Secretary-General’s 2021 report") == "secretarygenerals2021report"


# --- loading -------------------------------------------------------------------------------


def test_both_gold_formats_and_the_kinds_load(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {"id": "p", "q": "CTBT in 66/45?", "gold": [["A/RES/66/45", "OP8"]]},
            {
                "id": "s",
                "q": "段落？",
                "gold": [["A/RES/74/92 B", "daily press releases in all six"]],
            },
            {
                "id": "c",
                "q": "How did it change?",
                "gold": [["A/RES/74/158", "one phrase of 2019"], ["A/RES/76/176", "one of 2021"]],
                "kind": "change",
            },
            {"id": "r", "q": "A tiramisu recipe?", "gold": [], "lang": "en", "kind": "refusal"},
        ],
    )
    p, s, c, r = load_questions(path)
    assert (p.gold, p.phrases, p.kind, p.answerable) == ([("A/RES/66/45", "OP8")], [], "", True)
    assert (s.gold, s.phrases, s.lang) == (
        [],
        [("A/RES/74/92 B", "daily press releases in all six")],
        "zh",
    )
    assert (c.kind, len(c.phrases), c.answerable) == ("change", 2, False)
    assert (r.kind, r.gold, r.phrases) == ("refusal", [], [])


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ({"q": "x", "gold": [["A/RES/1/1", "OP1"]], "kind": "trivia"}, "unknown kind"),
        ({"q": "x", "gold": [["A/RES/1/1", "OP1"]], "kind": "refusal"}, "has no gold"),
        ({"q": "x", "gold": []}, "needs gold"),
    ],
)
def test_a_bad_kind_is_named(tmp_path: Path, line: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        load_questions(write_jsonl(tmp_path / "q.jsonl", [line]))


# --- scoring one answer --------------------------------------------------------------------

PHRASE_Q = Question(
    "q1", "Which paragraph?", [], "en", phrases=[("A/RES/76/232", "Saving Lives Entity fund")]
)


def test_a_grounded_answer_citing_the_wrong_paragraph_is_a_wrong_citation() -> None:
    wrong = Answer("…", True, (cite("A/RES/76/232", "OP24", "a voluntary sponsorship fund"),))
    o = score_answer(PHRASE_Q, wrong, SEEN)
    assert (o.grounded, o.cited, o.first_right) == (True, True, False)
    rows = chat_rows("resolute", [o])
    # first citation right, grounded with a wrong first citation, refused
    assert rows[0].split(" | ")[4:7] == ["0/1 = 0.000", "1/1 = 1.000", "0/1 = 0.000"]
    assert "answers grounded with a wrong first citation: 1 English" in summary([o])


def test_the_right_quote_and_the_right_symbol_make_the_first_citation_right() -> None:
    right = Answer(
        "…",
        True,
        (
            cite(
                "A/RES/76/232",
                "OP25",
                "Welcomes the establishment of the Saving Lives Entity fund to ensure",
            ),
        ),
    )
    assert score_answer(PHRASE_Q, right, SEEN).first_right
    other = Answer("…", True, (cite("A/RES/74/53", "OP25", "the Saving Lives Entity fund"),))
    assert not score_answer(PHRASE_Q, other, SEEN).first_right  # same words, another resolution


def test_a_chinese_quote_of_the_resolved_paragraph_counts() -> None:
    q = Question(
        "q2",
        "哪一段？",
        [("A/RES/66/45", "OP8")],
        "zh",
        phrases=[("A/RES/66/45", "sign and ratify the Comprehensive")],
        resolved=[frozenset({("A/RES/66/45", "OP8")})],
    )
    zh = Answer("…", True, (cite("A/RES/66/45", "OP8", "敦促所有尚未签署和批准条约的国家", "zh"),))
    assert score_answer(q, zh, SEEN).first_right


def test_a_change_question_needs_every_year_cited() -> None:
    q = Question(
        "c",
        "How did it change?",
        [],
        "en",
        phrases=[
            ("A/RES/74/158", "at its seventy-sixth session"),
            ("A/RES/76/176", "at its seventy-eighth session"),
        ],
        kind="change",
    )
    one = Answer(
        "…", True, (cite("A/RES/74/158", "OP22", "report at its seventy-sixth session on"),)
    )
    both = Answer(
        "…",
        True,
        (
            cite("A/RES/76/176", "OP22", "report at its seventy-eighth session on"),
            cite("A/RES/74/158", "OP22", "report at its seventy-sixth session on"),
        ),
    )
    assert not score_answer(q, one, SEEN).all_cited
    assert score_answer(q, both, SEEN).all_cited


def test_a_refused_answerable_question_and_a_refusal_are_counted_apart() -> None:
    refusal = Question("r", "Tiramisu?", [], "en", kind="refusal")
    outcomes = [
        score_answer(PHRASE_Q, Answer("not in the texts", False), UNSEEN),
        score_answer(refusal, Answer("not in the texts", False), NEITHER),
    ]
    row = chat_rows("resolute", outcomes)[0].split(" | ")
    assert row[2:4] == ["all", "1"]
    assert row[6] == "1/1 = 1.000"  # refused although answerable
    assert row[8] == "1/1 = 1.000 |"  # the refusal question refused


# --- the split -----------------------------------------------------------------------------


def test_split_rows_report_seen_and_unseen_apart() -> None:
    outcomes = [
        Outcome("a", "en", SEEN, "", rank=1, grounded=True, cited=True, first_right=True),
        Outcome("b", "en", UNSEEN, "", rank=3, grounded=True, cited=True),
        Outcome("c", "zh", UNSEEN, "", rank=None),
    ]
    rows = [r.split(" | ")[1:5] for r in retrieval_rows("resolute", outcomes)]
    assert rows == [
        ["en", "all", "2", "0.500"],
        ["en", "seen", "1", "1.000"],
        ["en", "unseen", "1", "0.000"],
        ["zh", "all", "1", "0.000"],
        ["zh", "unseen", "1", "0.000"],
    ]
    chat = [r.split(" | ")[1:6] for r in chat_rows("resolute", outcomes)]
    assert ["en", "unseen", "1", "0/1 = 0.000", "1/1 = 1.000"] in chat


def test_a_question_falls_where_its_document_does(tmp_path: Path) -> None:
    path = tmp_path / "split.json"
    path.write_text(json.dumps({"rule": "r", "seen": ["A/RES/74/92"], "unseen": ["A/RES/74/158"]}))
    split = load_split(path)
    part = Question("p", "?", [], "en", phrases=[("A/RES/74/92 B", "x y z")])
    change = Question(
        "c", "?", [], "en", phrases=[("A/RES/74/92 A", "x"), ("A/RES/74/158", "y")], kind="change"
    )
    refusal = Question("r", "?", [], "en", kind="refusal")
    assert [split.of(q) for q in (part, change, refusal)] == [SEEN, UNSEEN, NEITHER]
    path.write_text(json.dumps({"seen": ["A/RES/1/1"], "unseen": ["A/RES/1/1"]}))
    with pytest.raises(InvalidInput, match="both sides"):
        load_split(path)


def _bundled_symbols() -> list[str]:
    out = set()
    for f in bundled_files():
        m = re.match(r"A_RES_(\d+)_(\d+)", f.name)
        if m:
            out.add(f"A/RES/{m[1]}/{m[2]}")
    return sorted(out)


def test_the_calibration_split_follows_its_own_rule() -> None:
    d = json.loads(SPLIT.read_text())
    split = load_split(SPLIT)
    bundled = _bundled_symbols()
    assert len(bundled) == d["corpora"]["bundled"]["documents"]
    assert set(hash_order(d["salt"], bundled)[: d["corpora"]["bundled"]["unseen_count"]]) == (
        split.unseen & set(bundled)
    )
    extra = sorted((split.seen | split.unseen) - set(bundled))
    assert len(extra) == d["corpora"]["corpus-extra"]["documents"]
    assert set(hash_order(d["salt"], extra)[: d["corpora"]["corpus-extra"]["unseen_count"]]) == (
        split.unseen - set(bundled)
    )


# --- the set itself ------------------------------------------------------------------------


def _text_of(symbol: str) -> str | None:
    session, number = symbol.split(" ")[0].split("/")[2:4]
    for folder in (CORPUS_EXTRA, *{f.parent for f in bundled_files()}):
        for f in sorted(Path(folder).glob(f"A_RES_{session}_{number}*.en.txt")):
            if re.fullmatch(rf"A_RES_{session}_{number}(A-[BC])?\.en\.txt", f.name):
                return f.read_text(encoding="utf-8")
    return None


def test_the_extra_set_has_the_shape_the_issue_asks_for() -> None:
    questions = load_questions(EXTRA_SET)
    assert len(questions) >= 160
    langs = Counter(q.lang for q in questions)
    assert 0.4 <= langs["zh"] / len(questions) <= 0.6
    kinds = Counter(q.kind for q in questions)
    assert kinds["refusal"] >= 14 and kinds["change"] >= 10
    assert all(len(q.phrases) == 2 for q in questions if q.kind == "change")
    symbols = {s.split(" ")[0] for q in questions for s, _ in q.phrases}
    split = load_split(SPLIT)
    assert symbols <= split.seen | split.unseen  # every gold resolution is on one side
    assert {UNSEEN, SEEN} <= {split.of(q) for q in questions}


@pytest.mark.skipif(not CORPUS_EXTRA.is_dir(), reason="needs the shared corpus-extra texts")
def test_every_phrase_is_5_to_12_words_and_occurs_once_in_its_resolution() -> None:
    questions = load_questions(EXTRA_SET)
    files = {f.name for f in CORPUS_EXTRA.glob("*.en.txt")}
    covered: set[str] = set()
    for q in questions:
        for symbol, phrase in q.phrases:
            text = _text_of(symbol)
            assert text is not None, symbol
            assert 5 <= len(phrase.split()) <= 12, (q.id, phrase)
            assert letters_digits(text).count(letters_digits(phrase)) == 1, (q.id, phrase)
            covered.add(symbol.split(" ")[0])
    names = {"A_RES_" + s.removeprefix("A/RES/").replace("/", "_") for s in covered}
    assert {f.split(".")[0].split("A-")[0] for f in files} <= names  # every file asked about
    if DEV_EXTRA.exists():
        dev = {json.loads(x)["q"] for x in DEV_EXTRA.read_text().splitlines() if x.strip()}
        assert not dev & {q.q for q in questions}


# --- the command ---------------------------------------------------------------------------


def test_eval_reports_phrase_gold_per_language_and_split(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data_dir))
    questions = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "id": "en-ctbt",
                "q": "What does 66/45 urge about signing and ratifying the test-ban treaty?",
                "lang": "en",
                "gold": [
                    [
                        "A/RES/66/45",
                        "with a view to its early entry into force and universalization",
                    ]
                ],
            },
            {
                "id": "zh-fmct",
                "q": "第62/37号决议对裂变材料禁产条约谈判有何主张？",
                "lang": "zh",
                "gold": [
                    ["A/RES/62/37", "immediate commencement of negotiations on a fissile material"]
                ],
            },
            {
                "id": "gone",
                "q": "What does 76/1 say about a forum for people of African descent?",
                "lang": "en",
                "gold": [["A/RES/76/1", "which will serve as a consultation mechanism"]],
            },
            {
                "id": "r",
                "q": "What is a good tiramisu recipe?",
                "lang": "en",
                "gold": [],
                "kind": "refusal",
            },
        ],
    )
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"seen": ["A/RES/66/45"], "unseen": ["A/RES/62/37", "A/RES/76/1"]}))

    assert main(["eval", str(questions), "--split", str(split), "--no-langchain"]) == 0

    out = capsys.readouterr().out
    assert "Evaluation on 4 questions" in out and "3 answerable, 1 refusal" in out
    rows = [r.split(" | ")[1:4] for r in out.splitlines() if r.startswith("| resolute (hybrid) |")]
    assert rows == [
        ["en", "all", "2"],
        ["en", "seen", "1"],
        ["en", "unseen", "1"],
        ["zh", "all", "1"],
        ["zh", "unseen", "1"],
    ]
    assert "| resolute (extractive chat) | en | all | 2 |" in out
    assert "The first citation is right for" in out
    assert "LangChain" not in out
    # 76/1 is not in the bundled store: named, and its question cannot be right.
    assert "gone: A/RES/76/1 (not in the store)" in out
