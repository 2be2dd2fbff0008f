"""What the retriever indexes: one passage per paragraph per language held."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    symbol: str  # "A/RES/66/45"
    pid: str  # "OP3(g)(iv)"
    lang: str  # "en" | "zh"
    kind: str  # "preambular" | "operative"
    session: int  # 66
    year: int | None  # year of adoption, 2011
    text: str  # the paragraph's verbatim text in that language
    unnumbered: bool = False  # printed without a number: its label names none (76/15's OP1)

    @property
    def key(self) -> tuple[str, str]:
        """Results are deduplicated by paragraph, across languages."""
        return (self.symbol, self.pid)
