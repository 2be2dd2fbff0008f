"""The identifier grammar, written once: resolution symbols and paragraph ids.

"A/RES/74/92 B" and "B.OP1", "ANNEX-II.5" mean the same thing to the parsers, the store,
the citation check, the question reader and the HTTP API because they are all read here.
The regular expressions the OpenAPI document states are generated from the same pieces
the parsers match with (`_grammar`), so what is documented cannot drift from what is read.
Labels ("operative paragraph 8", "执行部分第8段") are in corpus/labels.py.
"""

from __future__ import annotations

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
    pid = rf"^(?:(?:{section}\.)?{body}|{annex}\.{g('an', _NUMBER)}{sub('a')})$"
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
    """[qualifier.]PP<n> | [qualifier.]OP<n>[(a)[(iv)]] | DECL|ANNEX[-II].<n>[(a)[(iv)]].

    The qualifier is empty in a resolution's body (all of today's data), a section letter or
    numeral where numbering restarts ("B.OP1"), or DECL/ANNEX/ANNEX-II (kind annex).
    """

    kind_rank: int  # 0 preambular, 1 operative, 2 annex
    number: int
    letter: str = ""
    roman: str = ""
    qualifier: str = ""

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidParagraphId(f"paragraph number must be >= 1, got {self.number}")
        if self.kind_rank == 0 and (self.letter or self.roman):
            raise InvalidParagraphId("preambular paragraphs have no sub-paragraphs")
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
    def annex(cls, n: int, letter: str = "", roman: str = "", of: str = "ANNEX") -> ParagraphId:
        return cls(2, n, letter, roman, of)

    @classmethod
    def parse(cls, text: str) -> ParagraphId:
        m = _PID_RE.fullmatch(text.strip().replace(" ", ""))
        if not m:
            raise InvalidParagraphId(
                f"not a paragraph id: {text!r} (expected PP3, OP8, OP3(g)(iv), B.OP1, "
                "B.PP1, DECL.30(x), ANNEX.12(b) or ANNEX-II.5)"
            )

        def sub(group: str) -> str:
            return (m[group] or "").lower()

        if m["annex"]:
            return cls.annex(int(m["an"]), sub("la"), sub("ra"), m["annex"].upper())
        section = (m["section"] or "").upper()
        if m["pp"]:
            return cls.preambular(int(m["ppn"]), section)
        return cls.operative(int(m["opn"]), sub("lo"), sub("ro"), section)

    @property
    def kind(self) -> Kind:
        return (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.ANNEX)[self.kind_rank]

    @property
    def parent(self) -> ParagraphId | None:
        """OP3(g)(iv) -> OP3(g) -> OP3 -> None; B.OP1(a) -> B.OP1; ANNEX.12(b) -> ANNEX.12."""
        if self.roman:
            return ParagraphId(self.kind_rank, self.number, self.letter, "", self.qualifier)
        if self.letter:
            return ParagraphId(self.kind_rank, self.number, "", "", self.qualifier)
        return None

    @property
    def path(self) -> str:
        """The part after the qualifier: 'OP3(g)(iv)', 'PP1', or '12(b)' for an annex."""
        sub = (f"({self.letter})" if self.letter else "") + (
            f"({self.roman})" if self.roman else ""
        )
        return ("PP", "OP", "")[self.kind_rank] + str(self.number) + sub

    def sort_key(self) -> tuple[tuple[int, int], int, int, int, str, int]:
        return (
            _qualifier_rank(self.qualifier),
            self.kind_rank,
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
