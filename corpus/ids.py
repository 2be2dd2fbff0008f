"""The identifier grammar, written once: resolution symbols and paragraph ids.

"A/RES/74/92 B" and "B.OP1", "ANNEX-II.5" mean the same thing to the parsers, the store,
the citation check, the question reader and the HTTP API because they are all read here.
The regular expressions the OpenAPI document states are generated from the same pieces
the parsers match with (`_grammar`), so what is documented cannot drift from what is read.
Labels ("operative paragraph 8", "执行部分第8段") are in corpus/labels.py.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from corpus.errors import InvalidParagraphId, InvalidSymbol

# (i) to (xx): the items of a sub-paragraph, and the numerals of sections and annexes.
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
ROMAN += ["x" + r for r in ROMAN]  # xi ... xx


class Kind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    ANNEX = "annex"  # a paragraph of an annex or of a text adopted inline ("DECL")


# -- the pieces. Each is a portable regular expression (Python, ECMA-262 and Rust read it
# alike): case is spelled out ([Pp]) rather than flagged, and a capture is named only when
# `named` asks, so the same builder yields the parser's regex and the OpenAPI pattern.


def _ci(word: str) -> str:
    """'OP' -> '[Oo][Pp]': any case, without a flag that not every engine reads."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _alt(words: list[str]) -> str:
    # longest first, so "xiv" is not read as "x" followed by junk
    return "(?:" + "|".join(_ci(w) for w in sorted(words, key=len, reverse=True)) + ")"


_NUMBER = r"(?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])"  # 1-999, leading zeros allowed
_LETTER = "[A-Za-z]{1,2}"  # (a) ... (z), then (aa) in long lists
_NUMERAL = _alt(ROMAN)


def _grammar(named: bool) -> tuple[str, str]:
    """(symbol, paragraph id) as regular expressions; with `named`, the parsers' groups."""

    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    def sub(tag: str) -> str:
        return rf"(?:\({g('l' + tag, _LETTER)}\)(?:\({g('r' + tag, _NUMERAL)}\))?)?"

    symbol = (
        rf"^(?:{_ci('A/RES/')})?{g('session', '[0-9]{1,3}')}/{g('number', '[0-9]{1,4}')}"
        rf"(?: ?{g('part', '[A-Za-z]')})?$"
    )
    # A section whose numbering restarts is a letter or a numeral; "DECL" a text adopted
    # inline; "ANNEX" or "ANNEX-II" an annex. Only sections have PP/OP.
    section = g("section", f"[A-Za-z]|{_NUMERAL}")
    annex = g("annex", f"{_ci('DECL')}|{_ci('ANNEX')}(?:-{_NUMERAL})?")
    body = rf"(?:{g('pp', _ci('PP'))}{g('ppn', _NUMBER)}|{_ci('OP')}{g('opn', _NUMBER)}{sub('o')})"
    # Inside an annex or inline text: its unnumbered opening paragraphs ("PP1"), an article
    # ("ART4"), a paragraph of an article ("ART3.1(a)"), or a paragraph ("12(b)").
    article = rf"{_ci('ART')}{g('art', _NUMBER)}(?:\.{g('artn', _NUMBER)})?{sub('t')}"
    opening = rf"{g('app', _ci('PP'))}{g('appn', _NUMBER)}"
    inside = rf"(?:{opening}|{article}|{g('an', _NUMBER)}{sub('a')})"
    pid = rf"^(?:(?:{section}\.)?{body}|{annex}\.{inside})$"
    return symbol, pid


# What the parsers accept (bar the spaces they drop), for the OpenAPI document.
SYMBOL_PATTERN, PARAGRAPH_ID_PATTERN = _grammar(named=False)
_SYMBOL_RE, _PID_RE = (re.compile(p) for p in _grammar(named=True))


