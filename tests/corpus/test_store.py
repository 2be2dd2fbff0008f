"""Ingest is idempotent and atomic; bad files get clear errors and change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.errors import NotFound
from corpus.store import Store, ingest_paths
from service.representation import paragraph_json
from tests.conftest import FIXTURES

NOVEL = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the "
    "age of foolishness, it was the epoch of belief, it was the epoch of incredulity.\n"
)


def snapshot(store: Store) -> list[tuple]:
    rows = store._db.execute("SELECT symbol, lang, sha256 FROM sources ORDER BY 1, 2").fetchall()
    docs = store._db.execute("SELECT symbol, doc FROM resolutions ORDER BY 1").fetchall()
    return [*rows, *docs, store.revision]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data" / "resolute.sqlite3")


def test_ingest_twice_changes_nothing(store: Store) -> None:
    files = [BUNDLED_DIR / "A_RES_66_45.en.txt", BUNDLED_DIR / "A_RES_66_45.zh.txt"]
    first = ingest_paths(store, files)
    assert first.added == ["A/RES/66/45 (en)", "A/RES/66/45 (zh)"]
    before = snapshot(store)
    second = ingest_paths(store, files)
    assert second.added == [] and len(second.unchanged) == 2
    assert snapshot(store) == before


def test_languages_ingested_separately_merge(store: Store) -> None:
    ingest_paths(store, [BUNDLED_DIR / "A_RES_62_37.en.txt"])
    assert store.get("62/37").languages == ["en"]
    ingest_paths(store, [BUNDLED_DIR / "A_RES_62_37.zh.txt"])
    res = store.get("A/RES/62/37")
    assert res.languages == ["en", "zh"] and res.title["zh"] == "重申决心彻底消除核武器"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (NOVEL.encode(), "not a resolution"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xff\xfe\xfa not utf-8 at all \xff", "not UTF-8"),
    ],
)
def test_not_a_resolution_is_refused_and_the_rest_lands(
    store: Store, tmp_path: Path, content: bytes, reason: str
) -> None:
    """Each file lands or not on its own (it was a whole batch before): the bad file is
    refused by name with its reason, the good one in the same batch lands."""
    ingest_paths(store, [BUNDLED_DIR / "A_RES_66_45.en.txt"])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    report = ingest_paths(store, [BUNDLED_DIR / "A_RES_62_37.en.txt", bad])
    assert [name for name, _ in report.refused] == [str(bad)]  # the refusal names the file
    assert reason in report.refused[0][1]
    assert report.added == ["A/RES/62/37 (en)"]
    assert store.symbols() == ["A/RES/62/37", "A/RES/66/45"]


def test_a_truncated_resolution_is_refused(store: Store, tmp_path: Path) -> None:
    text = (BUNDLED_DIR / "A_RES_66_45.en.txt").read_text()
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("1.\nReaffirms")])  # preamble only
    report = ingest_paths(store, [cut])
    assert report.refused == [(str(cut), report.refused[0][1])]
    assert "no operative paragraphs" in report.refused[0][1]
    assert store.symbols() == [] and store.revision == 0


def test_misaligned_language_versions_are_refused_atomically(store: Store) -> None:
    ingest_paths(store, [FIXTURES / "A_RES_64_47.en.txt"])
    before = snapshot(store)
    report = ingest_paths(store, [FIXTURES / "A_RES_64_47.zh.txt"])
    assert [name for name, _ in report.refused] == [str(FIXTURES / "A_RES_64_47.zh.txt")]
    assert "do not align" in report.refused[0][1] and not report.added
    assert snapshot(store) == before  # the savepoint rolled the zh source back


def test_unseen_resolution_of_the_series(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "A_RES_64_47.en.txt", src)
    ingest_paths(store, [src])
    res = store.get("64/47")
    assert [str(p.pid) for p in res.paragraphs] == [
        "PP1",
        "PP2",
        "PP3",
        "PP4",
        "OP1",
        "OP2",
        "OP2(a)",
        "OP2(b)",
        "OP2(b)(i)",
        "OP2(b)(ii)",
        "OP2(c)",
        "OP3",
        "OP4",
    ]
    assert res.adopted == "2009-12-02" and res.meeting == "55th plenary meeting"
    pp4 = res.paragraphs[3]
    assert pp4.text["en"].endswith(
        "Preparatory Committee for the 2010 Review Conference of the Parties to the Treaty,"
    )  # joined across the page break
    assert pp4.footnotes == ("1",)
    assert res.paragraphs[5].footnotes == ("2",)


def test_form_feeds_parse_like_plain_text(store: Store, tmp_path: Path) -> None:
    text = (BUNDLED_DIR / "A_RES_66_45.en.txt").read_text()
    with_ff = text.replace("\nA/RES/66/45\n", "\n\fA/RES/66/45\n")
    assert with_ff.count("\f") >= 4
    f = tmp_path / "ff.txt"
    f.write_text(with_ff)
    other = Store(tmp_path / "other.sqlite3")
    ingest_paths(store, [BUNDLED_DIR / "A_RES_66_45.en.txt"])
    ingest_paths(other, [f])
    assert store.get("66/45").paragraphs == other.get("66/45").paragraphs


def test_unknown_symbol_and_paragraph(store: Store) -> None:
    ingest_paths(store, [BUNDLED_DIR / "A_RES_66_45.en.txt"])
    with pytest.raises(NotFound, match="A/RES/99/99"):
        store.get("99/99")
    with pytest.raises(NotFound, match="OP42"):
        store.paragraph("66/45", "OP42")


def test_annexes_are_stored_with_their_articles_and_an_unnumbered_table(store: Store) -> None:
    """76/120's annex articles and 74/262's staffing table (one unit, ANNEX.1, labelled by
    the annex alone) come back from the store as parsed, and the API labels them so."""
    extra = Path(__file__).resolve().parents[1] / "fixtures" / "corpus-extra"
    ingest_paths(store, [extra / "A_RES_74_262.en.txt", extra / "A_RES_76_120.en.txt"])
    res, table = store.paragraph("74/262", "annex.1")
    assert table.unnumbered and table.annex is not None
    assert table.annex.title["en"] == "Staffing table for 2020"
    assert paragraph_json(res, table)["label"] == {
        "en": "A/RES/74/262, annex",
        "zh": "第74/262号决议附件",
    }
    res, article = store.paragraph("76/120", "ANNEX.ART3.1")
    assert not article.unnumbered and article.section is not None
    assert article.section.id == "Part One" and article.text["en"].startswith("Registration by")
    assert paragraph_json(res, article)["label"]["en"] == (
        "A/RES/76/120, annex, article 3, paragraph 1"
    )


def test_a_store_written_by_an_earlier_parser_is_read_again(tmp_path: Path) -> None:
    """As a store of the previous release: no parser version, and 76/15's one operative
    paragraph stored without its `unnumbered` flag. Opening it re-reads the stored texts
    (the index follows: the revision moves); a text the parser now refuses keeps its
    resolution as it was."""
    path = tmp_path / "data" / "resolute.sqlite3"
    store = Store(path)
    ingest_paths(
        store,
        [FIXTURES / "corpus-extra" / "A_RES_76_15.en.txt", BUNDLED_DIR / "A_RES_66_45.en.txt"],
    )
    db = store._db
    db.execute("DELETE FROM meta WHERE key='parser'")
    doc = db.execute("SELECT doc FROM resolutions WHERE symbol='A/RES/76/15'").fetchone()[0]
    db.execute(
        "UPDATE resolutions SET doc=? WHERE symbol='A/RES/76/15'",
        (doc.replace(', "unnumbered": true', ""),),
    )
    db.execute("UPDATE sources SET text='not a resolution' WHERE symbol='A/RES/66/45'")
    revision = store.revision
    store.close()
    assert '"unnumbered"' not in doc.replace(', "unnumbered": true', "")

    again = Store(path)
    assert again.upgraded[0] == "A/RES/66/45: kept as it was (" + again.upgraded[0].split("(", 1)[1]
    assert again.upgraded[1] == "A/RES/76/15"
    _, op1 = again.paragraph("76/15", "OP1")
    assert op1.unnumbered
    assert again.get("66/45").counts()["operative"] == 19  # kept, not lost
    assert again.revision == revision + 1
    again.close()
    assert Store(path).upgraded == []  # once only
