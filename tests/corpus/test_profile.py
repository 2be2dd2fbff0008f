"""Corpus profiles: what a corpus is about is data, and the code knows no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import ConfigError
from corpus.profile import PROFILES, load_profile
from retriever.glossary import Glossary

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("corpus", "understanding", "retriever", "chat", "service", "wiring", "embeddings")


def test_the_bundled_profile_brings_its_subject_examples_and_field_terms() -> None:
    p = load_profile("bundled")
    assert "nuclear weapons" in p.subject["en"] and "核武器" in p.subject["zh"]
    assert ("zh", "66/45号决议第13段") in p.examples
    assert p.glossary["CTBT"] == "Comprehensive Nuclear-Test-Ban Treaty"
    assert p.glossary["ECOSOC"] == "Economic and Social Council"  # the UN-wide list too


def test_no_profile_keeps_the_un_wide_glossary_only() -> None:
    p = load_profile("")
    assert p.examples == () and p.subject["en"] == "the UN General Assembly resolutions held here"
    assert "CTBT" not in p.glossary and p.glossary["SIDS"] == "small island developing States"


def test_a_profile_of_ones_own(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[subject]\nen = "the resolutions on Palestine refugees"\n'
        '[[examples]]\nlang = "en"\ntext = "What does 76/78 say about UNRWA?"\n'
        '[glossary]\nPRS = "Palestine refugees"\n',
        encoding="utf-8",
    )
    p = load_profile(str(path))
    assert p.subject["zh"] == "本服务收录的联合国大会决议"  # not given: the general one
    assert p.examples == (("en", "What does 76/78 say about UNRWA?"),)
    g = Glossary(p.glossary)
    assert g.expand("PRS and UNRWA?") == (
        "PRS and UNRWA? (Palestine refugees; United Nations Relief and Works Agency for "
        "Palestine Refugees in the Near East)"
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[subject\n", "not valid TOML"),
        ('[[examples]]\nlang = "fr"\ntext = "?"\n', "example 1 needs lang"),
        ("[glossary]\nX = 3\n", "entries are"),
    ],
)
def test_a_broken_profile_is_named(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=error):
        load_profile(str(path))
    with pytest.raises(ConfigError, match="does not exist"):
        load_profile(str(tmp_path / "missing.toml"))


def test_an_empty_glossary_expands_nothing() -> None:
    assert Glossary({}).expand("the CTBT") == "the CTBT"


def test_no_product_code_holds_the_bundled_series_glossary_or_examples() -> None:
    """The field's abbreviations and the example questions live in profiles, not in code."""
    bundled = load_profile("bundled")
    general = load_profile("")
    data = [f'"{full}"' for t, full in bundled.glossary.items() if t not in general.glossary]
    data += [f'"{text}"' for _, text in bundled.examples]
    assert len(data) > 20
    # The OpenAPI document's request examples (service/validation.py) are documentation of
    # the shipped corpus, not behaviour: they may quote it.
    documentation = {ROOT / "service" / "validation.py"}
    for room in PRODUCT:
        for py in set((ROOT / room).rglob("*.py")) - documentation:
            code = py.read_text(encoding="utf-8")
            held = [d for d in data if d in code]
            assert not held, f"{py.relative_to(ROOT)} holds {held[:3]}"
    assert (PROFILES / "bundled.toml").exists()
