"""The resolution's own words: footnote markers told from digits of the text, broken words
mended from the document and a general English word list, participles told from names.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.english.footnotes import take_markers
from corpus.english.paragraphs import _preambular_opener
from corpus.english.words import WordMender, is_english
from corpus.parse_en import parse_english
from tests.corpus.test_verbatim import differences, source_runs

ROOT = Path(__file__).resolve().parents[2]
MARKS = {str(n) for n in range(1, 25)}


@pytest.mark.parametrize(
    "text",
    [
        "the P5 academics and",
        "the G20 summit",
        "the Group of 77 and China",
        "the coronavirus disease (COVID-19) pandemic",
        "the Youth4Disarmament initiative",
        "the 2030 Agenda for Sustainable Development",
        "emissions of CO2 and",
        "the NPT4 review",
    ],
)
def test_digits_of_the_text_stay(text: str) -> None:
    assert take_markers(text, MARKS) == (text, [])


@pytest.mark.parametrize(
    ("text", "clean", "marks"),
    [
        ("of Nuclear Weapons1 complying", "of Nuclear Weapons complying", ["1"]),
        ("of Nuclear Weapons 1 as", "of Nuclear Weapons as", ["1"]),
        ("the Secretary General; 4 and", "the Secretary General; and", ["4"]),
        ("all States,2 and", "all States, and", ["2"]),
        ("the Treaty (NPT)1 and", "the Treaty (NPT) and", ["1"]),
        ("NUCLEAR WEAPONS3", "NUCLEAR WEAPONS", ["3"]),
        ("in 2000 3 and 2010 4", "in 2000 and 2010", ["3", "4"]),
    ],
)
def test_real_markers_come_out(text: str, clean: str, marks: list[str]) -> None:
    assert take_markers(text, MARKS) == (clean, marks)


def test_a_document_with_names_and_digits_keeps_them() -> None:
    """66/45 has nine footnotes; names with 5, 20 and 77 in its text stay whole."""
    path = BUNDLED_DIR / "A_RES_66_45.en.txt"
    text = path.read_text(encoding="utf-8").replace(
        "Recalling its resolution 65/72 of 8 December 2010,",
        "Recalling its resolution 65/72 of 8 December 2010, the work of the P5 academics,\n"
        "the G20, the Group of 77 and China and the Youth4Disarmament initiative,",
    )
    version = parse_english(text, path.name)
    pp = next(p for p in version.paragraphs if "P5" in p.text)
    assert "the P5 academics, the G20, the Group of 77 and China and the Youth4Disarmament" in (
        pp.text
    )
    assert pp.marks == []
    assert differences(source_runs(text, path.name), version) == []


@pytest.mark.parametrize(
    ("word", "opens"),
    [
        ("Welcoming", True),
        ("Reaffirming", True),
        ("Honouring", True),  # British spelling
        ("Re-emphasizing", True),
        ("Committing", True),
        ("Beijing", False),
        ("Wyoming", False),
        ("Peacekeeping", False),
        ("During", False),
        ("Including", False),
        ("Notwithstanding", False),
        ("Nothing", False),
    ],
)
def test_a_participle_opens_a_preambular_paragraph(word: str, opens: bool) -> None:
    assert _preambular_opener(f"{word} the matter,") is opens


def test_the_word_list_reads_british_spelling() -> None:
    assert all(is_english(w) for w in ["honour", "programme", "organisation", "centre"])
    assert not is_english("ates")


@pytest.mark.parametrize(
    ("body", "text", "mended"),
    [
        # a split word: the whole is an English word, a fragment is none
        (["leveraging technology and measu ring"], "and measu ring the", "and measuring the"),
        # a lost hyphen, from the document's own compound, even a longer one
        (
            ["a nuclear-weapon-free zone", "a nuclearweapon-free zone"],
            "a nuclearweapon-free zone",
            "a nuclear-weapon-free zone",
        ),
        # ordinals and "-building" are always hyphenated; the parts are English words
        (["its fiftyseventh session"], "its fiftyseventh session", "its fifty-seventh session"),
        (["capacitybuilding"], "of capacitybuilding,", "of capacity-building,"),
        # a capitalised compound is a name, spelt as its owner spells it
        (["Peacebuilding Affairs"], "and Peacebuilding Affairs", "and Peacebuilding Affairs"),
        # two words that spell a third stay two
        (["a part of it"], "a part of it", "a part of it"),
    ],
)
def test_words_mended(body: list[str], text: str, mended: str) -> None:
    assert WordMender(body).mend(text) == mended


def test_the_parser_reads_no_other_resolution() -> None:
    """No fitting: the English parser never reads the bundled corpus."""
    sources = [ROOT / "corpus" / "parse_en.py", *sorted((ROOT / "corpus" / "english").glob("*.py"))]
    for f in sources:
        assert "bundled" not in f.read_text(encoding="utf-8"), f.name


def test_the_word_list_loads_on_first_use_only() -> None:
    code = (
        "import corpus.parser, corpus.english.words as w;"
        "print(w.english.cache_info().currsize);"
        "w.is_english('word'); w.is_english('other');"
        "print(w.english.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["0", "1"]
