"""What a corpus is about, kept as data: its subject, example questions and the
abbreviations of its field.

The code knows no corpus. The bundled one brings `profiles/bundled.toml`; another corpus
brings its own file (RESOLUTE_PROFILE=path) or none, and then the help texts speak of "the
UN General Assembly resolutions held here" and the examples are drawn from what is held.
The general UN glossary (`profiles/un.toml`: GA, ECOSOC, SIDS, LDCs …) always applies.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import ConfigError

PROFILES = Path(__file__).parent / "profiles"
BUNDLED = "bundled"
_GENERAL_SUBJECT = {
    "en": "the UN General Assembly resolutions held here",
    "zh": "本服务收录的联合国大会决议",
}


@dataclass(frozen=True)
class Profile:
    subject: dict[str, str]  # language -> "the UN General Assembly resolutions on …"
    examples: tuple[tuple[str, str], ...] = ()  # (language, question)
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> full name


def load_profile(spec: str) -> Profile:
    """`bundled`, a path to a profile TOML, or '' for none; the UN glossary is always in."""
    general = _read(PROFILES / "un.toml")
    glossary = dict(general.get("glossary", {}))
    if not spec:
        return Profile(dict(_GENERAL_SUBJECT), (), glossary)
    path = PROFILES / f"{BUNDLED}.toml" if spec == BUNDLED else Path(spec)
    data = _read(path)
    subject = data.get("subject", _GENERAL_SUBJECT)
    if not isinstance(subject, dict) or "en" not in subject:
        raise ConfigError(f"profile {path}: [subject] needs at least an `en` line")
    examples = []
    for n, ex in enumerate(data.get("examples", []), 1):
        if not isinstance(ex, dict) or ex.get("lang") not in ("en", "zh") or not ex.get("text"):
            raise ConfigError(f"profile {path}: example {n} needs lang (en or zh) and text")
        examples.append((ex["lang"], ex["text"]))
    own = data.get("glossary", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in own.items()):
        raise ConfigError(f'profile {path}: [glossary] entries are "TERM" = "full name"')
    return Profile({**_GENERAL_SUBJECT, **subject}, tuple(examples), {**glossary, **own})


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"profile {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"profile {path} is not valid TOML: {exc}") from None
