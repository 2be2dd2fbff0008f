"""Links and series from the texts: the bundled corpus is one series through three
renamings and two missing years; 74/158 -> 76/176 is another; a member ingested later takes
its place; resolutions of different series adopted the same year never mix."""

from __future__ import annotations

from pathlib import Path

from corpus.bundled import bundled_files
from corpus.ids import Symbol
from corpus.model import Resolution
from corpus.store import Store, ingest_paths
from series.book import SeriesBook
from series.linking import chains, cited_symbols, link
from series.model import Evidence
from tests.series.conftest import FIXTURES, SERIES_FIXTURES

BUNDLED_ORDER = [
    "A/RES/58/59", "A/RES/59/76", "A/RES/60/65", "A/RES/61/74", "A/RES/62/37",
    "A/RES/63/73", "A/RES/65/72", "A/RES/66/45", "A/RES/67/59", "A/RES/68/51",
    "A/RES/69/52", "A/RES/71/49", "A/RES/72/50",
]  # fmt: skip


def test_the_bundled_corpus_is_one_series_in_order(bundled: dict[str, Resolution]) -> None:
    links = link(bundled.values())
    assert chains(bundled, links) == [tuple(BUNDLED_ORDER)]
    evidence = {lk.successor: lk.evidence for lk in links}
    # 65/72 recalls 64/47 and 71/49 recalls 70/40, neither held: the series runs on
    assert evidence["A/RES/65/72"] is Evidence.MISSING_YEAR
    assert evidence["A/RES/71/49"] is Evidence.MISSING_YEAR
    # renamed three times, linked each time by the text ("Recalling its resolution 59/76")
    assert evidence["A/RES/60/65"] is Evidence.CITED


def test_a_series_two_sessions_apart_and_its_neighbour_of_the_same_year(
    bundled: dict[str, Resolution], extra: dict[str, Resolution]
) -> None:
    everything = {**bundled, **extra}
    groups = chains(everything, link(everything.values()))
    assert ("A/RES/74/158", "A/RES/76/176") in groups
    assert ("A/RES/76/174",) in groups  # same day, same agenda sub-item, another series
    assert tuple(BUNDLED_ORDER) in groups
    for g in groups:  # one member a session: different series of one year never mix
        sessions = [Symbol.parse(s).session for s in g]
        assert sessions == sorted(set(sessions))


def test_what_a_text_cites(bundled: dict[str, Resolution]) -> None:
    cited = cited_symbols(bundled["A/RES/59/76"])
    assert {"A/RES/58/59", "A/RES/49/75 H", "A/RES/57/78"} <= cited
    assert "A/RES/59/76" not in cited


def test_members_ingested_later_join_in_place_and_the_id_stays(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    later = [f for f in bundled_files() if f.name.startswith(("A_RES_58_59", "A_RES_62_37"))]
    ingest_paths(store, [f for f in bundled_files() if f not in later])
    book = SeriesBook(store)
    first = book.catalog()
    (series,) = [s for s in first.series if len(s.members) > 1]
    assert series.members[0] == "A/RES/59/76" and series.id == "59-76"
    # 61/74 -> 63/73 across the missing 62/37, which 63/73 names
    assert first.predecessor("A/RES/63/73") == "A/RES/61/74"

    ingest_paths(store, [*later, FIXTURES / "A_RES_64_47.en.txt"])  # an earlier, two missing
    again = SeriesBook(store).catalog()  # a fresh reader finds the saved catalog
    joined = again.get("59-76")
    assert joined is not None
    expected = [*BUNDLED_ORDER[:6], "A/RES/64/47", *BUNDLED_ORDER[6:]]
    assert list(joined.members) == expected
    assert again.predecessor("A/RES/65/72") == "A/RES/64/47"
    assert again.successor("A/RES/63/73") == "A/RES/64/47"
    assert again.series_of("A/RES/58/59") is joined


def test_the_catalog_is_saved_with_the_store_revision(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths(store, [SERIES_FIXTURES])
    SeriesBook(store).sync()
    saved = store.derived("series")
    assert saved is not None and saved[0] == store.revision
    assert {"id": "74-158", "members": ["A/RES/74/158", "A/RES/76/176"], "aliases": []} in saved[1][
        "series"
    ]
