"""The `resolute` command: ingest, parse, show, search, ask, eval, reindex, serve, Slack."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from chat.answer import hit_citation
from corpus.bundled import bundled_files
from corpus.errors import InvalidInput, ResoluteError
from corpus.ids import ParagraphId
from corpus.labels import label
from corpus.store import Store
from evaluation.answers import chat_metrics, chat_report, private_chat
from evaluation.by_split import describe, evaluate
from evaluation.calibrate import calibrate, gather
from evaluation.calibrate import report as calibration_report
from evaluation.questions import Question, has_phrase_gold, load_questions
from evaluation.resources import open_evaluated
from evaluation.retrieval import misses, report, score_retrieval
from evaluation.split import Split, load_split
from retriever.search import Filters, Query
from service.cli_files import parse_files, print_report, progress_line
from service.logs import configure_logging
from service.representation import citation_json, paragraph_json, reply_json, resolution_json
from understanding import understand
from wiring.resources import (
    IndexSync,
    ingest,
    open_chat,
    open_searcher,
    open_series,
    update_index,
)
from wiring.settings import load_settings


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
    ing.add_argument(
        "paths", nargs="*", type=Path, help=".txt/.pdf files or folders (searched recursively)"
    )
    ing.add_argument("--bundled", action="store_true", help="ingest the bundled corpus")
    ing.set_defaults(run=_ingest)

    parse = sub.add_parser("parse", help="print what the parser finds in files; store nothing")
    parse.add_argument("paths", nargs="+", type=Path, help=".txt/.pdf files or folders")
    parse.add_argument("--json", action="store_true")
    parse.set_defaults(run=lambda a: parse_files(a.paths, a.json))

    show = sub.add_parser("show", help="print a parsed resolution or one paragraph")
    show.add_argument("symbol")
    show.add_argument("pid", nargs="?")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=_show)

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="gunicorn worker processes (0: Flask's threaded server, one process)",
    )
    serve.set_defaults(run=_serve)

    search = sub.add_parser("search", help="search paragraphs")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--symbol")
    search.add_argument("--lang", choices=["en", "zh"])
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=_search)

    ask = sub.add_parser("ask", help="ask a question; the answer cites its paragraphs")
    ask.add_argument("question")
    ask.add_argument("--conversation", help="continue this conversation id")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(run=_ask)

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    reindex.set_defaults(run=_reindex)

    cal = sub.add_parser(
        "calibrate", help="measure the grounding bars on resolutions an evaluation holds out"
    )
    cal.add_argument(
        "questions", type=Path, nargs="+", help="question sets, e.g. bench/data/questions*.jsonl"
    )
    cal.add_argument(
        "--split", type=Path, required=True, help="seen/unseen resolutions (calibration_split.json)"
    )
    cal.add_argument("--out", type=Path, help="where to write (default: the embedder's file)")
    cal.set_defaults(run=_calibrate)

    ev = sub.add_parser("eval", help="retrieval and chat quality on a question set")
    ev.add_argument(
        "questions",
        type=Path,
        help='JSON lines: {"q": ..., "gold": [[symbol, paragraph or phrase], ...], "kind": ...} '
        "(e.g. bench/data/questions.jsonl, bench/data/questions_extra.jsonl)",
    )
    ev.add_argument("--chat", type=Path, help="chat.jsonl: follow-ups, refusals, metadata")
    ev.add_argument("--misses", action="store_true", help="list the questions missed at 1")
    ev.add_argument(
        "--split",
        type=Path,
        help="resolutions seen and unseen by calibration (e.g. bench/data/calibration_split.json):"
        " figures per language and per split",
    )
    ev.add_argument(
        "--no-langchain",
        action="store_true",
        help="per-split figures without LangChain's recipe beside them (it embeds every chunk)",
    )
    ev.set_defaults(run=_eval)

    def _slack(args: argparse.Namespace) -> int:
        from service.slack import run_socket_mode  # slack_bolt loads only for this command

        return run_socket_mode()

    slack = sub.add_parser("slack", help="run the Slack bot over Socket Mode (no public URL)")
    slack.add_argument(
        "--socket-mode",
        action="store_true",
        required=True,
        help="connect with RESOLUTE_SLACK_APP_TOKEN (over HTTP, `serve` has /slack/events)",
    )
    slack.set_defaults(run=_slack)
    return p


def _store() -> Store:
    return Store(load_settings().store_path)


def _ingest(args: argparse.Namespace) -> int:
    paths = list(args.paths) + (bundled_files() if args.bundled else [])
    if not paths:
        raise InvalidInput("give files or folders to ingest, or --bundled")
    settings = load_settings()
    report = ingest(settings, paths, progress_line())
    for item in report.added:
        print(f"ingested {item}", flush=True)  # the batch is stored, whatever comes next
    for item in report.unchanged:
        print(f"unchanged {item}")
    synced = update_index(settings)  # for what landed, also when some files were refused
    if synced.built:
        _print_indexed(synced)
    return print_report(report)  # refusals and the summary on stderr; 1 if any refused


def _print_indexed(synced: IndexSync) -> None:
    assert synced.index is not None  # a built index is always at hand
    info = synced.index.info
    print(f"indexed {info.passages} passages ({info.index_type}) into {synced.folder}")


def _show(args: argparse.Namespace) -> int:
    store = _store()
    if args.pid:
        res, para = store.paragraph(args.symbol, args.pid)
        if args.json:
            print(json.dumps(paragraph_json(res, para), ensure_ascii=False, indent=2))
        else:
            _print_paragraph(res.symbol, para.pid, para.text, para.unnumbered)
        return 0
    res = store.get(args.symbol)
    if args.json:
        catalog = open_series(store).catalog()
        print(json.dumps(resolution_json(res, catalog), ensure_ascii=False, indent=2))
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
        _print_paragraph(res.symbol, para.pid, para.text, para.unnumbered)
    return 0


def _print_paragraph(
    symbol: str, pid: ParagraphId, text: dict[str, str], unnumbered: bool = False
) -> None:
    print(f"{pid}  {label(symbol, pid, 'en', unnumbered)}")
    for lang, body in text.items():
        print(f"  [{lang}] {body}")
    print()


def _search(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = _store()
    symbols = (store.get(args.symbol).symbol,) if args.symbol else ()
    searcher = open_searcher(settings, store)
    query = Query.of(understand(args.query, searcher.symbols))
    hits = searcher.search(query, args.k, Filters(symbols=symbols, lang=args.lang))
    if args.json:
        out = [{"citation": citation_json(hit_citation(h)), "score": h.score} for h in hits]
        print(json.dumps({"results": out}, ensure_ascii=False, indent=2))
        return 0
    for h in hits:
        c = hit_citation(h)
        print(f"{h.score:.4f}  {c.label}\n        {c.quote}\n")
    return 0


def _ask(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = _store()
    service = open_chat(settings, store, open_searcher(settings, store))
    reply = service.ask(args.question, args.conversation)
    if args.json:
        print(json.dumps(reply_json(reply), ensure_ascii=False, indent=2))
        return 0
    print(reply.answer.text)
    for c in reply.answer.citations:
        print(f"  - {c.label}")
    print(
        f"\n(conversation {reply.conversation_id}; "
        f"{'grounded' if reply.answer.grounded else 'not answered from the corpus'})"
    )
    return 0


def _reindex(args: argparse.Namespace) -> int:
    _print_indexed(update_index(load_settings(), rebuild=True))
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    questions = [q for path in args.questions for q in load_questions(path)]
    split = load_split(args.split)
    settings = load_settings()
    store, searcher = open_evaluated(settings)
    with tempfile.TemporaryDirectory() as tmp:
        evidence = gather(questions, store, searcher, split, Path(tmp))
    bars, figures = calibrate(evidence, settings.embeddings, args.out)
    print(
        f"Calibrated on {sum(e.side == 'seen' for e in evidence)} questions, "
        f"checked on {sum(e.side == 'unseen' for e in evidence)} held out:\n"
    )
    print(calibration_report(bars, figures))
    return 0


def _eval(args: argparse.Namespace) -> int:
    questions = load_questions(args.questions)  # a bad file fails before the index loads
    split = load_split(args.split) if args.split else None
    if split or has_phrase_gold(questions):
        return _eval_by_split(args, questions, split)
    store, searcher = open_evaluated(load_settings())
    score = score_retrieval(questions, searcher)
    print(f"Retrieval on {len(questions)} questions ({args.questions}):\n")
    print(report([score]))
    if args.misses:
        print("\nMissed at 1:\n" + "\n".join(misses(score, questions)))
    if args.chat:
        with private_chat(store, searcher) as service:
            print("\nChat:\n")
            print(chat_report(chat_metrics(service, questions, args.chat, args.misses)))
    return 0


def _eval_by_split(args: argparse.Namespace, questions: list[Question], split: Split | None) -> int:
    """Phrase gold, kinds or a split: the figures per language and split, the recipe beside."""
    store, searcher = open_evaluated(load_settings())
    print(f"Evaluation on {len(questions)} questions ({args.questions}): {describe(questions)}")
    if split:
        print(f"Split: {args.split}")
    print()
    print(evaluate(questions, store, searcher, split, not args.no_langchain, args.misses))
    if args.chat:
        with private_chat(store, searcher) as service:
            print("\nChat:\n")
            answerable = [q for q in questions if q.answerable]
            print(chat_report(chat_metrics(service, answerable, args.chat, args.misses)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    configure_logging(load_settings().log_level)
    # The server modules are imported only to serve: importing the app loads
    # prometheus_client, which must first see the multiprocess folder serve() sets up.
    if args.workers > 0:
        from service.server import serve

        serve(args.host, args.port, args.workers)
        return 0
    from service.app import create_app

    create_app().run(host=args.host, port=args.port, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
