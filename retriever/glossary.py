"""Abbreviations diplomats use for what the resolutions spell out in full.

A question about "the CTBT" should meet paragraphs that say "Comprehensive
Nuclear-Test-Ban Treaty"; the expansion is appended to the query, never replacing it.
The terms are data (corpus/profile.py: the UN-wide list and the corpus profile's own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping


class Glossary:
    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = dict(terms)
        alternatives = [
            rf"(?<![A-Za-z]){re.escape(k)}(?![A-Za-z])" if k.isascii() else re.escape(k)
            for k in sorted(self.terms, key=len, reverse=True)
        ]
        # An empty glossary matches nothing (an empty alternation would match everywhere).
        self._pattern = re.compile("|".join(alternatives) or r"(?!)")

    def expand(self, text: str) -> str:
        """The query with the full names of the abbreviations it uses appended."""
        found = []
        for m in self._pattern.finditer(text):
            full = self.terms[m.group(0)]
            if full not in text and full not in found:
                found.append(full)
        return f"{text} ({'; '.join(found)})" if found else text