@dataclass(frozen=True, order=True)
class Symbol:
    """A/RES/<session>/<number>, with the part letter of a resolution adopted in parts."""

    session: int
    number: int
    part: str = ""  # "B" of "A/RES/74/92 B"

    @classmethod
    def parse(cls, text: str) -> Symbol:
        """'66/45', 'a/res/66/45', '74/92B', '74/92 B' or 'A/RES/74/92 B'."""
        m = _SYMBOL_RE.fullmatch(text.strip().replace(" ", ""))
        if not m:
            raise InvalidSymbol(
                f"not a resolution symbol: {text!r} (expected e.g. A/RES/66/45, 66/45 "
                "or A/RES/74/92 B)"
            )
        return cls(int(m["session"]), int(m["number"]), (m["part"] or "").upper())

    @property
    def short(self) -> str:
        """'74/92 B', as Chinese labels and questions name it."""
        return f"{self.session}/{self.number}" + (f" {self.part}" if self.part else "")

    @property
    def path(self) -> str:
        """'A/RES/74/92%20B': the symbol in a URL path, slashes kept (DESIGN's API contract)."""
        return str(self).replace(" ", "%20")

    def __str__(self) -> str:
        return f"A/RES/{self.short}"


def normalize_symbol(text: str) -> str:
    """'66/45', 'a/res/66/45', '74/92B' -> 'A/RES/66/45', 'A/RES/74/92 B'; else an error."""
    return str(Symbol.parse(text))


def session_of(symbol: str) -> int:
    return Symbol.parse(symbol).session


def _roman_rank(roman: str) -> int:
    if not roman:
        return 0
    if roman not in ROMAN:
        raise InvalidParagraphId(f"not a roman numeral: {roman!r} (expected i to xx)")
    return ROMAN.index(roman) + 1


def _letter_rank(letter: str) -> int:
    if not letter:
        return 0
    if not re.fullmatch("[a-z]{1,2}", letter):
        raise InvalidParagraphId(f"not a sub-paragraph letter: {letter!r} (expected a to zz)")
    return (ord(letter[0]) - 96) + (26 if len(letter) == 2 else 0)  # (aa) follows (z)


def _qualifier_rank(q: str) -> tuple[int, int]:
    """Reading order: the body, its sections in order, a text adopted inline, the annexes.

    A section named by a lone "I", "V" or "X" is read as a numeral: lettered sections that
    run that far are rarer than numbered ones.
    """
    if not q:
        return (0, 0)
    if q == "DECL":
        return (2, 0)
    if q == "ANNEX" or q.startswith("ANNEX-"):
        return (3, _roman_rank(q.removeprefix("ANNEX-").lower()) if "-" in q else 0)
    if q.lower() in ROMAN and q.isupper():
        return (1, _roman_rank(q.lower()))
    if re.fullmatch("[A-Z]", q):
        return (1, ord(q) - 64)
    raise InvalidParagraphId(
        f"not a section, DECL or annex: {q!r} (expected e.g. B, II, DECL, ANNEX, ANNEX-II)"
    )


