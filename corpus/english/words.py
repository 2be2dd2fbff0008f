"""Words the PDF layout broke in an English resolution, mended.

Justified lines come out of pdftotext with stray spaces inside words ("St
ates"), spaces before punctuation ("weapons ,"), and hyphens lost where a
compound was broken ("nuclearweapon"). What counts as a word is learnt from
the document itself, backed by a general English word list (pyspellchecker's,
loaded once on first use): never by other resolutions, so a document is read
the same whatever else Resolute holds.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping

from spellchecker import SpellChecker

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


def join_lines(lines: list[str]) -> str:
    """A paragraph's or footnote's wrapped lines as one line."""
    out = ""
    for ln in lines:
        if not out:
            out = ln
        elif out.endswith("-") and not out.endswith(" -"):
            out += ln  # a hyphenated compound broken at the line end keeps its hyphen
        else:
            out += " " + ln
    return out


def tidy(text: str) -> str:
    """Collapse whitespace and take out the spaces the layout put before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\w) ([,;:.)’”])(?=\s|$)", r"\1\2", text)  # "weapons ," / "People ’s"
    text = re.sub(r"(\w) ’(s)\b", r"\1’\2", text)
    text = re.sub(r"(\w) -(\w)", r"\1-\2", text)  # "Non -Proliferation"
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)


@functools.cache
def english() -> Mapping[str, int]:
    """A general English word list: lower-case words and their frequencies.

    pyspellchecker's English dictionary (MIT), shipped in the package and read
    once, on first use (about 0.15 s), never at import.
    """
    return SpellChecker(language="en", distance=1).word_frequency.dictionary


# British spellings, as the United Nations writes them, to the American ones of the word
# list: general English spelling, not a list of words.
_BRITISH = (
    (re.compile(r"our"), "or"),  # honour, favour, labour
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),  # recognise, organisation
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre
    (re.compile(r"ence$"), "ense"),  # defence
    (re.compile(r"mme(s?)$"), r"m\1"),  # programme
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # travelling
)


@functools.lru_cache(maxsize=1 << 16)
def is_english(word: str) -> bool:
    """The general word list knows `word` as a lower-case word, in British or American
    spelling."""
    w = word.lower()
    words = english()
    if w in words:
        return True
    american = w
    for pattern, repl in _BRITISH:
        american = pattern.sub(repl, american)
    return american != w and american in words


class WordMender:
    """Mends the broken words of one document's paragraphs, with that document's vocabulary."""

    def __init__(self, body: list[str]) -> None:
        words = _words(" ".join(body))
        self.own = Counter(w.lower() for w in words)  # for split words: fragments are rare here
        self.vocab = Counter(w.lower() for w in words)
        self.vocab.update(p.lower() for w in words if "-" in w for p in w.split("-"))
        # A compound and each run of its parts: "nuclear-weapon-free" writes "nuclear-weapon".
        hyphenated = [w.lower() for w in words if "-" in w]
        runs = [
            "-".join(parts[i:j])
            for w in hyphenated
            for parts in [w.split("-")]
            for i in range(len(parts))
            for j in range(i + 2, len(parts) + 1)
        ]
        self.compounds = {r.replace("-", ""): r for r in runs}
        self.hyphenated = Counter(runs)

    def knows(self, word: str) -> bool:
        """A word of this document or of the general English word list."""
        return self.vocab[word.lower()] > 0 or is_english(word)

    def _fragment(self, part: str) -> bool:
        """Not a word: unknown to the word list and met at most once in the document."""
        return not is_english(part) and self.own[part.lower()] <= 1

    def mend(self, text: str) -> str:
        """Tidied text in, mended text out; spaces are mended before hyphens."""
        return self._mend_lost_hyphens(self._mend_split_words(text))

    def _mend_split_words(self, text: str) -> str:
        """Mend 'St ates' -> 'States': the whole word is common in the document and a
        fragment is not; or the whole is an English word and a fragment is no word at
        all ('measu ring')."""
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
                joined = (cw >= 2 and cw > min(ca, cb) and rare) or (
                    is_english(a + core) and (self._fragment(a) or self._fragment(core))
                )
                if joined:
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
            # A capitalised "-building" or "-based" compound is a name, spelt as its owner
            # spells it ("Department of Political and Peacebuilding Affairs").
            always = _ALWAYS_HYPHENATED.fullmatch(word)
            if always and (always.group(1) or word[0].islower()):
                head, tail = always.group(1, 2) if always.group(1) else always.group(3, 4)
                if self.knows(head) and self.knows(tail) and self.vocab[word.lower()] <= 2:
                    return f"{head}-{tail}"
            if re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+", word) and self.vocab[word.lower()] <= 1:
                cut = next(i for i in range(1, len(word)) if word[i].isupper())
                return word[:cut] + "-" + word[cut:]  # "NonProliferation"
            return word

        return re.sub(r"\b[A-Za-z]{6,}\b", mend, text)
