"""Any text in: a parsed resolution or a clear ParseError out, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.bundled import BUNDLED_DIR
from corpus.errors import ParseError
from corpus.parser import parse_text, read_text

EN = (BUNDLED_DIR / "A_RES_59_76.en.txt").read_text()
ZH = (BUNDLED_DIR / "A_RES_62_37.zh.txt").read_text()
LINES = EN.splitlines() + ZH.splitlines()


def outcome(text: str) -> None:
    try:
        versions = parse_text(text, "fuzz.txt")
    except ParseError as exc:
        assert exc.message.startswith("fuzz.txt: ") and exc.reason
        return
    assert versions
    for version in versions:
        assert version.paragraphs and all(p.text.strip() for p in version.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    outcome(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=80))
def test_shuffled_resolution_lines(lines: list[str]) -> None:
    outcome("\n".join(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(EN)), st.integers(0, len(EN)))
def test_truncated_and_spliced_texts(a: int, b: int) -> None:
    outcome(EN[: min(a, b)] + EN[max(a, b) :])


@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        outcome(read_text(data, "fuzz.txt"))
    except ParseError as exc:
        assert exc.message.startswith("fuzz.txt: ")
