"""`resolute ingest` on real collections (a folder with a bad file) and `resolute parse`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.store import Store
from service import cli
from tests.conftest import FIXTURES


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """An undocs-style tree: a new resolution, a stored one, and one broken file."""
    root = tmp_path / "undocs" / "en" / "pdfs" / "A" / "RES"
    for rel, src in {
        "64/47/resolution.txt": FIXTURES / "A_RES_64_47.en.txt",
        "66/45/resolution.txt": BUNDLED_DIR / "A_RES_66_45.en.txt",
    }.items():
        (root / rel).parent.mkdir(parents=True)
        shutil.copy(src, root / rel)
    (root / "70" / "1").mkdir(parents=True)
    (root / "70" / "1" / "resolution.txt").write_text("Minutes of a meeting, not a resolution.\n")
    (root / "70" / "1" / "metadata.json").write_text("{}")
    return tmp_path / "undocs"


def test_ingest_refuses_the_bad_file_by_name_and_lands_the_rest(
    data_dir: Path,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(data_dir))
    assert cli.main(["ingest", str(collection)]) == 1
    out, err = capsys.readouterr()
    assert "ingested A/RES/64/47 (en)" in out and "unchanged A/RES/66/45 (en)" in out
    assert "indexed" in out  # the index follows what landed
    bad = collection / "en/pdfs/A/RES/70/1/resolution.txt"
    assert f"refused {bad}: " in err
    assert "ingested 1, unchanged 1, refused 1" in err
    store = Store(data_dir / "resolute.sqlite3")
    try:
        assert "A/RES/64/47" in store.symbols()
    finally:
        store.close()
    assert cli.main(["ingest", str(collection)]) == 1  # again: nothing new, still refused
    assert "ingested 0, unchanged 2, refused 1" in capsys.readouterr().err


def test_parse_json_reports_each_file_and_stores_nothing(
    tmp_path: Path,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RESOLUTE_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["parse", str(collection), "--json"]) == 1
    files = json.loads(capsys.readouterr().out)["files"]
    by_symbol = {f.get("symbol"): f for f in files}
    res = by_symbol["A/RES/66/45"]
    assert res["adopted"] == "2011-12-02" and res["lang"] == "en"
    assert "A/66/412" in res["committee_report"]
    assert res["counts"]["operative"] > 0 and res["counts"]["preambular"] > 0
    assert res["paragraphs"][0] == "PP1"
    (failed,) = [f for f in files if "error" in f]
    assert failed["file"].endswith("70/1/resolution.txt") and failed["error"]
    assert not (tmp_path / "data").exists()  # parse opens no store


def test_parse_text_output_and_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["parse", str(BUNDLED_DIR / "A_RES_62_37.zh.txt")]) == 0
    out = capsys.readouterr().out
    assert "A/RES/62/37 (zh)" in out and "operative" in out


def test_progress_line_only_for_long_batches(capsys: pytest.CaptureFixture[str]) -> None:
    from service.cli_files import progress_line

    short, long = progress_line(), progress_line()
    for i in range(1, 4):
        short(i, 3)
    assert capsys.readouterr().err == ""
    for i in range(1, 31):
        long(i, 30)
    assert "30/30" in capsys.readouterr().err


def test_parse_text_prints_the_header_as_the_resolution_gives_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["parse", str(BUNDLED_DIR / "A_RES_66_45.en.txt")]) == 0
    out = capsys.readouterr().out
    line = "adopted 2011-12-02  71st plenary meeting  on the report of the First Committee"
    assert line in out and "report on the report" not in out
    assert "15 preambular, 19 operative" in out