@functools.total_ordering
@dataclass(frozen=True)
class ParagraphId:
    """[qualifier.]PP<n> | [qualifier.]OP<n>[(a)[(iv)]] | DECL|ANNEX[-II].<in the annex>,
    where <in the annex> is <n>[(a)[(iv)]], PP<n> (its unnumbered opening paragraphs),
    ART<a>[(a)[(iv)]] (an article that is one unnumbered paragraph) or ART<a>.<n>[(a)[(iv)]].

    The qualifier is empty in a resolution's body (all of today's data), a section letter or
    numeral where numbering restarts ("B.OP1"), or DECL/ANNEX/ANNEX-II (kind annex).
    """

    kind_rank: int  # 0 preambular, 1 operative, 2 annex
    number: int  # 0 only for an article that is one unnumbered paragraph ("ANNEX.ART4")
    letter: str = ""
    roman: str = ""
    qualifier: str = ""
    article: int = 0  # "ART3" of "ANNEX.ART3.1(a)"; 0 outside articles
    pp: bool = False  # an unnumbered opening paragraph of an annex or inline text ("DECL.PP1")

    def __post_init__(self) -> None:
        if self.number < (0 if self.article else 1):
            raise InvalidParagraphId(f"paragraph number must be >= 1, got {self.number}")
        if (self.kind_rank == 0 or self.pp) and (self.letter or self.roman):
            raise InvalidParagraphId("preambular paragraphs have no sub-paragraphs")
        if (self.article or self.pp) and self.kind_rank != 2:
            raise InvalidParagraphId("only an annex or inline text has articles and PP<n>")
        if self.article < 0 or (self.article and self.pp):
            raise InvalidParagraphId("an article has no preambular paragraphs")
        if self.roman and not self.letter:
            raise InvalidParagraphId("a roman item needs a lettered sub-paragraph")
        if (self.kind_rank == 2) != (self.qualifier == "DECL" or self.qualifier[:5] == "ANNEX"):
            raise InvalidParagraphId(f"only DECL and ANNEX paragraphs are of kind annex: {self}")
        self.sort_key()  # refuses a letter, numeral or qualifier that has no place

    @classmethod
    def preambular(cls, n: int, section: str = "") -> ParagraphId:
        return cls(0, n, qualifier=section)

    @classmethod
    def operative(cls, n: int, letter: str = "", roman: str = "", section: str = "") -> ParagraphId:
        return cls(1, n, letter, roman, section)

    @classmethod
    def annex(
        cls, n: int, letter: str = "", roman: str = "", of: str = "ANNEX", article: int = 0
    ) -> ParagraphId:
        """ANNEX.12(b); with `article`, ANNEX.ART3.1(a) (or ANNEX.ART4 with n=0)."""
        return cls(2, n, letter, roman, of, article)

    @classmethod
    def annex_preambular(cls, n: int, of: str = "ANNEX") -> ParagraphId:
        """DECL.PP1: an unnumbered paragraph opening an annex or inline text."""
        return cls(2, n, qualifier=of, pp=True)

    @classmethod
    def parse(cls, text: str) -> ParagraphId:
        m = _PID_RE.fullmatch(text.strip().replace(" ", ""))
        if not m:
            raise InvalidParagraphId(
                f"not a paragraph id: {text!r} (expected PP3, OP8, OP3(g)(iv), B.OP1, "
                "B.PP1, DECL.30(x), DECL.PP1, ANNEX.12(b), ANNEX.ART3.1(a) or ANNEX-II.5)"
            )

        def sub(group: str) -> str:
            return (m[group] or "").lower()

        if m["annex"]:
            of = m["annex"].upper()
            if m["app"]:
                return cls.annex_preambular(int(m["appn"]), of)
            if m["art"]:
                n = int(m["artn"] or 0)
                return cls.annex(n, sub("lt"), sub("rt"), of, article=int(m["art"]))
            return cls.annex(int(m["an"]), sub("la"), sub("ra"), of)
        section = (m["section"] or "").upper()
        if m["pp"]:
            return cls.preambular(int(m["ppn"]), section)
        return cls.operative(int(m["opn"]), sub("lo"), sub("ro"), section)

    @property
    def kind(self) -> Kind:
        return (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.ANNEX)[self.kind_rank]

    @property
    def parent(self) -> ParagraphId | None:
        """OP3(g)(iv) -> OP3(g) -> OP3 -> None; B.OP1(a) -> B.OP1; ANNEX.12(b) -> ANNEX.12;
        ANNEX.ART3.1(a) -> ANNEX.ART3.1 (an article's paragraphs are not its children)."""
        if self.roman:
            return dataclasses.replace(self, roman="")
        if self.letter:
            return dataclasses.replace(self, letter="")
        return None

    @property
    def path(self) -> str:
        """The part after the qualifier: 'OP3(g)(iv)', 'PP1', or for an annex '12(b)',
        'PP1', 'ART4' or 'ART3.1(a)'."""
        sub = (f"({self.letter})" if self.letter else "") + (
            f"({self.roman})" if self.roman else ""
        )
        if self.pp:
            return f"PP{self.number}"
        if self.article:
            return f"ART{self.article}" + (f".{self.number}" if self.number else "") + sub
        return ("PP", "OP", "")[self.kind_rank] + str(self.number) + sub

    def sort_key(self) -> tuple[tuple[int, int], int, int, int, int, int, str, int]:
        # In an annex: its opening paragraphs, then its paragraphs or articles in order.
        return (
            _qualifier_rank(self.qualifier),
            self.kind_rank,
            0 if self.pp else 1,
            self.article,
            self.number,
            _letter_rank(self.letter),
            self.letter,
            _roman_rank(self.roman),
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ParagraphId):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return f"{self.qualifier}.{self.path}" if self.qualifier else self.path
