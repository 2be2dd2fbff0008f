"""Abbreviations diplomats use for what the resolutions spell out in full.

A question about "the CTBT" should meet paragraphs that say "Comprehensive
Nuclear-Test-Ban Treaty"; the expansion is appended to the query, never replacing it.
"""

from __future__ import annotations

import re

GLOSSARY = {
    "CTBT": "Comprehensive Nuclear-Test-Ban Treaty",
    "CTBTO": "Comprehensive Nuclear-Test-Ban Treaty Organization",
    "NPT": "Treaty on the Non-Proliferation of Nuclear Weapons",
    "FMCT": "fissile material cut-off treaty",
    "IAEA": "International Atomic Energy Agency",
    "DPRK": "Democratic People’s Republic of Korea",
    "North Korea": "Democratic People’s Republic of Korea",
    "NWFZ": "nuclear-weapon-free zones",
    "NWS": "nuclear-weapon States",
    "NNWS": "non-nuclear-weapon States",
    "P5": "five nuclear-weapon States",
    "CD": "Conference on Disarmament",
    "NSA": "negative security assurances",
    "New START": "Treaty on Measures for the Further Reduction and Limitation of Strategic "
    "Offensive Arms",
    "START": "Treaty on Strategic Offensive Reductions",
    "TPNW": "Treaty on the Prohibition of Nuclear Weapons",
    "WMD": "weapons of mass destruction",
    "OEWG": "Open-ended Working Group",
    "AP": "additional protocol",
    "全面禁核试条约": "全面禁止核试验条约",
    "朝鲜": "朝鲜民主主义人民共和国",
    "原子能机构": "国际原子能机构",
    "不扩散条约": "不扩散核武器条约",
}

_PATTERN = re.compile(
    "|".join(
        rf"(?<![A-Za-z]){re.escape(k)}(?![A-Za-z])" if k.isascii() else re.escape(k)
        for k in sorted(GLOSSARY, key=len, reverse=True)
    )
)


def expand(text: str) -> str:
    """The query with the full names of the abbreviations it uses appended."""
    found = []
    for m in _PATTERN.finditer(text):
        full = GLOSSARY[m.group(0)]
        if full not in text and full not in found:
            found.append(full)
    return f"{text} ({'; '.join(found)})" if found else text
