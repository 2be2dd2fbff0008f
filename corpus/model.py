"""The domain: resolutions, their paragraphs and footnotes, and paragraph identifiers.

Everything else in Resolute imports these types. Identifiers are parsed and
formatted here and nowhere else, so "OP3(g)(iv)" means the same thing to the
parser, the store, the retriever and the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from corpus.errors import InvalidParagraphId, InvalidSymbol

LANGUAGES = ("en", "zh")


class Kind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


_SYMBOL = re.compile(r"^A/RES/(\d{1,3})/(\d{1,4})$")
_PID = re.compile(r"^(PP)(\d{1,3})$|^(OP)(\d{1,3})(?:\(([a-z]{1,2})\)(?:\(([ivxl]{1,6})\))?)?$")

ROMAN = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]

_EN_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
]


def en_ordinal(n: int) -> str:
    if 1 <= n <= len(_EN_ORDINALS):
        return _EN_ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# What `normalize_symbol` accepts (bar the spaces it drops), as a regular expression that
# Python, ECMA-262 and Rust read alike: the HTTP API states it in its OpenAPI document
# (service/schema.py), and tests/service/test_openapi.py holds the two together. The
# prefix is case-blind (the parser upper-cases), and a bare "66/45" means "A/RES/66/45".
SYMBOL_PATTERN = r"^(?:[Aa]/[Rr][Ee][Ss]/)?[0-9]{1,3}/[0-9]{1,4}$"


def normalize_symbol(text: str) -> str:
    """'66/45', 'a/res/66/45' or 'A/RES/66/45' -> 'A/RES/66/45'; anything else is an error."""
    s = text.strip().upper().replace(" ", "")
    if re.fullmatch(r"\d{1,3}/\d{1,4}", s):
        s = "A/RES/" + s
    m = _SYMBOL.match(s)
    if not m:
        raise InvalidSymbol(f"not a resolution symbol: {text!r} (expected e.g. A/RES/66/45)")
    return f"A/RES/{int(m.group(1))}/{int(m.group(2))}"


def session_of(symbol: str) -> int:
    return int(normalize_symbol(symbol).split("/")[2])


# What `ParagraphId.parse` accepts (bar the spaces it drops), likewise as a portable
# regular expression: the PP/OP prefix in any case, the rest too (the parser upper-cases
# the one and lower-cases the other), numbers from 1 (up to three digits, leading zeros
# allowed), letters one or two, roman items from (i) to (xx).
_PID_NUMBER = r"(?:[1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])"
_PID_ROMAN = "|".join("".join(f"[{c.upper()}{c}]" for c in r) for r in sorted(ROMAN, key=len)[::-1])
PARAGRAPH_ID_PATTERN = (
    rf"^(?:[Pp][Pp]{_PID_NUMBER}"
    rf"|[Oo][Pp]{_PID_NUMBER}(?:\([A-Za-z]{{1,2}}\)(?:\((?:{_PID_ROMAN})\))?)?)$"
)


@dataclass(frozen=True, order=True)
class ParagraphId:
    """PP<n>, OP<n>, OP<n>(a) or OP<n>(g)(iv). Ordered as the paragraphs appear."""

    kind_rank: int  # 0 preambular, 1 operative: sorts PPs before OPs
    number: int
    letter_rank: int = 0  # 0 for none, 1 for (a) ...
    roman_rank: int = 0
    letter: str = field(default="", compare=False)
    roman: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidParagraphId(f"paragraph number must be >= 1, got {self.number}")
        if self.kind_rank == 0 and (self.letter or self.roman):
            raise InvalidParagraphId("preambular paragraphs have no sub-paragraphs")
        if self.roman and not self.letter:
            raise InvalidParagraphId("a roman item needs a lettered sub-paragraph")

    @classmethod
    def preambular(cls, n: int) -> ParagraphId:
        return cls(0, n)

    @classmethod
    def operative(cls, n: int, letter: str = "", roman: str = "") -> ParagraphId:
        return cls(1, n, _letter_rank(letter), _roman_rank(roman), letter, roman)

    @classmethod
    def parse(cls, text: str) -> ParagraphId:
        s = text.strip().replace(" ", "")
        s = s[:2].upper() + s[2:].lower()
        m = _PID.match(s)
        if not m:
            raise InvalidParagraphId(
                f"not a paragraph id: {text!r} (expected PP3, OP8, OP3(a) or OP3(g)(iv))"
            )
        if m.group(1):
            return cls.preambular(int(m.group(2)))
        roman = m.group(6) or ""
        if roman and roman not in ROMAN:
            raise InvalidParagraphId(f"not a roman numeral item: {text!r}")
        return cls.operative(int(m.group(4)), m.group(5) or "", roman)

    @property
    def kind(self) -> Kind:
        return Kind.PREAMBULAR if self.kind_rank == 0 else Kind.OPERATIVE

    @property
    def parent(self) -> ParagraphId | None:
        """OP3(g)(iv) -> OP3(g) -> OP3 -> None."""
        if self.roman:
            return ParagraphId.operative(self.number, self.letter)
        if self.letter:
            return ParagraphId.operative(self.number)
        return None

    def __str__(self) -> str:
        if self.kind is Kind.PREAMBULAR:
            return f"PP{self.number}"
        out = f"OP{self.number}"
        if self.letter:
            out += f"({self.letter})"
        if self.roman:
            out += f"({self.roman})"
        return out

    def label_en(self) -> str:
        if self.kind is Kind.PREAMBULAR:
            return f"{en_ordinal(self.number)} preambular paragraph"
        if self.letter:
            sub = f"({self.letter})" + (f"({self.roman})" if self.roman else "")
            return f"operative paragraph {self.number} {sub}"
        return f"operative paragraph {self.number}"

    def label_zh(self) -> str:
        if self.kind is Kind.PREAMBULAR:
            return f"序言部分第{self.number}段"
        sub = f"({self.letter})" if self.letter else ""
        sub += f"({self.roman})" if self.roman else ""
        return f"执行部分第{self.number}{sub}段"


def _letter_rank(letter: str) -> int:
    if not letter:
        return 0
    if not re.fullmatch(r"[a-z]{1,2}", letter):
        raise InvalidParagraphId(f"not a sub-paragraph letter: {letter!r}")
    # (aa) follows (z) in long lists
    return (ord(letter[0]) - 96) + (26 if len(letter) == 2 else 0)


def _roman_rank(roman: str) -> int:
    if not roman:
        return 0
    if roman not in ROMAN:
        raise InvalidParagraphId(f"not a roman numeral item: {roman!r}")
    return ROMAN.index(roman) + 1


def label(symbol: str, pid: ParagraphId, lang: str) -> str:
    """The human citation: 'A/RES/66/45, operative paragraph 8' / '第66/45号决议执行部分第8段'."""
    if lang == "zh":
        return f"第{symbol.removeprefix('A/RES/')}号决议{pid.label_zh()}"
    return f"{symbol}, {pid.label_en()}"


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: dict[str, str]  # language -> footnote text


@dataclass(frozen=True)
class Paragraph:
    pid: ParagraphId
    text: dict[str, str]  # language -> paragraph text (own text only, not its children)
    footnotes: tuple[str, ...] = ()  # marks of footnotes attached to this paragraph

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


@dataclass(frozen=True)
class Resolution:
    symbol: str
    session: int
    title: dict[str, str]
    adopted: str | None  # ISO date
    meeting: str | None  # "71st plenary meeting"
    agenda_item: str | None
    committee_report: str | None
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...] = ()

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
        }
