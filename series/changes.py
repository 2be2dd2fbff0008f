"""A member of a series against another, paragraph by paragraph: same, changed (with its
redline in each language both hold), added or removed."""

from __future__ import annotations

from corpus.ids import ParagraphId
from corpus.model import LANGUAGES, Paragraph, Resolution
from series.model import Alignment, Change, Changes, Op, ParagraphChange, Piece
from series.redline import redline


def changes(series_id: str, old: Resolution, new: Resolution, alignment: Alignment) -> Changes:
    out = []
    for m in alignment.matches:
        p = _paragraph(old, m.old)
        q = _paragraph(new, m.new)
        if p is not None and q is not None:
            langs = [lang for lang in LANGUAGES if lang in p.text and lang in q.text]
            diff = {lang: redline(p.text[lang], q.text[lang]) for lang in langs}
            edited = any(piece.op is not Op.EQUAL for pieces in diff.values() for piece in pieces)
            change = Change.CHANGED if edited else Change.SAME
        elif q is not None:
            change, diff = Change.ADDED, {k: (Piece(Op.INSERT, v),) for k, v in q.text.items()}
        else:
            assert p is not None
            change, diff = Change.REMOVED, {k: (Piece(Op.DELETE, v),) for k, v in p.text.items()}
        out.append(ParagraphChange(change, m.old, m.new, m.status, m.similarity, diff))
    return Changes(series_id, old.symbol, new.symbol, tuple(out))


def _paragraph(r: Resolution, pid: str | None) -> Paragraph | None:
    return r.paragraph(ParagraphId.parse(pid)) if pid is not None else None
