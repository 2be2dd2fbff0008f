"""Every parsed paragraph is the resolution's own words, in the source's order.

For each English file we hold, the body as the layout reader leaves it (running
heads, page and job numbers, footnote blocks out: `corpus.english.layout`, the
parser's own knowledge of furniture) is cut into runs of letters and runs of
digits. Each parsed paragraph, read as its letters and digits only, must be spelt
by consecutive runs from where the paragraph before it ended, skipping only:

- inside a paragraph, a run of digits that is one of the paragraph's footnote
  markers, standing alone ("Weapons 1 as") or glued to a word or a closing mark
  ("Weapons1", "(NPT)1", "States,2"), never to a single letter ("P5");
- between paragraphs, paragraph numbers, "(a)"/"(iv)" labels and the words of
  headings and titles the parser carries apart from paragraph text.

Reading letters and digits only lets the two repairs the mender makes pass
unseen: a split word joined ("St ates" -> "States") and a lost hyphen restored
("nuclearweapon" -> "nuclear-weapon"); any other change of a word, a dropped
word or digit, or a paragraph out of order is reported. The comparison never
calls the mender. Chinese files are read the same way, character by character,
with page heads and footnote texts taken out as the Chinese parser knows them.

The comparison follows the order pdftotext prints; a paragraph whose words the
extraction itself misorders (74/17 OP18) is a strict xfail of its own.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.english.header import Header
from corpus.english.layout import split_body
from corpus.english.parts import find_parts
from corpus.errors import ParseError
from corpus.parse_en import parse_english, parse_english_parts
from corpus.parse_zh import _DIGITS, _OPENING, _PAGE_HEAD, parse_chinese
from corpus.text import LanguageVersion, ParsedParagraph

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_EXTRA = ROOT.parent / "shared" / "corpus-extra"

_RUN = re.compile(r"[^\W\d_]+|\d+")
_LABEL = re.compile(r"^(?:[a-z]{1,2}|[ivxl]{1,5})$")
_GLUE = re.compile(r"(?:[^\W\d_]{2,}|[)\]’”][,;:]?|[^\W\d_][,;:])$")


@dataclasses.dataclass
class Run:
    text: str
    glued_to: str  # what stands right before the run on its line ('' at a space)


def source_runs(text: str, source: str) -> list[Run]:
    """The body's letters and digits, in order, furniture and footnotes out."""
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines()]
    header = Header.read(lines, source)
    body = []  # each part's body and annexes in turn (one part for most)
    for part in find_parts(lines, header, source):
        own, _, after = split_body(lines, part.header, source, part.end)
        body += own + after
    runs: list[Run] = []
    for ln in body:
        for tok in ln.split():
            for m in _RUN.finditer(tok):
                runs.append(Run(m.group(0), tok[: m.start()]))
    return runs


def chinese_source_runs(text: str, version: LanguageVersion) -> list[Run]:
    """The Chinese body's characters, in order: page heads with their page numbers, job
    numbers and barcodes out (the patterns of `corpus.parse_zh`), then the footnotes' texts
    as the parser read them, each with its number."""
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines()]
    start = next(i for i, ln in enumerate(lines) if _OPENING.match(ln)) + 1
    runs: list[Run] = []
    after_head = False
    for ln in lines[start:]:
        if not ln or re.match(r"^(\d{2}-\d{5}|\*\d+\*)", ln):
            continue
        head, after_head = after_head, bool(_PAGE_HEAD.match(ln))
        if after_head or (head and _DIGITS.match(ln)):
            continue
        runs += [
            Run(m.group(0), tok[: m.start()]) for tok in ln.split() for m in _RUN.finditer(tok)
        ]
    for number, note in version.footnotes.items():
        target = _letters(note)
        for j in range(len(runs)):
            spelt, k = "", j
            while k < len(runs) and target.startswith(spelt + runs[k].text) and spelt != target:
                spelt, k = spelt + runs[k].text, k + 1
            if spelt == target:
                del runs[j - (j > 0 and runs[j - 1].text == number) : k]
                break
    return runs


def _letters(text: str) -> str:
    return "".join(_RUN.findall(text))


def _is_marker(run: Run, marks: list[str]) -> bool:
    """A footnote marker of the paragraph: a number on its own or after a word."""
    return (
        run.text.isdigit()
        and run.text in marks
        and (not run.glued_to or bool(_GLUE.search(run.glued_to)))
    )


