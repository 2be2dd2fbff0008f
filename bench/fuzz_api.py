"""Fuzz the HTTP API against its own OpenAPI document, in-process, and count what happened.

    python -m bench.fuzz_api --examples 200 [--data-dir var] [--seed 1]

The app is built on a private copy of --data-dir (without one, on an empty temporary
folder, which first ingests and indexes the bundled corpus: a minute or so), with no rate
limit. schemathesis reads the app's own `GET /openapi.json`; for every operation the
document's path examples are sent, then --examples positive cases (valid by the document)
and --examples negative ones (invalid by it), each through the WSGI app, each response
run through the checks below. Figures: requests per operation and in total, status
counts, 5xx seen, and every failed check (the first few of each kind in full).

tests/service/test_api_fuzz.py runs the same schema and checks through schemathesis's
pytest integration on a small budget; this is the larger run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The one operation whose request rule JSON Schema cannot state: the *last* message must
# be the user's (see COMPLETION_REQUEST in service/validation.py). So the document's schema is
# looser than the server, and the two checks that hold the server to exactly the schema's
# verdict are off for it; every other check (no 5xx, status and body conformance, the
# error shape) still runs.
LOOSE_REQUEST_SCHEMA = {"/v1/chat/completions"}

ERROR_SHAPE_EXEMPT = {"/readyz"}  # its 503 is documented as the readiness body
# The reader pages are for people: their 400 and 404 are HTML pages, as documented.
ERROR_SHAPE_EXEMPT |= {"/r/{symbol}", "/r/{symbol}/changes", "/corpus"}
# The OpenAI-compatible routes answer errors in OpenAI's shape (service/errors.py).
OPENAI_ROUTES = ("/v1/chat/completions", "/v1/models")


def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx answer is `{"error": {"code": str, "message": str}}` and nothing else
    (OpenAI's `{"error": {"message", "type", "param", "code"}}` on the OpenAI routes)."""
    if response.status_code < 400 or case.operation.path in ERROR_SHAPE_EXEMPT:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(
            f"{response.status_code} answer is not JSON: {response.content[:200]!r}"
        ) from None
    error = body.get("error") if isinstance(body, dict) else None
    openai = case.operation.path.startswith(OPENAI_ROUTES)
    ok = (
        isinstance(body, dict)
        and set(body) == {"error"}
        and isinstance(error, dict)
        and set(error) == ({"message", "type", "param", "code"} if openai else {"code", "message"})
        and isinstance(error["code"], str)
        and bool(error["code"])
        and isinstance(error["message"], str)
        and bool(error["message"])
    )
    if not ok:
        raise AssertionError(f"{response.status_code} answer is not the error shape: {body!r}")
    return True


def excluded_checks(case: Any) -> list[Any]:
    """Built-in checks that do not apply to this case's operation (see above)."""
    from schemathesis.specs.openapi.checks import (
        negative_data_rejection,
        positive_data_acceptance,
    )

    excluded = []
    if case.operation.path in LOOSE_REQUEST_SCHEMA:
        excluded += [positive_data_acceptance, negative_data_rejection]
    return excluded


def check(case: Any, response: Any, app: Any) -> list[tuple[str, str]]:
    """Run the checks on one response; each failure as (title, message)."""
    from schemathesis.core.failures import Failure, FailureGroup

    try:
        case.validate_response(
            response,
            additional_checks=[error_shape],
            excluded_checks=excluded_checks(case),
            transport_kwargs={"app": app, "buffered": True},
        )
    except FailureGroup as group:
        return [(f.title, f.message) for f in group.exceptions]
    except Failure as failure:
        return [(failure.title, failure.message)]
    except AssertionError as exc:
        return [("assertion", str(exc))]
    return []


def app_settings(data_dir: Path) -> dict[str, Any]:
    return {"DATA_DIR": data_dir, "RATE_LIMIT": ""}


def load_schema(document: dict[str, Any]) -> Any:
    """schemathesis's view of an OpenAPI document; cases are sent with `app=` to a WSGI app.

    (Loaded from the document rather than with `schemathesis.openapi.from_wsgi`, so the
    pytest side can build it at import, before any app exists: schemathesis's fixture-based
    loader does not run under pytest 9.)
    """
    import schemathesis

    return schemathesis.openapi.from_dict(document)


def served_document(app: Any) -> dict[str, Any]:
    return app.test_client().get("/openapi.json").get_json()


