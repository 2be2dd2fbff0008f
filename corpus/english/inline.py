"""A text adopted inline: "Adopts the following declaration:" and the declaration after it.

The resolution's operative part is then that one unnumbered sentence (`OP1`), and the
numbered paragraphs after its colon are the declaration's, not the resolution's: ids
`DECL.<n>` of kind annex (DESIGN, "Paragraph identifiers"). Citing the declaration's
paragraph 5 as the resolution's operative paragraph 5 would name a paragraph that does
not exist.
"""

from __future__ import annotations

import re

from corpus.english.footnotes import strip_trailing_marker
from corpus.errors import ParseError
from corpus.ids import ParagraphId

DECL = "DECL"
# The operative verb that adopts a text given in full after a colon.
_ADOPTS = re.compile(r"^Adopts the following\b")


def split_inline(body: list[str]) -> tuple[int, int] | None:
    """(first line of the adopting sentence, first line of the text adopted), or None.

    The sentence runs from "Adopts the following" to the first line ending in a colon;
    the adopted text must follow it.
    """
    start = next((i for i, ln in enumerate(body) if _ADOPTS.match(ln)), None)
    if start is None:
        return None
    for j in range(start, len(body)):
        if strip_trailing_marker(body[j]).endswith(":"):
            return (start, j + 1) if j + 1 < len(body) else None
        if strip_trailing_marker(body[j]).endswith((";", ".")):
            return None  # the sentence ended without introducing a text
    return None


def as_inline(pid: ParagraphId, source: str, of: str = DECL) -> ParagraphId:
    """OP5(a) of the adopted text (or an annex, `of`) read on its own -> DECL.5(a); its
    unnumbered opening paragraphs, read as preambular ("We, Heads of State ...," in 76/1),
    PP1 -> DECL.PP1.

    Sections whose numbering restarts inside the text have no id: refused, not guessed.
    """
    if pid.qualifier:
        raise ParseError(
            source,
            f"the text adopted inline or annexed has a paragraph read as {pid}: sections "
            "restarting the numbering of such a text are not supported yet",
        )
    if pid.kind_rank == 0:
        return ParagraphId.annex_preambular(pid.number, of=of)
    return ParagraphId.annex(pid.number, pid.letter, pid.roman, of=of)
