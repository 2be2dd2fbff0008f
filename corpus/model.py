"""The domain: resolutions, their paragraphs and footnotes, and the entry a listing shows.

Everything else in Resolute imports these types. Their identifiers (symbols, paragraph
ids) are read and written in corpus/ids.py, and labelled in corpus/labels.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from corpus.errors import InvalidSymbol
from corpus.ids import Kind, ParagraphId, Symbol, normalize_symbol

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: dict[str, str]  # language -> footnote text


@dataclass(frozen=True)
class Section:
    """The heading a paragraph sits under ("B", "II"): where numbering restarts, its letter
    is also the id's qualifier ("B.OP1"); where it runs on (76/237), the id stays "OP<n>"
    and only this says which heading the paragraph belongs to."""

    id: str
    heading: dict[str, str]  # language -> heading text, as printed


@dataclass(frozen=True)
class Annex:
    """The annex or inline text ("DECL", "ANNEX", "ANNEX-II") a paragraph of kind annex
    belongs to, with its title, so that a citation can name the document it quotes."""

    id: str
    title: dict[str, str]  # language -> title text, as printed


@dataclass(frozen=True)
class Paragraph:
    pid: ParagraphId
    text: dict[str, str]  # language -> paragraph text (own text only, not its children)
    footnotes: tuple[str, ...] = ()  # marks of footnotes attached to this paragraph
    section: Section | None = None
    annex: Annex | None = None
    # The annex's one unit, printed without a number (a table annex, 74/262): labelled by
    # the annex alone ("A/RES/74/262, annex") though its id is "ANNEX.1".
    unnumbered: bool = False

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError(f"{self.pid}: a paragraph needs text in at least one language")
        for lang, body in self.text.items():
            if lang not in LANGUAGES:
                raise ValueError(f"{self.pid}: unknown language {lang!r}")
            if not body.strip():
                raise ValueError(f"{self.pid}: empty text in {lang}")

    @property
    def kind(self) -> Kind:
        return self.pid.kind


class _Named:
    """What a resolution's symbol says of it, for a resolution and its entry alike."""

    __slots__ = ()  # so that an Entry (slotted: thousands are held) has no __dict__
    symbol: str

    @property
    def part(self) -> str:
        """'B' for A/RES/74/92 B; '' for a resolution adopted whole."""
        return Symbol.parse(self.symbol).part

    @property
    def document(self) -> str:
        """The symbol without its part letter: what the parts of one document share."""
        return str(replace(Symbol.parse(self.symbol), part=""))


@dataclass(frozen=True, slots=True)
class Entry(_Named):
    """A resolution as a list shows it: everything but its paragraphs and footnotes.

    What is held, adopted when, titled what, counted how: the listings, the chat's "is it
    held" and "adopted in 2007", read these, so a server need not hold every resolution's
    paragraphs (about 90 KB each in memory) to answer them.
    """

    symbol: str
    session: int
    title: dict[str, str]
    adopted: str | None
    meeting: str | None
    agenda_item: str | None
    committee_report: str | None
    languages: tuple[str, ...]
    counts: dict[str, int]  # as Resolution.counts()
    document_title: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution(_Named):
    symbol: str
    session: int
    title: dict[str, str]
    adopted: str | None  # ISO date
    meeting: str | None  # "71st plenary meeting"
    agenda_item: str | None
    committee_report: str | None
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...] = ()
    # A part of a document adopted in parts (A/RES/74/92 B): the document's title, above
    # the part's own (`title`). Empty for a resolution adopted whole.
    document_title: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if normalize_symbol(self.symbol) != self.symbol:
            raise InvalidSymbol(f"symbol not normalized: {self.symbol!r}")
        ids = [p.pid for p in self.paragraphs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.symbol}: duplicate paragraph ids")
        if not any(p.kind is Kind.OPERATIVE for p in self.paragraphs):
            raise ValueError(f"{self.symbol}: a resolution needs operative paragraphs")

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if any(lang in p.text for p in self.paragraphs)]

    def paragraph(self, pid: ParagraphId) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.pid == pid), None)

    def footnote(self, mark: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.mark == mark), None)

    def counts(self) -> dict[str, int]:
        top = [p for p in self.paragraphs if not p.pid.letter]
        return {
            "preambular": sum(p.kind is Kind.PREAMBULAR for p in top),
            "operative": sum(p.kind is Kind.OPERATIVE for p in top),
            "subparagraphs": sum(bool(p.pid.letter) for p in self.paragraphs),
            "annex": sum(p.kind is Kind.ANNEX for p in top),
        }

    def entry(self) -> Entry:
        """What a list shows of this resolution."""
        return Entry(
            symbol=self.symbol,
            session=self.session,
            title=self.title,
            adopted=self.adopted,
            meeting=self.meeting,
            agenda_item=self.agenda_item,
            committee_report=self.committee_report,
            languages=tuple(self.languages),
            counts=self.counts(),
            document_title=self.document_title,
        )