@dataclass
class Tally:
    requests: Counter[str] = field(default_factory=Counter)  # by operation
    statuses: Counter[int] = field(default_factory=Counter)
    by_operation: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    server_errors: list[str] = field(default_factory=list)

    def record(self, label: str, case: Any, response: Any, failed: list[tuple[str, str]]) -> None:
        self.requests[label] += 1
        self.statuses[response.status_code] += 1
        self.by_operation[label][response.status_code] += 1
        if response.status_code >= 500:
            self.server_errors.append(f"{label}: {response.status_code} for {_describe(case)}")
        for title, message in failed:
            self.failures[f"{label}: {title}"].append(f"{_describe(case)}\n{message}")


def _describe(case: Any) -> str:
    from schemathesis.core import NotSet

    body = None if isinstance(case.body, NotSet) else case.body
    return f"path={case.formatted_path!r} query={case.query!r} body={body!r}"[:600]


def run_operation(
    app: Any, operation: Any, mode: Any, examples: int, seed: int | None, tally: Tally
) -> None:
    """Draw `examples` cases of one generation mode for one operation and send each."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable

    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is None,
        phases=[Phase.explicit, Phase.generate],  # count every request; no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case: Any) -> None:
        response = case.call(app=app, buffered=True)
        tally.record(label, case, response, check(case, response, app))

    if seed is not None:
        from hypothesis import seed as hypothesis_seed

        send = hypothesis_seed(seed)(send)
    with contextlib.suppress(Unsatisfiable):  # nothing to negate (GET /healthz takes no input)
        send()


def run_examples(app: Any, operation: Any, tally: Tally) -> None:
    """The document's own path examples, once each: they reach the 200 answers."""
    label = f"{operation.method.upper()} {operation.path}"
    for case in _example_cases(operation):
        response = case.call(app=app, buffered=True)
        tally.record(label, case, response, check(case, response, app))


def _example_cases(operation: Any) -> list[Any]:
    """Cases built from the path parameters' named examples, all combinations."""
    import itertools

    params = [p.definition for p in operation.path_parameters]
    if not params:
        return []
    choices = [[e["value"] for e in p.get("examples", {}).values()] for p in params]
    cases = []
    for combo in itertools.product(*choices):
        values = {p["name"]: v for p, v in zip(params, combo, strict=True)}
        cases.append(operation.Case(path_parameters=values))
    return cases


def fuzz(app: Any, examples: int, seed: int | None = None) -> Tally:
    from schemathesis.generation.modes import GenerationMode

    schema = load_schema(served_document(app))
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        run_examples(app, operation, tally)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run_operation(app, operation, mode, examples, seed, tally)
    return tally


def report(tally: Tally, seconds: float) -> str:
    lines = [f"{'operation':<48} {'requests':>8}  statuses"]
    for label in sorted(tally.requests):
        statuses = ", ".join(f"{s}×{n}" for s, n in sorted(tally.by_operation[label].items()))
        lines.append(f"{label:<48} {tally.requests[label]:>8}  {statuses}")
    total = sum(tally.requests.values())
    lines.append(f"{'total':<48} {total:>8}  in {seconds:.1f} s ({total / seconds:.1f} req/s)")
    lines.append(
        "status counts: " + ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items()))
    )
    lines.append(f"5xx seen: {len(tally.server_errors)}")
    lines.extend(f"  {e}" for e in tally.server_errors[:10])
    failed = sum(len(v) for v in tally.failures.values())
    lines.append(f"failed checks: {failed}")
    for kind, items in tally.failures.items():
        lines.append(f"  [{len(items)}×] {kind}")
        lines.extend("    " + item.replace("\n", "\n    ")[:1500] for item in items[:3])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100, help="cases per operation and mode")
    parser.add_argument("--data-dir", type=Path, help="an ingested data dir to copy")
    parser.add_argument("--seed", type=int, help="random seed (default: derandomized)")
    args = parser.parse_args(argv)

    from service.app import create_app

    with tempfile.TemporaryDirectory(prefix="resolute-fuzz-") as tmp:
        data = Path(tmp) / "data"
        if args.data_dir:
            shutil.copytree(args.data_dir, data)
        else:
            data.mkdir()
        app = create_app(app_settings(data))
        started = time.perf_counter()
        tally = fuzz(app, args.examples, args.seed)
        print(report(tally, time.perf_counter() - started))
    return 1 if tally.server_errors or tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