def _match(runs: list[Run], at: int, target: str, p: ParsedParagraph) -> int | None:
    """Where the paragraph spelt from `at` on ends, or None. A number that may be a
    marker and may be text ("2016, 3 34/41") is tried both ways."""
    # An operative number may be printed on the line after the paragraph's first line.
    number = str(p.pid.number) if p.pid.kind_rank and not p.pid.letter else None
    todo = [(at, 0)]
    seen: set[tuple[int, int]] = set()
    while todo:
        i, k = todo.pop()
        if k == len(target):
            return i
        if i >= len(runs) or (i, k) in seen:
            continue
        seen.add((i, k))
        run = runs[i]
        if k and (_is_marker(run, p.marks) or (run.text == number and not run.glued_to)):
            todo.append((i + 1, k))
        if target.startswith(run.text, k):
            todo.append((i + 1, k + len(run.text)))
    return None


LINE_WORDS = 16  # a printed line holds fewer words than this


def _found_with_last_line_first(
    runs: list[Run], pos: int, p: ParsedParagraph
) -> tuple[int, int] | None:
    """The layout trap the parser undoes (SOURCES.md: 76/120 lines 275-278, 74/262 lines
    438-440): pdftotext prints a paragraph's last line before its first. Accepted only as
    that rotation of the paragraph's own words, never as a change of them."""
    words = p.text.split()
    for cut in range(len(words) - 1, max(0, len(words) - LINE_WORDS), -1):
        rotated = _letters(" ".join(words[cut:] + words[:cut]))
        for j in range(pos, min(len(runs), pos + 40)):
            if (end := _match(runs, j, rotated, p)) is not None:
                return j, end
    return None


def _left_out(runs: list[Run], apart: list[str]) -> list[str]:
    """Source words between two paragraphs that are no number, label, or word of a
    heading or title (a word the layout split, "measu ring", read whole)."""
    words = {w for a in apart for w in _RUN.findall(a)}
    joined = [_letters(a) for a in apart]
    out: list[str] = []
    group: list[str] = []
    for run in [*runs, Run("0", "")]:
        label = run.glued_to.endswith("(") and bool(_LABEL.match(run.text))
        if not (run.text.isdigit() or label or run.text in words):
            group.append(run.text)
        elif group:
            if not any("".join(group) in a for a in joined):
                out += group
            group = []
    return out


def differences(runs: list[Run], version: LanguageVersion) -> list[str]:
    """Each paragraph that is not the source's words, with what the source has there."""
    # Headings (mark and text) and titles: what the parser carries apart from the text.
    apart = [" ".join(p.section) for p in version.paragraphs if p.section]
    apart += [p.annex[1] for p in version.paragraphs if p.annex]
    # An annex's own heading ("Annex", "Annex II") and its articles' ("Article 3") are in
    # the ids (ANNEX-II.ART3.1), not in any paragraph's text.
    apart += [
        p.annex[0].replace("ANNEX", "Annex").replace("-", " ")
        for p in version.paragraphs
        if p.annex and p.annex[0].startswith("ANNEX")
    ]
    apart += [f"Article {p.pid.article}" for p in version.paragraphs if p.pid.article]
    apart.append(version.title)
    problems: list[str] = []
    pos = 0
    for p in version.paragraphs:
        target = _letters(p.text)
        start = next(
            (
                (j, end)
                for j in range(pos, len(runs))
                if (end := _match(runs, j, target, p)) is not None
            ),
            None,
        )
        if start is None:
            start = _found_with_last_line_first(runs, pos, p)
        if start is None:
            problems.append(f"{p.pid}: not in the source as parsed: {p.text[:120]!r}")
            continue
        j, end = start
        skipped = _left_out(runs[pos:j], apart)
        if skipped:
            problems.append(f"{p.pid}: source words left out before it: {' '.join(skipped)!r}")
        pos = end
    return problems


def _english_files() -> list[Path]:
    files = sorted(BUNDLED_DIR.glob("*.en.txt")) + [FIXTURES / "A_RES_64_47.en.txt"]
    files += sorted((FIXTURES / "corpus-extra").glob("*.en.txt"))
    held = {f.name for f in files}
    if SHARED_EXTRA.is_dir():
        files += [f for f in sorted(SHARED_EXTRA.glob("*.en.txt")) if f.name not in held]
    return files


def _parsed(path: Path) -> tuple[list[Run], LanguageVersion]:
    """The file's paragraphs in reading order; a document adopted in parts gives each
    part's in turn, its part letters and titles being what the parser carries apart."""
    text = path.read_text(encoding="utf-8")
    try:
        parts = parse_english_parts(text, path.name)
    except ParseError as exc:
        pytest.skip(f"refused by the parser: {exc.reason}")
    titles = [parts[0].document_title or ""] + [
        f"{v.symbol[-1]} {v.title}" if v.document_title else v.title for v in parts
    ]
    whole = dataclasses.replace(
        parts[0],
        title=" ".join(t for t in titles if t),
        paragraphs=[p for v in parts for p in v.paragraphs],
    )
    return source_runs(text, path.name), whole


