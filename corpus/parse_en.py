"""Parse the English text of a resolution as `pdftotext` prints it.

The text carries page furniture (running heads, page and job numbers, barcodes,
"Please recycle"), footnote blocks after a rule of underscores, footnote markers
inline, operative numbers printed on the line after a paragraph's first line, and
words broken by the PDF layout. The parser works in three passes:

1. classify lines: header metadata, body, footnote blocks, furniture;
2. segment body lines into paragraphs (preambular, operative, (a) letters, (i) romans);
3. clean each paragraph's text: footnote markers out, broken words mended.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from corpus.errors import ParseError
from corpus.model import ROMAN, ParagraphId, normalize_symbol
from corpus.segment import Segmenter, Sub
from corpus.text import LanguageVersion, ParsedParagraph, en_date

_SYMBOL_LINE = re.compile(r"^A/RES/(\d{1,3})/(\d{1,4})$")
_TITLE_START = re.compile(r"^(\d{1,3})/(\d{1,4})\.\s*(.*)$")
_OPENING = re.compile(r"^The General Assembly\s*,?$")
_MEETING = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)\s+plenary\s+meeting$", re.I)
_RULE = re.compile(r"^_{5,}$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_FURNITURE = [
    re.compile(r"^\d{2}-\d{5}(\s*\(E\))?$"),  # job number
    re.compile(r"^\d{6}$"),  # print date code
    re.compile(r"^\*\d{5,}\*$"),  # barcode
    re.compile(r"^Please\s+rec", re.I),  # "Please recycle" (sometimes "Please rec cle")
    re.compile(r"^[\u2672\u267b\u267c\u267d]$"),  # recycling symbol
    re.compile(r"^\d{1,3}/\d{1,3}$"),  # page "3/5"
    re.compile(r"^(United Nations|General Assembly|Distr\.:.*)$"),
    re.compile(r"^\d{1,2}[A-Z]$"),  # link anchors some PDFs leave: "0F", "1F", "0H"
]
_OP_ALONE = re.compile(r"^(\d{1,3})\.$")
_OP_INLINE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_SUB = re.compile(r"^\(([a-z]{1,2}|[ivx]{1,5})\)\s*(.*)$")
# Preambular paragraphs open with a participle or adjective in italics, lost in the text.
_PP_OPENERS = {
    "mindful",
    "aware",
    "conscious",
    "cognizant",
    "convinced",
    "concerned",
    "deeply",
    "gravely",
    "seriously",
    "determined",
    "alarmed",
    "desirous",
    "disturbed",
    "encouraged",
    "guided",
    "fully",
    "further",
    "also",
    "believing",
    "committed",
    "resolved",
    "persuaded",
    "recalling",
    "noting",
    "bearing",
    "having",
    "taking",
    "welcoming",
    "reaffirming",
    "stressing",
    "recognizing",
    "expressing",
    "emphasizing",
    "acknowledging",
    "underlining",
    "considering",
    "affirming",
    "reiterating",
    "regretting",
    "commending",
    "appreciating",
    "underscoring",
    "acting",
    "looking",
}
_NOT_OPENERS = {
    "beijing",
    "wyoming",
    "during",
    "according",
    "regarding",
    "including",
    "concerning",
    "pending",
    "following",
    "nothing",
    "something",
    "anything",
}


def parse_english(text: str, source: str) -> LanguageVersion:
    lines = [ln.strip() for ln in text.replace("\f", "\n").splitlines()]
    header = _Header.read(lines, source)
    body, footnote_lines = _split_body(lines, header, source)
    footnotes = _read_footnotes(footnote_lines)
    paragraphs = _segment(body, source)
    cleaner = _Cleaner(body, set(footnotes))
    parsed = []
    for pid, raw in paragraphs:
        text, marks = cleaner.clean(raw)
        if not text:
            raise ParseError(source, f"paragraph {pid} is empty after cleaning")
        parsed.append(ParsedParagraph(pid, text, marks))
    return LanguageVersion(
        source=source,
        lang="en",
        symbol=header.symbol,
        title=header.title,
        adopted=header.adopted,
        meeting=header.meeting,
        agenda_item=header.agenda_item,
        committee_report=header.committee_report,
        paragraphs=parsed,
        footnotes={m: _Cleaner.tidy(t) for m, t in footnotes.items()},
    )


class _Header:
    """Metadata from the first page, and where the body starts."""

    def __init__(self) -> None:
        self.symbol = ""
        self.title = ""
        self.adopted: str | None = None
        self.meeting: str | None = None
        self.agenda_item: str | None = None
        self.committee_report: str | None = None
        self.body_start = 0

    @classmethod
    def read(cls, lines: list[str], source: str) -> _Header:
        h = cls()
        opening = next((i for i, ln in enumerate(lines) if _OPENING.match(ln)), None)
        if opening is None:
            raise ParseError(source, 'no "The General Assembly," opening: not a resolution text')
        head = lines[:opening]
        for i, ln in enumerate(head):
            if not h.symbol and (m := _SYMBOL_LINE.match(ln)):
                h.symbol = normalize_symbol(ln)
            elif ln.startswith("Agenda item"):
                h.agenda_item = ln.removeprefix("Agenda item").strip()
            elif ln.startswith("Resolution adopted by the General Assembly"):
                h.adopted = en_date(" ".join(head[i : i + 3]))
            elif m := re.match(r"^\[(.*)\]$", ln):
                h.committee_report = m.group(1)
        title_at = next((i for i, ln in enumerate(head) if _TITLE_START.match(ln)), None)
        if title_at is None:
            raise ParseError(source, "no resolution number and title (like '66/45. Title')")
        m = _TITLE_START.match(head[title_at])
        assert m
        number_symbol = normalize_symbol(f"{m.group(1)}/{m.group(2)}")
        if h.symbol and h.symbol != number_symbol:
            raise ParseError(source, f"symbol {h.symbol} disagrees with number {number_symbol}")
        h.symbol = number_symbol
        h.title = " ".join(x for x in [m.group(3), *head[title_at + 1 :]] if x).strip()
        if not h.title:
            raise ParseError(source, "the resolution has no title")
        h.body_start = opening + 1
        return h


def _is_furniture(line: str, title_lines: set[str]) -> bool:
    return any(p.match(line) for p in _FURNITURE) or line in title_lines


def _running_title_lines(lines: list[str], start: int, title: str) -> set[str]:
    """Lines that, joined with their neighbours, spell the title: the running head."""
    norm = " ".join(title.split())
    found: set[str] = set()
    nonblank = [ln for ln in lines[start:] if ln]
    for i in range(len(nonblank)):
        joined = ""
        for j in range(i, min(i + 3, len(nonblank))):
            joined = f"{joined} {nonblank[j]}".strip()
            if joined == norm:
                found.update(nonblank[i : j + 1])
                break
            if not norm.startswith(joined):
                break
    return found


def _split_body(lines: list[str], h: _Header, source: str) -> tuple[list[str], list[list[str]]]:
    """Body lines in order (furniture removed) and the lines of each footnote block."""
    titles = _running_title_lines(lines, h.body_start, h.title)
    body: list[str] = []
    blocks: list[list[str]] = []
    in_block = False
    ended = False
    page = 1
    for i in range(h.body_start, len(lines)):
        ln = lines[i]
        if not ln:
            continue
        if _SYMBOL_LINE.match(ln):  # running head: a new page starts
            page += 1
            in_block = False
            continue
        if _RULE.match(ln):
            in_block = True
            blocks.append([f"\x00page {page}"])
            continue
        if in_block:
            if not _is_furniture(ln, titles):
                blocks[-1].append(ln)
            continue
        if ended:
            continue
        if m := _MEETING.match(ln):
            h.meeting = f"{int(m.group(1))}{ln[len(m.group(1)) :]}".strip()
            date_line = next((x for x in lines[i + 1 : i + 3] if x), "")
            h.adopted = h.adopted or en_date(date_line)
            ended = True
            continue
        if _BARE_NUMBER.match(ln) or _is_furniture(ln, titles):
            continue
        body.append(ln)
    if not body:
        raise ParseError(source, "the resolution has no body text")
    return body, blocks


def _read_footnotes(blocks: list[list[str]]) -> dict[str, str]:
    """Pair footnote numbers with their texts.

    pdftotext does not keep a number next to its text: numbers may come all
    first, or after the texts. A text right after a number belongs to it; texts
    with no number before them and numbers with no text after them pair up in
    order.
    """
    notes: dict[str, str] = {}
    for block in blocks:
        page = int(block[0].split()[1])
        lines = block[1:]
        numbers = [i for i, ln in enumerate(lines) if _BARE_NUMBER.match(ln)]
        texts = sum(
            1
            for i, ln in enumerate(lines)
            if i not in numbers
            and (i == 0 or i - 1 in numbers or re.search(r"[.)]$", lines[i - 1]))
        )
        # The page number is the last bare number, when it equals the page and
        # there are more numbers than footnote texts.
        page_at = None
        if numbers and page > 1 and lines[numbers[-1]] == str(page) and len(numbers) > texts:
            page_at = numbers[-1]
        pending: list[str] = []
        items: list[tuple[str | None, list[str]]] = []
        current: list[str] | None = None
        for i, ln in enumerate(lines):
            if i == page_at:
                continue
            if _BARE_NUMBER.match(ln):
                pending.append(ln)
                current = None
            elif current is None or re.search(r"[.)]$", current[-1]):
                current = [ln]
                items.append((pending.pop(0) if pending else None, current))
            else:
                current.append(ln)
        for owner, text in items:
            if owner is None and pending:
                owner = pending.pop(0)
            if owner is not None:
                notes[owner] = _join(text)
    return notes


def _segment(body: list[str], source: str) -> list[tuple[ParagraphId, str]]:
    seg = Segmenter(source)
    preamble = True
    for ln in body:
        if m := _OP_ALONE.match(ln):
            n = int(m.group(1))
            if n == seg.next_op:
                preamble = False
                first = seg.last_line()
                if first is not None and not _ends_paragraph(first, in_operative=n > 1):
                    seg.pop_last_line()  # the number was printed after the first line
                    seg.start_operative(n, first)
                else:
                    seg.start_operative(n, "")
                continue
        if (m := _OP_INLINE.match(ln)) and int(m.group(1)) == seg.next_op:
            preamble = False
            seg.start_operative(int(m.group(1)), m.group(2))
            continue
        if not preamble and (m := _SUB.match(ln)) and seg.current_op:
            sub = _sub_item(m.group(1), seg, seg.last_line())
            if sub:
                seg.start_sub(sub, m.group(2))
                continue
        if preamble and _opens_preambular(ln, seg.last_line()):
            seg.start_preambular(ln)
            continue
        seg.add_line(ln)
    return [(pid, _join(lines)) for pid, lines in seg.finish()]


def _strip_trailing_marker(line: str) -> str:
    return re.sub(r"(?<=[^\d\s])\s?\d{1,2}$", "", line).rstrip()


def _ends_paragraph(line: str, in_operative: bool) -> bool:
    """Operative paragraphs end with ';', ':' or '.'; the last preambular one with ','."""
    ends = (";", ":", ".") if in_operative else (";", ":", ".", ",")
    return _strip_trailing_marker(line).endswith(ends)


def _opens_preambular(line: str, previous: str | None) -> bool:
    if previous is None:
        return True
    if not _strip_trailing_marker(previous).endswith((",", ";", ":")):
        return False
    word = re.match(r"^([A-Z][a-z]+)\b", line)
    if not word:
        return False
    w = word.group(1).lower()
    if w in _NOT_OPENERS:
        return False
    return w in _PP_OPENERS or (w.endswith("ing") and len(w) > 5)


def _sub_item(token: str, seg: Segmenter, previous: str | None) -> Sub | None:
    """Decide whether '(x)' at a line start opens a letter or a roman item.

    '(i)' after '(h)' is the letter i; after a letter whose text ends in ':' it
    is the first roman item. The token must be the next one expected, and the
    line before must end a clause, so '(c) of the decision' in a wrap is text.
    """
    if previous is None or not _strip_trailing_marker(previous).endswith((";", ":", ".")):
        return None
    intro = _strip_trailing_marker(previous).endswith(":")
    letter, roman = seg.current_letter, seg.current_roman
    next_roman = ROMAN[ROMAN.index(roman) + 1] if roman else "i"
    if letter and (roman or intro) and token == next_roman:
        return Sub(letter, token)
    expected_letter = _next_letter(letter) if letter else "a"
    if token == expected_letter and (letter or intro):
        return Sub(token, "")
    return None


def _next_letter(letter: str) -> str:
    if letter == "z":
        return "aa"
    if len(letter) == 2:
        return chr(ord(letter[0]) + 1) * 2
    return chr(ord(letter) + 1)


def _join(lines: list[str]) -> str:
    out = ""
    for ln in lines:
        if not out:
            out = ln
        elif out.endswith("-") and not out.endswith(" -"):
            out += ln  # a hyphenated compound broken at the line end keeps its hyphen
        else:
            out += " " + ln
    return out


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# Words after which a small number is content, not a footnote marker.
_COUNTING_WORDS = {
    "paragraph",
    "paragraphs",
    "para",
    "article",
    "articles",
    "no",
    "no.",
    "from",
    "to",
    "and",
    "of",
    "on",
    "vol",
    "vol.",
    "session",
    "resolution",
    "resolutions",
    "decision",
    "item",
    "items",
    "page",
    "part",
    "chapter",
    "annex",
    "section",
    "protocol",
    "between",
    "the",
    "a",
    "an",
    "its",
    "their",
    "all",
    "these",
    "those",
    "some",
    "over",
    "about",
    "least",
    "than",
    "first",
    "last",
    "past",
    "next",
    "action",
    "actions",
    "step",
    "steps",
    "rule",
    "principle",
    "goal",
    "target",
    "phase",
    "stage",
    "level",
    "group",
    "category",
    "amendment",
    "year",
    "years",
    "by",
    "for",
    "with",
    "at",
    "in",
    "or",
    "per",
    "until",
    "supplement",
    "corr",
    "add",
    "rev",
    "table",
    "figure",
    "box",
    "op",
    "pp",
}


_ALWAYS_HYPHENATED = re.compile(
    r"(non|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)([a-z]{4,})"
    r"|([a-z]{4,}?)(related|based|free|building)",
    re.I,
)
# Real words that may stand next to each other and also spell another word ("up on").
_SHORT_WORDS = {
    "a",
    "i",
    "an",
    "as",
    "at",
    "be",
    "by",
    "do",
    "go",
    "he",
    "in",
    "is",
    "it",
    "me",
    "no",
    "of",
    "on",
    "or",
    "so",
    "to",
    "up",
    "us",
    "we",
    "for",
    "the",
    "and",
    "not",
    "any",
    "one",
    "out",
    "own",
    "can",
    "all",
    "her",
    "his",
    "its",
    "our",
    "who",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)


@functools.cache
def _lexicon() -> list[str]:
    """Words of the bundled English resolutions: how this series spells its compounds.

    The document's own words come first; these help when a document uses a
    compound ("capacity-building") only once, broken.
    """
    from corpus.bundled import BUNDLED_DIR

    words: list[str] = []
    for f in sorted(BUNDLED_DIR.glob("*.en.txt")):
        words += _words(f.read_text(encoding="utf-8"))
    return words


class _Cleaner:
    """Turns a paragraph's joined lines into clean text and its footnote marks."""

    def __init__(self, body: list[str], footnote_marks: set[str]) -> None:
        self.marks = footnote_marks
        own = _words(" ".join(body))
        self.own = Counter(w.lower() for w in own)  # for split words: fragments are rare here
        words = own + _lexicon()
        self.vocab = Counter(w.lower() for w in words)
        self.vocab.update(p.lower() for w in words if "-" in w for p in w.split("-"))
        self.compounds = {w.lower().replace("-", ""): w.lower() for w in words if "-" in w}
        self.hyphenated = Counter(w.lower() for w in words if "-" in w)
        lengths = sorted(len(ln) for ln in body)
        self.long_line = lengths[len(lengths) * 3 // 4] * 1.25 if lengths else 120

    def clean(self, lines: str) -> tuple[str, list[str]]:
        text, marks = self._take_markers(lines)
        text = self.tidy(text)
        text = self._mend_split_words(text)
        text = self._mend_lost_hyphens(text)
        return text, marks

    @staticmethod
    def tidy(text: str) -> str:
        text = re.sub(r"\s+", " ", text).strip()
        text = re.sub(r"(\w) ([,;:.)’”])(?=\s|$)", r"\1\2", text)  # "weapons ," / "People ’s"
        text = re.sub(r"(\w) ’(s)\b", r"\1’\2", text)
        text = re.sub(r"(\w) -(\w)", r"\1-\2", text)  # "Non -Proliferation"
        return text

    def _take_markers(self, text: str) -> tuple[str, list[str]]:
        found: list[str] = []

        def keep(mark: str) -> bool:
            if mark in self.marks:
                if mark not in found:
                    found.append(mark)
                return True
            return False

        def glued(m: re.Match[str]) -> str:  # "Weapons1 complying", "States,2"
            return m.group(1) if keep(m.group(2)) else m.group(0)

        text = re.sub(r"([A-Za-z)\]’”][,;:]?)(\d{1,2})(?=[\s,;:.]|$)", glued, text)

        def standalone(m: re.Match[str]) -> str:  # "Weapons 1 as", "2000 3 and 2010 4"
            before, mark = m.group(1), m.group(2)
            after = m.string[m.end() : m.end() + 24]
            prev_word = before.lower().strip("(")
            if prev_word in _COUNTING_WORDS:
                return m.group(0)
            if re.match(
                rf"^\s*(?:{_MONTH}|(?:and|to|or|-|–)\s+\d{{1,2}}\s+{_MONTH}|per\b|%|\()", after
            ):
                return m.group(0)  # a date or a range: "12 and 13 April", "3 to 28 May"
            if re.search(r"\d$", prev_word) and not re.fullmatch(r"\d{4},?", prev_word):
                return m.group(0)
            return before if keep(mark) else m.group(0)

        text = re.sub(r"(\S+) (\d{1,2})(?= |$)", standalone, text)
        return text, found

    def _mend_split_words(self, text: str) -> str:
        """Mend 'St ates' -> 'States': the whole word is common and a fragment is not."""
        parts = re.split(r"(\s+)", text)
        out: list[str] = []
        i = 0
        while i < len(parts):
            a = parts[i]
            b = parts[i + 2] if i + 2 < len(parts) else ""
            if re.fullmatch(r"[A-Za-z]+", a) and re.fullmatch(r"[a-z]+[,;:.]?", b):
                core = b.rstrip(",;:.")
                ca, cb = self.own[a.lower()], self.own[core]
                cw = self.own[(a + core).lower()]
                rare = [
                    f for f, c in ((a, ca), (core, cb)) if c <= 3 and f.lower() not in _SHORT_WORDS
                ]
                if cw >= 2 and cw > min(ca, cb) and rare:
                    parts[i + 2] = a + b
                    i += 2
                    continue
            out.append(a)
            i += 1
        return "".join(out)

    def _mend_lost_hyphens(self, text: str) -> str:
        """'nuclearweapon' -> 'nuclear-weapon' when the document writes that compound elsewhere."""

        def mend(m: re.Match[str]) -> str:
            word = m.group(0)
            compound = self.compounds.get(word.lower())
            if compound and self.hyphenated[compound] >= self.vocab[word.lower()]:
                out, k = [], 0
                for ch in compound:
                    if ch == "-":
                        out.append("-")
                    else:
                        out.append(word[k])
                        k += 1
                return "".join(out)
            # English compounds that are always hyphenated: "non-", "fifty-seventh", "-related"
            m = _ALWAYS_HYPHENATED.fullmatch(word)
            if m:
                head, tail = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                if (
                    self.vocab[head.lower()]
                    and self.vocab[tail.lower()]
                    and (self.vocab[word.lower()] <= 2)
                ):
                    return f"{head}-{tail}"
            if re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", word) and self.vocab[word.lower()] <= 1:
                cut = next(i for i in range(1, len(word)) if word[i].isupper())
                return word[:cut] + "-" + word[cut:]  # "NonProliferation"
            return word

        return re.sub(r"\b[A-Za-z]{6,}\b", mend, text)
