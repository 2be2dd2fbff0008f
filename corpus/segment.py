"""Builds the paragraph sequence of one language version, line by line.

Both parsers decide *what* a line is; the Segmenter keeps the numbering
honest: preambular paragraphs counted from 1 and only before the operative
part, operative numbers consecutive from 1, letters and roman items under the
paragraph they belong to.

A section heading ("B", "II") is read from the numbers that follow it: a paragraph 1
after operative paragraphs restarts the numbering, so the section's letter qualifies
the ids ("B.OP1", and "B.PP1" for its own preamble); the next number in sequence runs
on, and the ids stay "OP<n>" with the heading carried beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corpus.english.headings import JOIN, LETTER_MARK
from corpus.errors import ParseError
from corpus.ids import ParagraphId


@dataclass(frozen=True)
class Sub:
    letter: str
    roman: str


class Segmenter:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[tuple[ParagraphId, list[str]]] = []
        self.qualifier = ""  # the section letter of a section whose numbering restarted
        self.section: tuple[str, str] | None = None  # (mark, heading) paragraphs sit under
        self._pending: tuple[str, str] | None = None  # a heading read, numbering not yet seen
        self._marked: tuple[str, str] | None = None  # the last heading with a mark ("II")
        self._sub = False  # the pending heading is an unmarked one inside `_marked`
        self.section_of: dict[ParagraphId, tuple[str, str]] = {}
        self.unnumbered: set[ParagraphId] = set()  # operative paragraphs printed with no number

    # -- state, derived from the blocks so that undoing a block needs no bookkeeping
    @property
    def _last(self) -> ParagraphId | None:
        return self.blocks[-1][0] if self.blocks else None

    @property
    def current_op(self) -> int:
        last = self._last
        same = last is not None and last.qualifier == self.qualifier
        return last.number if last and same and last.kind_rank == 1 else 0

    @property
    def has_operative(self) -> bool:
        return any(pid.kind_rank == 1 for pid, _ in self.blocks)

    @property
    def next_op(self) -> int:
        return self.current_op + 1

    @property
    def current_letter(self) -> str:
        return self._last.letter if self._last else ""

    @property
    def current_roman(self) -> str:
        return self._last.roman if self._last else ""

    # -- building
    def start_heading(self, mark: str, heading: str) -> None:
        """A section heading; whether its numbering restarts is read from what follows."""
        self._pending, self._sub = (mark, heading), False
        if mark:
            self._marked = self._pending

    def start_subheading(self, heading: str) -> None:
        """An unmarked heading ("Multilingualism and global communications" inside 74/92 B's
        section II): inside a marked section it stays in that section, its heading after
        the section's; elsewhere (74/3's declaration) it is a section with no mark."""
        if self._marked is None or self.section is None or not self.section[0]:
            self.start_heading("", heading)
            return
        mark, over = self._marked
        self._pending, self._sub = (mark, f"{over}{JOIN}{heading}"), True

    def _enter_section(self, restarts: bool) -> None:
        if self._pending is None:
            return
        self.section, self._pending = self._pending, None
        if self._sub:  # still the same section: its numbering goes on as it was
            self._sub = False
            return
        if restarts and not LETTER_MARK.match(self.section[0]):
            raise ParseError(
                self.source,
                f"numbering restarts under {self.section[0]!r}: only a letter or numeral "
                "section can qualify paragraph ids",
            )
        self.qualifier = self.section[0] if restarts else ""

    def _append(self, pid: ParagraphId, lines: list[str]) -> None:
        if self.section is not None:
            self.section_of[pid] = self.section
        self.blocks.append((pid, lines))

    def start_preambular(self, first_line: str) -> None:
        # A preamble after a heading is the section's own: only a restart gives it one.
        self._enter_section(restarts=self.has_operative)
        if self.current_op:
            raise ParseError(self.source, "a preambular paragraph after the operative part")
        q = self.qualifier
        n = sum(1 for pid, _ in self.blocks if pid.kind_rank == 0 and pid.qualifier == q) + 1
        self._append(ParagraphId.preambular(n, section=q), [first_line])

    def start_unnumbered(self, first_line: str) -> None:
        """A resolution's (or section's) sole operative paragraph, printed without a number
        (76/15, 76/240 C): OP1 by DESIGN, labelled without one."""
        self.start_operative(1, first_line)
        self.unnumbered.add(self.blocks[-1][0])

    def start_operative(self, n: int, first_line: str) -> None:
        self._enter_section(restarts=n == 1 and self.has_operative)
        if n != self.next_op:
            raise ParseError(self.source, f"operative paragraph {n} follows {self.current_op}")
        pid = ParagraphId.operative(n, section=self.qualifier)
        self._append(pid, [first_line] if first_line else [])

    def start_sub(self, sub: Sub, first_line: str) -> None:
        pid = ParagraphId.operative(self.current_op, sub.letter, sub.roman, self.qualifier)
        self._append(pid, [first_line] if first_line else [])

    def add_line(self, line: str) -> None:
        if not self.blocks:
            raise ParseError(self.source, f"text before the first paragraph: {line[:60]!r}")
        self.blocks[-1][1].append(line)

    def mend_last_line_first(self, ends: Callable[[str], bool]) -> None:
        """An item printed "(c)", its last line ("force;"), then its first lines (76/120,
        annex article 5): when the item's text so far ends mid-sentence but its first line
        ends the item, that line goes last. Called before the next item is read."""
        if not self.blocks or not self.blocks[-1][0].letter:
            return
        lines = self.blocks[-1][1]
        if len(lines) > 1 and ends(lines[0]) and not any(ends(ln) for ln in lines[1:]):
            lines.append(lines.pop(0))

    def last_line(self) -> str | None:
        for _, lines in reversed(self.blocks):
            if lines:
                return lines[-1]
        return None

    def pop_last_line(self) -> str:
        while self.blocks and not self.blocks[-1][1]:
            self.blocks.pop()
        line = self.blocks[-1][1].pop()
        if not self.blocks[-1][1]:
            self.blocks.pop()
        return line

    def finish(self) -> list[tuple[ParagraphId, list[str]]]:
        if not self.has_operative:
            raise ParseError(self.source, "no operative paragraphs found")
        if self._pending is not None:
            raise ParseError(self.source, f"section {self._pending[0]} has no paragraphs")
        for pid, lines in self.blocks:
            if not lines:
                raise ParseError(self.source, f"paragraph {pid} has no text")
        return self.blocks
