"""What the chat answers with: the answer, and the paragraphs it cites with their quotes.

These are answering's types, not the corpus's: a resolution does not know it is cited. A
search hit becomes a citation here, so that the retriever knows nothing of answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.ids import Kind, ParagraphId
from corpus.labels import label
from retriever.search import Hit


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
class Answer:
    """What the chat says: text, whether it rests on the corpus, and the citations, best first."""

    text: str
    grounded: bool
    citations: tuple[Citation, ...] = ()
    lang: str = "en"

    def __post_init__(self) -> None:
        if not self.grounded and self.citations:
            raise ValueError("an ungrounded answer cites nothing")


def hit_citation(hit: Hit) -> Citation:
    """A search hit cited: the paragraph in the language it was found in, quoted whole."""
    p = hit.passage
    return Citation(p.symbol, ParagraphId.parse(p.pid), p.lang, p.text, p.unnumbered)
