"""`python -m bench.structure`: the comparison with the golden file, on fabricated cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import structure
from bench.structure import FileResult, compare, failed, load_golden, measure, observe, table
from corpus.ids import ParagraphId
from corpus.text import LanguageVersion, ParsedParagraph

TEXT = """A/RES/64/47

Resolution adopted by the General Assembly
on 2 December 2009

64/47.

Renewed determination

The General Assembly,
Recalling its resolutions,
Noting the report,
1.
Decides to continue;
2.
Requests the following:
(a) One thing;
(b) Another;

55th plenary meeting
2 December 2009
"""


def _version() -> LanguageVersion:
    def p(pid: str) -> ParsedParagraph:
        return ParsedParagraph(ParagraphId.parse(pid), f"text of {pid}")

    return LanguageVersion(
        source="x.txt",
        lang="en",
        symbol="A/RES/64/47",
        title="Renewed determination",
        adopted="2009-12-02",
        meeting="55th plenary meeting",
        agenda_item=None,
        committee_report=None,
        paragraphs=[p(x) for x in ("PP1", "PP2", "OP1", "OP2", "OP2(a)", "OP2(b)")],
        footnotes={},
    )


def _golden(**changes: Any) -> dict[str, Any]:
    g = {
        "symbol": "A/RES/64/47",
        "counts": {"preambular": 2, "operative": 2, "subparagraphs": 2, "annex": 0},
        "sections": [],
        "annexes": [],
        "first": "PP1",
        "last": "OP2",
        "adopted": "2009-12-02",
        "meeting": "55th plenary meeting",
    }
    return g | changes


def test_a_matching_golden_passes() -> None:
    got = observe(_version())
    assert compare([_golden()], [got]) == []
    result = FileResult("f.txt", "parsed", resolutions=[got], golden=[_golden()])
    assert result.counts_exact == 1 and not failed([result])


def test_a_wrong_count_is_a_mismatch() -> None:
    wrong = _golden(counts={"preambular": 3, "operative": 2, "subparagraphs": 2, "annex": 0})
    got = observe(_version())
    assert compare([wrong], [got]) == ["A/RES/64/47: preambular 2 != 3"]
    result = FileResult("f.txt", "parsed", resolutions=[got], golden=[wrong])
    assert result.counts_exact == 0 and failed([result])


def test_other_fields_and_missing_parts_are_mismatches() -> None:
    golden = [_golden(last="OP3", meeting="56th plenary meeting"), _golden(symbol="A/RES/64/47 B")]
    assert compare(golden, [observe(_version())]) == [
        "A/RES/64/47: last 'OP2' != 'OP3'",
        "A/RES/64/47: meeting '55th plenary meeting' != '56th plenary meeting'",
        "A/RES/64/47 B: not parsed",
    ]


def test_a_real_parse_and_a_refusal(tmp_path: Path) -> None:
    good = tmp_path / "A_RES_64_47.en.txt"
    good.write_text(TEXT, encoding="utf-8")
    parsed = measure(good, "corpus/A_RES_64_47.en.txt", [_golden()], runs=2)
    assert (parsed.status, parsed.mismatches, parsed.counts_exact) == ("parsed", [], 1)
    assert parsed.ms > 0

    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    refused = measure(empty, "corpus/empty.txt", [_golden()], runs=1)
    assert refused.status == "refused" and "empty" in refused.reason
    assert failed([parsed, refused]) and refused.counts_exact == 0
    assert "| corpus/empty.txt | refused: the file is empty |" in table([parsed, refused])


def test_main_writes_json_and_fails_on_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in structure.FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "corpus" / "A_RES_64_47.en.txt").write_text(TEXT, encoding="utf-8")
    golden = tmp_path / "golden.json"
    entry = {"resolutions": [_golden()]}
    golden.write_text(json.dumps({"files": {"corpus/A_RES_64_47.en.txt": entry}}))
    monkeypatch.setattr(structure, "GOLDEN", golden)
    out = tmp_path / "out.json"

    assert structure.main(["--shared", str(tmp_path), "--runs", "1", "--json", str(out)]) == 0
    assert "files parsed 1/1, counts exact 1/1" in capsys.readouterr().out
    assert json.loads(out.read_text())["totals"]["counts_exact"] == 1

    entry["resolutions"][0]["counts"]["operative"] = 3
    golden.write_text(json.dumps({"files": {"corpus/A_RES_64_47.en.txt": entry}}))
    assert structure.main(["--shared", str(tmp_path), "--runs", "1"]) == 1
    assert "operative 2 != 3" in capsys.readouterr().out


def test_the_golden_file_names_only_files_that_exist() -> None:
    if not all((structure.SHARED / f).is_dir() for f in structure.FOLDERS):
        pytest.skip("../shared is absent (a clone elsewhere)")
    named = set(load_golden())
    present = {name for name, _ in structure.files()}
    assert named <= present, sorted(named - present)
    assert named == present, f"files without a golden entry: {sorted(present - named)}"
