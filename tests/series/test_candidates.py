"""Linking compares candidates only, yet finds what comparing every pair finds: the links
of `link` against the rules applied to every pair (the reference below, the way linking was
first written), over the bundled and extra texts and copies of them moved to other sessions
and committees, so that candidates compete (same text, same title, a gap of one or five)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable

import pytest

from corpus.ids import Symbol
from corpus.model import Resolution
from series import linking
from series.linking import (
    MAX_GAP,
    MIN_OVERLAP,
    SAME_TITLE,
    cited_symbols,
    committee,
    link,
    overlap,
    shingles,
    title_similarity,
)
from series.model import Evidence, Link

COMMITTEES = [None, "Report of the First Committee (A/74/1)", "Report of the Third Committee"]


def every_pair(resolutions: Iterable[Resolution]) -> list[Link]:
    """The rules of series/linking.py applied to every pair, best first."""
    held = sorted(resolutions, key=lambda r: (r.session, r.symbol))
    symbols = {r.symbol for r in held}
    found = []
    for new in held:
        cites = cited_symbols(new)
        missing = {Symbol.parse(s).session for s in cites if s not in symbols}
        for old in held:
            if old.session >= new.session:
                break
            gap, cited = new.session - old.session, old.symbol in cites
            if not cited and (gap > MAX_GAP or committee(old) != committee(new)):
                continue
            shared = overlap(shingles(old), shingles(new))
            titles = title_similarity(old, new)
            if shared < MIN_OVERLAP:
                continue
            if cited:
                evidence = Evidence.CITED
            elif any(old.session < s < new.session for s in missing):
                evidence = Evidence.MISSING_YEAR
            elif titles >= SAME_TITLE:
                evidence = Evidence.SAME_TITLE
            else:
                continue
            key = (list(Evidence).index(evidence), gap, -shared, new.symbol)
            found.append((key, Link(old.symbol, new.symbol, evidence, round(shared, 4),
                                    round(titles, 4))))  # fmt: skip
    links, has_successor, has_predecessor = [], set(), set()
    for _, lk in sorted(found, key=lambda c: c[0]):  # stable: ties stay in `held` order
        if lk.predecessor not in has_successor and lk.successor not in has_predecessor:
            has_successor.add(lk.predecessor)
            has_predecessor.add(lk.successor)
            links.append(lk)
    return sorted(links, key=lambda lk: (Symbol.parse(lk.successor), lk.predecessor))


def copies(originals: list[Resolution], n: int, seed: int) -> list[Resolution]:
    """The originals and `n` copies, each re-numbered into a session near the originals'
    (so they compete with them and with each other), some under another committee."""
    rng = random.Random(seed)
    out = list(originals)
    numbers: dict[int, int] = {}
    for _ in range(n):
        r = rng.choice(originals)
        session = rng.randint(r.session - 3, r.session + 6)
        numbers[session] = numbers.get(session, 900) + 1
        report = r.committee_report if rng.random() < 0.7 else rng.choice(COMMITTEES)
        out.append(
            dataclasses.replace(
                r,
                symbol=str(Symbol(session, numbers[session], "")),
                session=session,
                committee_report=report,
            )
        )
    rng.shuffle(out)
    return out


@pytest.fixture(scope="module")
def originals(
    bundled: dict[str, Resolution], extra_corpus: dict[str, Resolution]
) -> list[Resolution]:
    return [*bundled.values(), *extra_corpus.values()]


@pytest.mark.parametrize("n, seed", [(0, 0), (60, 1), (150, 2)])
def test_candidates_link_as_every_pair_does(originals: list[Resolution], n: int, seed: int) -> None:
    resolutions = copies(originals, n, seed)
    expected = every_pair(resolutions)
    assert link(resolutions) == expected
    assert link(reversed(resolutions)) == expected  # the order they come in does not matter
    if n:
        assert len(expected) > len(originals)  # copies did link: the case is not vacuous


def test_a_vocabulary_past_the_packed_width_links_the_same(
    originals: list[Resolution], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 2**21 distinct words a trigram no longer packs into an int64: with the width cut
    to 2 bits (4 words) nearly every trigram takes the wide path, mixed with packed ones."""
    resolutions = copies(originals, 30, 3)
    monkeypatch.setattr(linking, "_BITS", 2)
    assert link(resolutions) == every_pair(resolutions)


def test_shared_trigrams_are_counted_exactly(originals: list[Resolution]) -> None:
    shingler = linking.Shingler()
    a, b = originals[0], originals[1]
    assert linking.shared_count(shingler(a), shingler(b)) == len(shingles(a) & shingles(b))
    assert len(shingler(a)) == len(shingles(a))
