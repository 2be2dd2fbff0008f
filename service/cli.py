"""The `resolute` command: ingest, show, serve (search, ask and eval join as they land)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.bundled import bundled_files
from corpus.errors import ResoluteError
from corpus.model import ParagraphId, label
from corpus.store import Store, ingest_paths
from service.representation import paragraph_json, resolution_json
from service.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except ResoluteError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="resolute", description=__doc__)
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    ing = sub.add_parser("ingest", help="parse resolution texts into the store")
    ing.add_argument("paths", nargs="*", type=Path, help="files or folders of .txt files")
    ing.add_argument("--bundled", action="store_true", help="ingest the bundled corpus")
    ing.set_defaults(run=_ingest)

    show = sub.add_parser("show", help="print a parsed resolution or one paragraph")
    show.add_argument("symbol")
    show.add_argument("pid", nargs="?")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=_show)

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)
    return p


def _store() -> Store:
    return Store(load_settings()["DATA_DIR"] / "resolute.sqlite3")


def _ingest(args: argparse.Namespace) -> int:
    paths = list(args.paths) + (bundled_files() if args.bundled else [])
    if not paths:
        raise ResoluteError("give files or folders to ingest, or --bundled")
    report = ingest_paths(_store(), paths)
    for item in report.added:
        print(f"ingested {item}")
    for item in report.unchanged:
        print(f"unchanged {item}")
    return 0


def _show(args: argparse.Namespace) -> int:
    store = _store()
    if args.pid:
        res, para = store.paragraph(args.symbol, args.pid)
        if args.json:
            print(json.dumps(paragraph_json(res, para), ensure_ascii=False, indent=2))
        else:
            _print_paragraph(res.symbol, para.pid, para.text)
        return 0
    res = store.get(args.symbol)
    if args.json:
        print(json.dumps(resolution_json(res), ensure_ascii=False, indent=2))
        return 0
    print(f"{res.symbol}  adopted {res.adopted or '?'}  {res.meeting or ''}")
    for lang, title in res.title.items():
        print(f"  [{lang}] {title}")
    counts = res.counts()
    print(
        f"  {counts['preambular']} preambular, {counts['operative']} operative, "
        f"{counts['subparagraphs']} sub-paragraphs; languages {', '.join(res.languages)}\n"
    )
    for para in res.paragraphs:
        _print_paragraph(res.symbol, para.pid, para.text)
    return 0


def _print_paragraph(symbol: str, pid: ParagraphId, text: dict[str, str]) -> None:
    print(f"{pid}  {label(symbol, pid, 'en')}")
    for lang, body in text.items():
        print(f"  [{lang}] {body}")
    print()


def _serve(args: argparse.Namespace) -> int:
    from service.app import create_app

    create_app().run(host=args.host, port=args.port, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
