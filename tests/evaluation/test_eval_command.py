"""`resolute eval` (the same `main` as the command): Resolute's own figures, or one line saying
what to run first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main

QUESTIONS = [
    {"id": "en-1", "q": "What does 66/45 say about the CTBT?", "gold": [["A/RES/66/45", "OP8"]]},
    {
        "id": "en-2",
        "q": "Which paragraph of 62/37 deals with a fissile material cut-off treaty?",
        "gold": [["A/RES/62/37", "OP11"]],
    },
    {
        "id": "zh-1",
        "q": "65/72号决议关于全面禁止核试验条约说了什么？",
        "gold": [["A/RES/65/72", "OP8"]],
    },
]
CHAT = [
    {"id": "r-1", "type": "refusal", "q": "What is the capital of France?"},
    {"id": "m-1", "type": "metadata", "q": "When was 66/45 adopted?", "expect": "2011"},
]


def write_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    return path


def test_empty_store_says_what_to_run_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Default settings, a fresh data dir: the evaluation does not ingest the bundled corpus.
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RESOLUTE_INGEST_BUNDLED", raising=False)
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)

    assert main(["eval", str(questions)]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"error: the store in {tmp_path / 'data'} is empty: run `resolute ingest --bundled` "
        "(or `resolute ingest PATH...`) first"
    ]
    assert "Traceback" not in err


def test_bundled_corpus_prints_the_retrieval_and_chat_tables(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data_dir))
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    chat = write_jsonl(tmp_path / "chat.jsonl", CHAT)

    assert main(["eval", str(questions), "--chat", str(chat)]) == 0

    out = capsys.readouterr().out
    assert f"Retrieval on 3 questions ({questions}):" in out
    assert "| system | lang | n | hit@1 | hit@5 | MRR | p50 ms | p95 ms |" in out
    rows = [line for line in out.splitlines() if line.startswith("| resolute (hybrid) |")]
    assert [row.split(" | ")[1:3] for row in rows] == [["all", "3"], ["en", "2"], ["zh", "1"]]
    assert "LangChain" not in out and "dense only" not in out  # baselines are bench's
    for metric in ("single hit@1 | ", "refusals | 1/1 = 1.000", "metadata | ", "p95 ms | "):
        assert f"| {metric}" in out
    assert not (data_dir / "conversations.sqlite3").exists()  # the evaluation's own, gone


@pytest.mark.parametrize(
    ("content", "says"),
    [(None, "cannot read the question set"), ('{"q": "no gold"}\n', "line 1: not a question")],
)
def test_an_unreadable_question_set_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    says: str,
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESOLUTE_INGEST_BUNDLED", "false")
    questions = tmp_path / "questions.jsonl"
    if content is not None:
        questions.write_text(content)
    assert main(["eval", str(questions)]) == 2
    err = capsys.readouterr().err
    assert says in err and str(questions) in err
    assert "Traceback" not in err
