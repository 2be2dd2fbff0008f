"""Word-level differences between two versions of a paragraph.

English is compared word by word (spaces and punctuation are tokens of their own, so the
pieces join back into the texts exactly); Chinese, which has no spaces, by jieba's words.
The longest-matching-blocks algorithm of the standard library's difflib does the diff
(`python -m bench.redline` measured it against diff-match-patch, see README); then, as a
reader wants, a change is not cut into pieces by the odd space or comma that both sides
share between changed words: an equal run of nothing but spaces and punctuation (or one
short word) between two changes is folded into the change.
"""

from __future__ import annotations

import difflib

from series.model import Op, Piece
from series.text import diff_tokens

_SHORT = 3  # an equal word this short between two changes reads as part of the change


def redline(old: str, new: str) -> tuple[Piece, ...]:
    a, b = diff_tokens(old), diff_tokens(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(Op.EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Op.DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Op.INSERT, "".join(b[j1:j2])))
    return tuple(_merged(_folded(pieces)))


def _trivial(text: str) -> bool:
    stripped = "".join(c for c in text if c.isalnum())
    return len(stripped) <= _SHORT and len(text) <= _SHORT + 2


def _folded(pieces: list[Piece]) -> list[Piece]:
    """Equal runs of spaces, punctuation or one short word between changes become part of
    the change on both sides (deleted and inserted), so changes read as phrases."""
    out: list[Piece] = []
    for k, p in enumerate(pieces):
        inside = 0 < k < len(pieces) - 1
        if (
            inside
            and p.op is Op.EQUAL
            and _trivial(p.text)
            and pieces[k - 1].op is not Op.EQUAL
            and pieces[k + 1].op is not Op.EQUAL
        ):
            out += [Piece(Op.DELETE, p.text), Piece(Op.INSERT, p.text)]
        else:
            out.append(p)
    return _grouped(out)


def _grouped(pieces: list[Piece]) -> list[Piece]:
    """Between two equal runs, all deletions first, then all insertions."""
    out: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Piece(Op.DELETE, "".join(deleted)))
        if inserted:
            out.append(Piece(Op.INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for p in pieces:
        if p.op is Op.EQUAL:
            flush()
            out.append(p)
        elif p.op is Op.DELETE:
            deleted.append(p.text)
        else:
            inserted.append(p.text)
    flush()
    return out


def _merged(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for p in pieces:
        if not p.text:
            continue
        if out and out[-1].op is p.op:
            out[-1] = Piece(p.op, out[-1].text + p.text)
        else:
            out.append(p)
    return out


def old_text(pieces: tuple[Piece, ...]) -> str:
    return "".join(p.text for p in pieces if p.op is not Op.INSERT)


def new_text(pieces: tuple[Piece, ...]) -> str:
    return "".join(p.text for p in pieces if p.op is not Op.DELETE)
