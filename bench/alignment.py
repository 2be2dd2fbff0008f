"""Paragraph alignment against hand-labelled pairs: precision and recall.

    python -m bench.alignment [--json]

bench/data/alignment_gold.json holds consecutive members of two series (the bundled
nuclear-disarmament series and 74/158 -> 76/176), every paragraph of both texts labelled
by reading them: [old id, new id], [old, null] dropped, [null, new] new. A predicted link
counts when the gold holds the same pair; new and dropped paragraphs count as links to
nothing. The resolutions are parsed from ../shared (or the bundled copies and
tests/fixtures/series), nothing stored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from corpus.model import Resolution
from corpus.parser import merge, parse_file
from series.alignment import align

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "data" / "alignment_gold.json"
FOLDERS = (
    ROOT / "corpus" / "data",
    ROOT / "tests" / "fixtures" / "series",
    ROOT.parent / "shared" / "corpus-extra",
)


def load(symbol: str) -> Resolution:
    stem = "A_RES_" + symbol.removeprefix("A/RES/").replace("/", "_")
    for folder in FOLDERS:
        f = folder / f"{stem}.en.txt"
        if f.exists():
            versions = [v for g in folder.glob(f"{stem}.*.txt") for v in parse_file(g)]
            return merge(versions)
    raise FileNotFoundError(stem)


def run() -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pairs"]
    rows, tp_all, pred_all, gold_all, links_tp, links_pred, links_gold = [], 0, 0, 0, 0, 0, 0
    seconds = 0.0
    for name, pairs in gold.items():
        old_symbol, new_symbol = (s.strip() for s in name.split("->"))
        old, new = load(old_symbol), load(new_symbol)
        t = time.perf_counter()
        alignment = align(old, new)
        seconds += time.perf_counter() - t
        predicted = {(m.old, m.new) for m in alignment.matches}
        expected = {(a, b) for a, b in pairs}
        tp = len(predicted & expected)
        is_link = lambda p: p[0] is not None and p[1] is not None  # noqa: E731
        ltp = len({p for p in predicted & expected if is_link(p)})
        lp = len({p for p in predicted if is_link(p)})
        lg = len({p for p in expected if is_link(p)})
        rows.append(
            {
                "pair": name,
                "precision": tp / len(predicted),
                "recall": tp / len(expected),
                "links_precision": ltp / lp if lp else 1.0,
                "links_recall": ltp / lg if lg else 1.0,
                "wrong": sorted((str(a), str(b)) for a, b in predicted - expected),
                "missed": sorted((str(a), str(b)) for a, b in expected - predicted),
            }
        )
        tp_all, pred_all, gold_all = (
            tp_all + tp,
            pred_all + len(predicted),
            gold_all + len(expected),
        )
        links_tp, links_pred, links_gold = links_tp + ltp, links_pred + lp, links_gold + lg
    return {
        "pairs": rows,
        "precision": tp_all / pred_all,
        "recall": tp_all / gold_all,
        "links_precision": links_tp / links_pred,
        "links_recall": links_tp / links_gold,
        "decisions": gold_all,
        "links": links_gold,
        "align_ms_per_pair": 1000 * seconds / len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run()
    if args.json:
        print(json.dumps(r, indent=1))
        return
    print("| pair | P | R | links P | links R |\n|---|---|---|---|---|")
    for row in r["pairs"]:
        print(
            f"| {row['pair']} | {row['precision']:.3f} | {row['recall']:.3f} | "
            f"{row['links_precision']:.3f} | {row['links_recall']:.3f} |"
        )
        for a, b in row["wrong"]:
            print(f"|   wrong: {a} -> {b} | | | | |")
        for a, b in row["missed"]:
            print(f"|   missed: {a} -> {b} | | | | |")
    print(
        f"| all ({r['decisions']} decisions, {r['links']} links) | {r['precision']:.3f} | "
        f"{r['recall']:.3f} | {r['links_precision']:.3f} | {r['links_recall']:.3f} |"
    )
    print(f"\nalign: {r['align_ms_per_pair']:.1f} ms a pair")


if __name__ == "__main__":
    main()
