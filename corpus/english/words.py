"""Words the PDF layout broke in an English resolution, mended.

Justified lines come out of pdftotext with stray spaces inside words ("St
ates"), spaces before punctuation ("weapons ,"), and hyphens lost where a
compound was broken ("nuclearweapon"). What counts as a word is learnt from
the document itself, backed by the bundled resolutions of the same series.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from corpus.bundled import BUNDLED_DIR

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
def _lexicon() -> list[str]:
    """Words of the bundled English resolutions: how this series spells its compounds.

    The document's own words come first; these help when a document uses a
    compound ("capacity-building") only once, broken.
    """
    words: list[str] = []
    for f in sorted(BUNDLED_DIR.glob("*.en.txt")):
        words += _words(f.read_text(encoding="utf-8"))
    return words


class WordMender:
    """Mends the broken words of one document's paragraphs, with that document's vocabulary."""

    def __init__(self, body: list[str]) -> None:
        own = _words(" ".join(body))
        self.own = Counter(w.lower() for w in own)  # for split words: fragments are rare here
        words = own + _lexicon()
        self.vocab = Counter(w.lower() for w in words)
        self.vocab.update(p.lower() for w in words if "-" in w for p in w.split("-"))
        self.compounds = {w.lower().replace("-", ""): w.lower() for w in words if "-" in w}
        self.hyphenated = Counter(w.lower() for w in words if "-" in w)

    def mend(self, text: str) -> str:
        """Tidied text in, mended text out; spaces are mended before hyphens."""
        return self._mend_lost_hyphens(self._mend_split_words(text))

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
            if always := _ALWAYS_HYPHENATED.fullmatch(word):
                head, tail = always.group(1, 2) if always.group(1) else always.group(3, 4)
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
