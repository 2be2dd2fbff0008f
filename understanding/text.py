"""What every reader of a question shares: word boundaries, scripts, and the cut connector.

The readers (symbols, years, paragraphs, topic) each find their references and record the
span to cut from the topic; a reference goes together with the connecting word before it
("in OP 9", "of the third preambular paragraph"), which is read here once for all of them.
"""

from __future__ import annotations

import re

Span = tuple[int, int]  # [start, end) of a reference in the question, to cut from the topic

# Python's \w and \b are Unicode-aware, so "议" counts as a word character and "决议OP3" has
# no \b before "OP". Boundaries are therefore spelled out in ASCII.
NOT_AFTER_ASCII = r"(?<![A-Za-z0-9_])"
NOT_BEFORE_ASCII = r"(?![A-Za-z0-9_])"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
LPAR, RPAR = "[(\uff08]", "[)\uff09]"  # ASCII and full-width parentheses

# The years a General Assembly resolution can carry.
YEAR_MIN, YEAR_MAX = 1946, 2100


def in_range(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def word_list(words: str) -> list[str]:
    return words.split()


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# "in OP 9", "of the third preambular paragraph": the connector goes with the reference.
_LEFT_CONNECTOR = re.compile(r"(?<![A-Za-z])(?i:in|of|under|from|at)\s+(?:(?i:the|its)\s+)?$")


def extend_left(text: str, start: int) -> int:
    """Where a reference starting at `start` begins once its connector is counted in."""
    m = _LEFT_CONNECTOR.search(text, max(0, start - 12), start)
    return m.start() if m else start
