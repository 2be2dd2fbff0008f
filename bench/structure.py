"""The parser against hand-read structure, file by file: status, units, counts and time.

    python -m bench.structure [--runs 5] [--json bench/out/structure.json]

Parses every file of ../shared/corpus-extra and ../shared/corpus (sorted) with the
project's parser, storing nothing, and compares each resolution it yields with
bench/structure_golden.json: counts {preambular, operative, subparagraphs, annex} as
`Resolution.counts()` defines them, the section and annex ids in order, the first and
last top-level paragraph ids, the adoption date and the meeting. The golden values were
written by reading the texts, not by printing the parser's output, so this can show the
parser wrong. Time per file is the median of --runs parses. The exit status is 1 when a
file is refused or a count differs (usable as a check; not part of the timed test suite).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import ResoluteError
from corpus.parser import parse_file
from corpus.text import LanguageVersion

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOLDERS = ("corpus-extra", "corpus")  # under SHARED; golden keys are "<folder>/<file>"
GOLDEN = Path(__file__).parent / "structure_golden.json"
COUNTS = ("preambular", "operative", "subparagraphs", "annex")


@dataclass
class FileResult:
    file: str  # "corpus-extra/A_RES_74_3.en.txt"
    status: str  # "parsed" or "refused"
    reason: str = ""
    ms: float = 0.0
    resolutions: list[dict[str, Any]] = field(default_factory=list)  # as observed
    golden: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def counts_exact(self) -> int:
        """How many golden resolutions the parser yielded with exactly the golden counts."""
        got = {r["symbol"]: r["counts"] for r in self.resolutions}
        return sum(got.get(g["symbol"]) == g["counts"] for g in self.golden)


def _runs(ids: list[str]) -> list[str]:
    """Ids in reading order with consecutive repeats collapsed."""
    return [x for i, x in enumerate(ids) if i == 0 or ids[i - 1] != x]


def observe(v: LanguageVersion) -> dict[str, Any]:
    """What the golden file states about a resolution, read off one parsed version."""
    ps = v.paragraphs
    top = [p for p in ps if not p.pid.letter]
    # the same definitions as corpus.model.Resolution.counts()
    counts = {
        "preambular": sum(p.pid.kind_rank == 0 for p in top),
        "operative": sum(p.pid.kind_rank == 1 for p in top),
        "subparagraphs": sum(bool(p.pid.letter) for p in ps),
        "annex": sum(p.pid.kind_rank == 2 for p in top),
    }
    return {
        "symbol": v.symbol,
        "counts": counts,
        "sections": _runs([p.section[0] for p in ps if p.section]),
        "annexes": _runs([p.annex[0] for p in ps if p.annex]),
        "first": str(top[0].pid) if top else None,
        "last": str(top[-1].pid) if top else None,
        "adopted": v.adopted,
        "meeting": v.meeting,
    }


def compare(golden: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """Every difference between the golden resolutions of a file and the parsed ones."""
    out: list[str] = []
    by_symbol = {r["symbol"]: r for r in got}
    for g in golden:
        r = by_symbol.get(g["symbol"])
        if r is None:
            out.append(f"{g['symbol']}: not parsed")
            continue
        for name in COUNTS:
            if r["counts"].get(name) != g["counts"][name]:
                out.append(f"{g['symbol']}: {name} {r['counts'].get(name)} != {g['counts'][name]}")
        for key in ("sections", "annexes", "first", "last", "adopted", "meeting"):
            if r[key] != g[key]:
                out.append(f"{g['symbol']}: {key} {r[key]!r} != {g[key]!r}")
    known = {g["symbol"] for g in golden}
    out += [f"{r['symbol']}: not in the golden file" for r in got if r["symbol"] not in known]
    return out


def measure(path: Path, name: str, golden: list[dict[str, Any]], runs: int = 5) -> FileResult:
    """Parse `path` `runs` times (nothing stored), time it and compare with `golden`."""
    times: list[float] = []
    versions: list[LanguageVersion] = []
    refused = ""
    for _ in range(max(1, runs)):
        t = time.perf_counter()
        try:
            versions = parse_file(path)
        except ResoluteError as exc:  # a refusal is timed too: it is what the parser did
            refused = str(exc).removeprefix(f"{path}: ")
        times.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(times)
    if refused:
        return FileResult(name, "refused", refused, ms, golden=golden, mismatches=["refused"])
    got = [observe(v) for v in versions]
    return FileResult(name, "parsed", "", ms, got, golden, compare(golden, got))


def load_golden(path: Path = GOLDEN) -> dict[str, list[dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry["resolutions"] for name, entry in data["files"].items()}


def files(shared: Path = SHARED) -> list[tuple[str, Path]]:
    """("corpus-extra/A_RES_74_3.en.txt", path) for every text file of both folders, sorted."""
    found = []
    for folder in FOLDERS:
        found += [(f"{folder}/{p.name}", p) for p in sorted((shared / folder).glob("*.txt"))]
    return found


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def _fmt_counts(counts: dict[str, int] | None) -> str:
    return "/".join(str(counts[k]) for k in COUNTS) if counts else "-"


def table(results: list[FileResult]) -> str:
    rows = [
        "| file | status | resolutions | counts got (pp/op/sub/annex) | golden | mismatches | ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        got = {x["symbol"]: x["counts"] for x in r.resolutions}
        symbols = [g["symbol"] for g in r.golden] or list(got)
        status = r.status if r.status == "parsed" else f"refused: {r.reason}"
        wrong = [m for m in r.mismatches if m != "refused"]
        rows.append(
            f"| {r.file} | {status} | {', '.join(x['symbol'] for x in r.resolutions) or '-'} "
            f"| {'; '.join(_fmt_counts(got.get(s)) for s in symbols)} "
            f"| {'; '.join(_fmt_counts(g['counts']) for g in r.golden)} "
            f"| {'; '.join(wrong) or '-'} | {r.ms:.1f} |"
        )
    return "\n".join(rows)


def totals(results: list[FileResult]) -> dict[str, Any]:
    parsed = [r for r in results if r.status == "parsed"]
    ms = [r.ms for r in results]
    return {
        "files_parsed": len(parsed),
        "files": len(results),
        "counts_exact": sum(r.counts_exact for r in results),
        "resolutions": sum(len(r.golden) for r in results),
        "files_without_mismatch": sum(not r.mismatches for r in results),
        "ms_total": sum(ms),
        "ms_median": statistics.median(ms) if ms else 0.0,
    }


def failed(results: list[FileResult]) -> bool:
    """A file refused or a resolution whose counts are not exactly the golden ones."""
    t = totals(results)
    return t["files_parsed"] < t["files"] or t["counts_exact"] < t["resolutions"]


def run(shared: Path = SHARED, golden_path: Path = GOLDEN, runs: int = 5) -> list[FileResult]:
    golden = load_golden(golden_path)
    return [measure(path, name, golden.get(name, []), runs) for name, path in files(shared)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="parses per file; the median is shown")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder holding both corpora")
    args = ap.parse_args(argv)
    if not all((args.shared / f).is_dir() for f in FOLDERS):
        print(f"{args.shared} lacks {' and '.join(FOLDERS)}", file=sys.stderr)
        return 2
    results = run(args.shared, GOLDEN, args.runs)
    t, m = totals(results), machine()
    print(table(results))
    print(
        f"\nfiles parsed {t['files_parsed']}/{t['files']}, counts exact "
        f"{t['counts_exact']}/{t['resolutions']} resolutions, files without any mismatch "
        f"{t['files_without_mismatch']}/{t['files']}; parse {t['ms_total']:.0f} ms in all "
        f"(median {t['ms_median']:.1f} ms a file, {args.runs} runs each)"
    )
    print(f"machine: {m['cpus']} CPUs ({m['processor']}), Python {m['python']}, {m['platform']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = {"results": [asdict(r) for r in results], "totals": t, "machine": m}
        args.json.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    return 1 if failed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
