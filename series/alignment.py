"""Which paragraph of one year is which of the next: same, reworded, renumbered, moved,
new or dropped.

Text only by default (an embedder may add its own similarity through `similarity=`):

1. every pair of paragraphs of the same kind gets a similarity, the Dice coefficient of
   their words (Chinese: jieba's words), 1 for the same text;
2. the best alignment that keeps the order (dynamic programming over both sequences, the
   way `diff` aligns lines) takes pairs whose similarity is at least `IN_ORDER`;
3. of what is left, pairs at least `MOVED` alike are matched, best first: paragraphs that
   changed places;
4. the rest are new (later text) or dropped (earlier text).

The bars come from what the texts do, not from the labelled pairs. Word Dice counts
function words too, so different paragraphs of one text are alike: over the 603 English
paragraphs of the bundled series and 74/158, 76/176, a paragraph's nearest other paragraph
in its own text is 0.43 alike at the median, 0.59 at the 95th percentile, 0.64 at most.
Similarity alone does not tell paragraphs apart; order does: the in-order alignment takes
the pairs of greatest total surplus over `IN_ORDER` (0.4, about that median), so a
paragraph's own continuation in its place (usually 0.8 and more) wins over its neighbours.
A paragraph out of order has no neighbours to vouch for it, so it must be more alike than
nearly any two different paragraphs of one text: `MOVED` 0.6, the 95th percentile.
bench/alignment.py measures the result against hand-labelled pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from corpus.model import Paragraph, Resolution
from series.model import Alignment, Match, Status
from series.text import dice, normalized, similarity_tokens

IN_ORDER = 0.4
MOVED = 0.6

# (old texts, new texts) -> similarity matrix, 0..1 (e.g. cosines of passage vectors)
Similarity = Callable[[Sequence[str], Sequence[str]], Sequence[Sequence[float]]]


def language(old: Resolution, new: Resolution) -> str:
    """The language both hold, English first; else the first the later one holds."""
    common = [lang for lang in old.languages if lang in new.languages]
    return (common or new.languages or ["en"])[0]


def text_of(p: Paragraph, lang: str) -> str:
    return p.text.get(lang) or next(iter(p.text.values()))


def text_similarity(olds: Sequence[str], news: Sequence[str]) -> list[list[float]]:
    old_tokens = [similarity_tokens(t) for t in olds]
    new_tokens = [similarity_tokens(t) for t in news]
    old_norm = [normalized(t) for t in olds]
    new_norm = [normalized(t) for t in news]
    return [
        [1.0 if on == nn else dice(ot, nt) for nt, nn in zip(new_tokens, new_norm, strict=True)]
        for ot, on in zip(old_tokens, old_norm, strict=True)
    ]


def align(old: Resolution, new: Resolution, similarity: Similarity | None = None) -> Alignment:
    lang = language(old, new)
    a, b = old.paragraphs, new.paragraphs
    a_text = [text_of(p, lang) for p in a]
    b_text = [text_of(p, lang) for p in b]
    sim = [list(row) for row in (similarity or text_similarity)(a_text, b_text)]
    for i, p in enumerate(a):  # a preambular paragraph is never an operative one
        for j, q in enumerate(b):
            if p.kind is not q.kind:
                sim[i][j] = 0.0

    pairs = _in_order(sim, len(a), len(b))
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    moved = []
    left = sorted(
        ((sim[i][j], i, j) for i in range(len(a)) if i not in used_a
         for j in range(len(b)) if j not in used_b and sim[i][j] >= MOVED),
        reverse=True,
    )  # fmt: skip
    for _s, i, j in left:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            moved.append((i, j))

    matches: list[Match] = []
    for i, j in pairs + moved:
        p, q = a[i], b[j]
        reworded = normalized(a_text[i]) != normalized(b_text[j])
        if (i, j) in moved:
            status = Status.MOVED
        elif p.pid != q.pid:
            status = Status.RENUMBERED
        else:
            status = Status.REWORDED if reworded else Status.SAME
        matches.append(Match(str(p.pid), str(q.pid), status, round(sim[i][j], 4), reworded))
    matches += [Match(str(a[i].pid), None, Status.DROPPED, 0.0) for i in range(len(a))
                if i not in used_a]  # fmt: skip
    matches += [Match(None, str(b[j].pid), Status.NEW, 0.0) for j in range(len(b))
                if j not in used_b]  # fmt: skip
    order_a = {str(p.pid): k for k, p in enumerate(a)}
    order_b = {str(q.pid): k for k, q in enumerate(b)}
    new_of_old = {order_a[m.old]: order_b[m.new] for m in matches if m.old and m.new}

    def place(m: Match) -> tuple[int, int]:
        """The later text's order; a dropped paragraph after the one that preceded it."""
        if m.new is not None:
            return (order_b[m.new], 0)
        k = order_a[m.old or ""]
        before = [i for i in new_of_old if i < k]
        return (new_of_old[max(before)] if before else -1, 1 + k)

    matches.sort(key=place)
    return Alignment(old.symbol, new.symbol, tuple(matches))


def _in_order(sim: list[list[float]], n: int, m: int) -> list[tuple[int, int]]:
    """The order-keeping pairs (each at least IN_ORDER similar) of greatest total surplus
    over the bar, so that a weak pair never displaces two good ones."""
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, s_row = score[i], score[i - 1], sim[i - 1]
        for j in range(1, m + 1):
            best = max(prev[j], row[j - 1])
            s = s_row[j - 1]
            if s >= IN_ORDER:
                best = max(best, prev[j - 1] + s - IN_ORDER + 1e-6)
            row[j] = best
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= IN_ORDER and score[i][j] == score[i - 1][j - 1] + s - IN_ORDER + 1e-6:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]