@pytest.mark.parametrize("path", _english_files(), ids=lambda f: f.name)
def test_paragraphs_are_the_source_words(path: Path) -> None:
    runs, version = _parsed(path)
    assert differences(runs, version) == []


@pytest.mark.xfail(
    strict=True,
    reason="74/17 OP18: pdftotext prints the last line's 'session.' before the paragraph's "
    "first words ('session. Decides to continue ...'), so the source stream itself has "
    "that order and the comparison above cannot see it; restoring the order is the "
    "layout reader's work, not done yet",
)
def test_74_17_op18_reads_in_order() -> None:
    path = FIXTURES / "corpus-extra" / "A_RES_74_17.en.txt"
    version = parse_english(path.read_text(encoding="utf-8"), path.name)
    op18 = next(p for p in version.paragraphs if str(p.pid) == "OP18")
    assert op18.text.startswith("Decides to continue")


CHINESE = [
    BUNDLED_DIR / "A_RES_66_45.zh.txt",
    BUNDLED_DIR / "A_RES_62_37.zh.txt",
    FIXTURES / "A_RES_64_47.zh.txt",
]


@pytest.mark.parametrize("path", CHINESE, ids=lambda f: f.name)
def test_chinese_paragraphs_are_the_source_characters(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    version = parse_chinese(text, path.name)
    assert differences(chinese_source_runs(text, version), version) == []


def test_an_altered_chinese_paragraph_is_caught() -> None:
    text = CHINESE[0].read_text(encoding="utf-8")
    version = parse_chinese(text, CHINESE[0].name)
    paragraphs = list(version.paragraphs)
    p = paragraphs[4]
    paragraphs[4] = ParsedParagraph(p.pid, p.text[:10] + p.text[11:], p.marks)
    altered = dataclasses.replace(version, paragraphs=paragraphs)
    assert differences(chinese_source_runs(text, version), altered) != []


# -- the comparison can fail --------------------------------------------------------

SAMPLE = BUNDLED_DIR / "A_RES_66_45.en.txt"


def _altered(change: str) -> list[str]:
    runs, version = _parsed(SAMPLE)
    paragraphs = list(version.paragraphs)
    i = next(i for i, p in enumerate(paragraphs) if str(p.pid) == "PP5")
    p = paragraphs[i]
    words = p.text.split()
    if change == "drop":
        text = " ".join(words[:3] + words[4:])
    elif change == "change":
        text = " ".join(words[:3] + ["nuclear"] + words[4:])
    else:
        text = " ".join(words[:3] + [words[4], words[3]] + words[5:])
    paragraphs[i] = ParsedParagraph(p.pid, text, p.marks, p.section, p.annex)
    return differences(runs, dataclasses.replace(version, paragraphs=paragraphs))


@pytest.mark.parametrize("change", ["drop", "change", "swap"])
def test_an_altered_paragraph_is_caught(change: str) -> None:
    assert _altered(change) != []


def test_a_dropped_first_word_is_caught() -> None:
    runs, version = _parsed(SAMPLE)
    paragraphs = list(version.paragraphs)
    p = paragraphs[3]
    paragraphs[3] = ParsedParagraph(p.pid, p.text.split(" ", 1)[1], p.marks, p.section, p.annex)
    assert differences(runs, dataclasses.replace(version, paragraphs=paragraphs)) != []


def test_paragraphs_out_of_order_are_caught() -> None:
    runs, version = _parsed(SAMPLE)
    paragraphs = list(version.paragraphs)
    paragraphs[2], paragraphs[3] = paragraphs[3], paragraphs[2]
    assert differences(runs, dataclasses.replace(version, paragraphs=paragraphs)) != []


def test_a_digit_taken_for_a_marker_is_caught() -> None:
    """'P5 academics' parsed as 'P academics' with marker 5: a footnote number does not
    follow a single letter."""
    runs = [Run("the", ""), Run("P", ""), Run("5", "P"), Run("academics", "")]
    version = _parsed(SAMPLE)[1]
    taken = ParsedParagraph(version.paragraphs[0].pid, "the P academics", ["5"])
    kept = ParsedParagraph(version.paragraphs[0].pid, "the P5 academics", [])
    assert differences(runs, dataclasses.replace(version, paragraphs=[taken])) != []
    assert differences(runs, dataclasses.replace(version, paragraphs=[kept])) == []


def test_repairs_the_mender_makes_pass() -> None:
    # "the St ates nuclearweapon States1" in the source
    runs = [Run("the", ""), Run("St", ""), Run("ates", ""), Run("nuclearweapon", "")]
    runs += [Run("States", ""), Run("1", "States")]
    version = _parsed(SAMPLE)[1]
    p = ParsedParagraph(version.paragraphs[0].pid, "the States nuclear-weapon States", ["1"])
    assert differences(runs, dataclasses.replace(version, paragraphs=[p])) == []
