"""What the chat answers with: the answer, and the paragraphs it cites with their quotes.

These are answering's types, not the corpus's: a resolution does not know it is cited. A
search hit becomes a citation here, so that the retriever knows nothing of answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.ids import Kind, ParagraphId
from corpus.labels import label
from retriever.search import Hit
from series.model import Piece


@dataclass(frozen=True)
class Citation:
    """A paragraph cited in one language, with its verbatim text as the quote."""

    symbol: str
    pid: ParagraphId
    lang: str
    quote: str
    unnumbered: bool = False  # printed without a number (76/15's OP1): labelled without one

    @property
    def kind(self) -> Kind:
        return self.pid.kind

    @property
    def label(self) -> str:
        return label(self.symbol, self.pid, self.lang, self.unnumbered)


@dataclass(frozen=True)
class Change:
    """One paragraph from one member of a series to the next, for surfaces that show a
    change answer as redlines (Slack, the widget): the paragraph as it was and as it became
    (`before` None when it is new, `after` None when it was dropped), both cited in the
    answer, the difference said in words, and the word-level redline of the two quotes."""

    before: Citation | None
    after: Citation | None
    said: str
    redline: tuple[Piece, ...]


@dataclass(frozen=True)
class Answer:
    """What the chat says: text, whether it rests on the corpus, and the citations, best first.

    A change answer also carries its `changes` and a `brief`: the text without the quotes,
    which the changes' redlines then show each side of."""

    text: str
    grounded: bool
    citations: tuple[Citation, ...] = ()
    lang: str = "en"
    changes: tuple[Change, ...] = ()
    brief: str = ""

    def __post_init__(self) -> None:
        if not self.grounded and self.citations:
            raise ValueError("an ungrounded answer cites nothing")
        for change in self.changes:
            if any(
                s is not None and s not in self.citations for s in (change.before, change.after)
            ):
                raise ValueError("each side of a change is one of the answer's citations")


def hit_citation(hit: Hit) -> Citation:
    """A search hit cited: the paragraph in the language it was found in, quoted whole."""
    p = hit.passage
    return Citation(p.symbol, ParagraphId.parse(p.pid), p.lang, p.text, p.unnumbered)
