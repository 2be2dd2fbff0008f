"""`python -m bench.baselines`: Resolute's rows, then each baseline's, on one small store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.baselines import main
from corpus.store import Store, ingest_paths

FIXTURES = Path(__file__).parents[1] / "fixtures"
QUESTIONS = [
    {"id": "q-1", "q": "What does 64/47 say about the CTBT?", "gold": [["A/RES/64/47", "OP1"]]},
    {"id": "q-2", "q": "64/47号决议第2段", "gold": [["A/RES/64/47", "OP2"]]},
]
CHAT = [{"id": "r-1", "type": "refusal", "q": "What is the capital of France?"}]


def write_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    return path


def test_every_system_on_the_same_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    store = Store(data / "resolute.sqlite3")
    ingest_paths(store, [FIXTURES / "A_RES_64_47.en.txt"])
    store.close()
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data))
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    chat = write_jsonl(tmp_path / "chat.jsonl", CHAT)

    assert main([str(questions), "--chat", str(chat)]) == 0

    out = capsys.readouterr().out
    systems = [line.split(" | ")[0][2:] for line in out.splitlines() if " | all | 2 | " in line]
    assert systems == [
        "resolute (hybrid)",
        "dense only",
        "lexical only",
        "LangChain default recipe",
    ]
    assert "| refusals | 1/1 = 1.000 |" in out
    assert "| answers naming the exact paragraph | " in out
    assert "| first cited text holds the gold paragraph | " in out


def test_an_empty_store_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RESOLUTE_INGEST_BUNDLED", "false")
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)

    assert main([str(questions)]) == 2

    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "is empty: run `resolute ingest --bundled`" in err
