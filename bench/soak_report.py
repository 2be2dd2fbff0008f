"""The soak's report: latency and errors per endpoint, then the verification, as text.

The numbers are computed from the clients' samples alone; format_report only lays out
the dict that soak() returns (and prints as JSON with --json).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from bench.soak_clients import Sample

ENDPOINTS = ("/v1/search", "/v1/chat", "/v1/chat/stream")


def percentile(values: list[float], p: float) -> float:
    """Nearest rank, in milliseconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return 1000 * ordered[int(rank) - 1]


def summarize(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    def stats(group: list[Sample]) -> dict[str, Any]:
        ok = [s.seconds for s in group if s.error is None]
        return {
            "requests": len(group),
            "errors": sum(s.error is not None for s in group),
            "rps": round(len(group) / elapsed, 2) if elapsed else 0.0,
            "p50_ms": round(percentile(ok, 50), 1),
            "p95_ms": round(percentile(ok, 95), 1),
            "p99_ms": round(percentile(ok, 99), 1),
            "max_ms": round(1000 * max(ok), 1) if ok else 0.0,
        }

    return {
        "overall": stats(samples),
        "endpoints": {e: stats([s for s in samples if s.endpoint == e]) for e in ENDPOINTS},
        "connections": sum(s.connected for s in samples),
        "errors": dict(Counter(f"{s.endpoint} {s.error}" for s in samples if s.error is not None)),
    }


def format_report(report: dict[str, Any]) -> str:
    cfg, load, v = report["config"], report["load"], report["verification"]
    lines = [
        f"soak: {cfg['clients']} clients, {cfg['seconds']:g} s, {cfg['workers']} gunicorn "
        f"workers + redis; ran {report['elapsed_s']:.1f} s; load average {report['loadavg']}",
        "",
        "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [*load["endpoints"].items(), ("all", load["overall"])]
    for name, s in rows:
        lines.append(
            f"| {name} | {s['requests']} | {s['errors']} | {s['rps']} | {s['p50_ms']} "
            f"| {s['p95_ms']} | {s['p99_ms']} | {s['max_ms']} |"
        )
    lines.append("")
    errors = load["errors"]
    lines.append("errors: " + (", ".join(f"{k}: {n}" for k, n in errors.items()) or "none"))
    lines.append(f"connections opened: {load['connections']} (one per client when all keep alive)")
    lines += [
        f"conversations: {v['conversations']} (in Redis: {report['redis_conversations']}, "
        f"orphans: {report['orphans']})",
        f"turns sent (200): {v['turns_sent']}; verified stored once, in order, same answer: "
        f"{v['turns_verified']}",
        f"lost {v['lost']}, doubled {v['doubled']}, reordered {v['reordered']}, "
        f"extra {v['extra']}, answer mismatch {v['answer_mismatch']}, "
        f"missing conversations {v['missing_conversations']}",
        f"uncertain (failed after the server may have stored them): {v['uncertain']} "
        f"({v['uncertain_stored']} found stored, {v['uncertain_unverifiable']} first turns "
        "without an id)",
    ]
    for bad in v["bad"]:
        lines.append(f"  ! {json.dumps(bad, ensure_ascii=False)}")
    lines.append("PASS" if report["passed"] else "FAIL")
    return "\n".join(lines)
