"""`resolute parse` and the ingest's progress line: the command line's work on files.

`parse` runs the same reading and parsing as `ingest` (corpus/files.py, corpus/parser.py)
and stops before the store, so a user can check a collection before landing it; what it
refuses, `ingest` refuses too, with the same reason.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from corpus.errors import ParseError
from corpus.files import find_resolution_files, is_pdf, read_bytes, require_pdftotext
from corpus.model import Resolution
from corpus.parser import merge, parse_text, read_text
from corpus.store import IngestReport
from corpus.text import LanguageVersion

PROGRESS_FROM = 20  # files: shorter ingests finish before a bar would tell anything


def parse_files(paths: list[Path], as_json: bool, out: TextIO | None = None) -> int:
    """Print what the parser finds in each file; 1 if any file is refused."""
    out = out or sys.stdout  # looked up at the call, so a redirected stdout is followed
    found = find_resolution_files(paths)
    if any(is_pdf(f) for f in found.files):
        require_pdftotext()
    results = [{"file": name, "error": reason} for name, reason in found.refused]
    results += [r for f in found.files for r in _parse_one(f)]
    if not results:
        raise ParseError(", ".join(map(str, paths)), "no .txt or .pdf files to parse")
    if as_json:
        print(json.dumps({"files": results}, ensure_ascii=False, indent=2), file=out)
    else:
        for r in results:
            print(_as_text(r), file=out)
    return 1 if any("error" in r for r in results) else 0


def _parse_one(path: Path) -> list[dict[str, Any]]:
    """One entry per resolution the file holds (one per part of a document in parts)."""
    name = str(path)
    try:
        versions = parse_text(read_text(read_bytes(path), name), name)
        merged = [(v, merge([v])) for v in versions]
    except ParseError as exc:
        return [{"file": name, "error": exc.reason if exc.source == name else exc.message}]
    except OSError as exc:
        return [{"file": name, "error": exc.strerror or str(exc)}]
    return [_found(name, version, res) for version, res in merged]


def _found(name: str, version: LanguageVersion, res: Resolution) -> dict[str, Any]:
    warnings = [
        f"no {what} found"
        for what, value in (
            ("adoption date", res.adopted),
            ("meeting", res.meeting),
            ("agenda item", res.agenda_item),
            ("committee report", res.committee_report),
        )
        if not value
    ]
    unmatched = sorted({m for p in version.paragraphs for m in p.marks} - set(version.footnotes))
    if unmatched:
        warnings.append(f"footnote markers without a footnote text: {', '.join(unmatched)}")
    return {
        "file": name,
        "symbol": res.symbol,
        "lang": version.lang,
        "title": version.title,
        **({"document_title": version.document_title} if version.document_title else {}),
        "adopted": res.adopted,
        "meeting": res.meeting,
        "agenda_item": res.agenda_item,
        "committee_report": res.committee_report,
        "counts": {**res.counts(), "footnotes": len(res.footnotes)},
        "paragraphs": [str(p.pid) for p in res.paragraphs],
        "warnings": warnings,
    }


def _as_text(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"{r['file']}\n  refused: {r['error']}\n"
    counts = ", ".join(f"{n} {what}" for what, n in r["counts"].items())
    lines = [
        r["file"],
        f"  {r['symbol']} ({r['lang']})  {r['title']}"
        + (f"  (part of: {r['document_title']})" if "document_title" in r else ""),
        f"  adopted {r['adopted'] or '?'}  {r['meeting'] or '?'}  "
        # The stored value is the line as printed ("on the report of the … Committee (…)").
        f"{r['committee_report'] or 'no committee report found'}",
        f"  {counts}",
    ]
    lines += [f"  warning: {w}" for w in r["warnings"]]
    return "\n".join(lines) + "\n"


def progress_line(err: TextIO | None = None) -> Callable[[int, int], None]:
    """A progress(done, total) for ingest: tqdm on stderr when installed, else a counter
    line rewritten in place; silent for batches under PROGRESS_FROM files."""
    stream = err or sys.stderr
    bar: list[Any] = []

    def progress(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if not bar:
            try:
                # installed with the embedders, not a dependency of ours, and without
                # type stubs: looked up by name so that its absence is only a plainer line
                tqdm = importlib.import_module("tqdm").tqdm
                bar.append(tqdm(total=total, unit="file", desc="parsing", file=stream))
            except ImportError:
                bar.append(None)
        if bar[0] is not None:
            bar[0].update(1)
            if done == total:
                bar[0].close()
        else:
            end = "\n" if done == total else ""
            print(f"\rparsing {done}/{total} files", end=end, file=stream, flush=True)

    return progress


def print_report(report: IngestReport, err: TextIO | None = None) -> int:
    """The refusals by name and reason, then a summary, on stderr: stdout keeps one line per
    language version ("ingested A/RES/66/45 (en)"), which scripts read; 1 if any refused."""
    err = err or sys.stderr
    for name, reason in report.refused:
        print(f"refused {name}: {reason}", file=err)
    print(
        f"ingested {len(report.added)}, unchanged {len(report.unchanged)}, "
        f"refused {len(report.refused)}",
        file=err,
    )
    return 1 if report.refused else 0
