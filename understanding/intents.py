"""What a chat message asks for beyond a topic: a fact, a comparison, or more of the last turn.

These cues are read from the message's words like its references are: "When was 66/45
adopted?" asks for a date from the resolution's structure, "How did the CTBT paragraph
change between 62/37 and 66/45?" for a comparison, "And the 2017 one?" for the previous
turn's topic in another resolution. Resolving a follow-up against its conversation is the
chat's job; saying that the words point back is this module's.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Metadata(StrEnum):
    """A fact about a resolution that its structure answers, with no paragraph to cite."""

    ADOPTED = "adopted"
    MEETING = "meeting"
    COUNT_OPERATIVE = "count_operative"
    COUNT_PREAMBULAR = "count_preambular"
    COUNT_ALL = "count_all"
    TITLE = "title"
    AGENDA = "agenda"
    PARTS = "parts"  # a document adopted in parts (74/92 A-B): which parts, how many


_METADATA = [
    (
        Metadata.PARTS,
        re.compile(
            r"\bhow many parts\b|\b(?:which|what) parts\b|\badopted in parts\b"
            r"|(?:几|多少)个?部分|哪些部分|分为几",
            re.I,
        ),
    ),
    (
        Metadata.MEETING,
        re.compile(r"plenary meeting|which meeting|what meeting|全体会议|哪次会议", re.I),
    ),
    (
        Metadata.ADOPTED,
        re.compile(
            r"\bwhen (?:was|were|did)\b.*\badopt|\bdate of adoption|\badoption date|\bwhat date\b"
            r"|\bwhen\b.*\b(?:passed|approved)|何时通过|哪天通过|什么时候通过|通过日期|哪一天|何时",
            re.I,
        ),
    ),
    (
        Metadata.COUNT_OPERATIVE,
        re.compile(
            r"how many operative|number of operative|执行部分.*(?:多少|几)段|(?:多少|几)个?执行",
            re.I,
        ),
    ),
    (
        Metadata.COUNT_PREAMBULAR,
        re.compile(
            r"how many preambular|number of preambular|序言部分.*(?:多少|几)段|(?:多少|几)个?序言",
            re.I,
        ),
    ),
    (
        Metadata.COUNT_ALL,
        re.compile(r"how many paragraphs|number of paragraphs|(?:多少|几)段", re.I),
    ),
    (
        Metadata.TITLE,
        re.compile(r"\btitle\b|what (?:is|was) .* called|\bentitled\b|标题|题目|名称", re.I),
    ),
    (Metadata.AGENDA, re.compile(r"agenda item|议程项目", re.I)),
]

# "Which resolutions mention X?": a list across resolutions, not one paragraph.
_WHICH = re.compile(
    r"\b(?:which|what) (?:UN |GA |General Assembly )?resolutions\b|\blist (?:all |the )?"
    r"(?:UN |GA )?resolutions\b|\bresolutions (?:that|which) (?:mention|refer|call|address)"
    r"|哪些(?:联大|大会)?决议|哪几项决议|列出.*决议",
    re.I,
)
# "Summarize resolution 66/45": its title, date and operative paragraphs' opening clauses.
_SUMMARY = re.compile(
    r"\bsummar(?:y|ise|ize|ising|izing)\b|\boverview\b|\bgist\b|\bwhat is (?:resolution )?"
    r"[\w/ ]*\babout\b|\bmain points\b|概述|总结|概括|摘要|主要内容|要点|讲了什么|是关于什么",
    re.I,
)

# A comparison: said outright ("change", "compared with", "比较"), or as what one text
# added to, dropped from or reworded in another ("what did 66/45 add to …", "多了哪些内容").
_COMPARE = re.compile(
    r"\b(?:change|changed|changes|differ|difference|differences|compare|compared|comparison|"
    r"evolve|evolved|versus|vs\.?|reworded)\b|"
    r"\b(?:add|adds|added)\s+to\b|\b(?:drop|drops|dropped|remove|removes|removed|delete|"
    r"deletes|deleted)\b.{0,80}\bfrom\b|"
    r"比较|变化|不同|区别|演变|对比|修改|改成|改为|删去|删除|新增|新加|多了|少了|分别",
    re.I,
)

# Words a follow-up is made of when it carries no topic of its own.
_FOLLOWUP_FILLER = re.compile(
    r"\b(?:and|so|then|also|what|how|about|did|does|do|say|said|says|the|same|it|that|this|"
    r"there|on|in|of|with|regarding|issue|topic|point|subject|matter|one|resolution|year|"
    r"session|paragraph|case|text|handle|handled|handles|take|takes|took|up|treat|treats|"
    r"treated|address|addresses|addressed|cover|covers|covered|deal|deals|dealt|mention|"
    r"mentions|mentioned|part|operative|preambular|corresponding|equivalent|counterpart|"
    r"does|is|was|where|which|its|those|these|they|them|one|ones)\b|那|呢|又|也|怎么样|如何|"
    r"怎么说|说了什么|关于|这个|该|这一|问题|的|决议|年|对应|相应|段落|哪一段|是|中|呢？|？|\?|,|，|。|"
    r"\.|!|！",
    re.I,
)


# "When did the Assembly first call for X?", "首次": the earliest member of X's series that
# has it. "When … first" needs both words: "when was it adopted" is a date, not a history.
_FIRST = re.compile(
    r"\bfirst (?:time|mention|mentioned|call|called|calls|urge|urged|ask|asked|refer|referred|"
    r"address|addressed|welcome|welcomed|express|expressed|appear|appeared)\b"
    r"|\b(?:when|which year|what year|which session|since when)\b.*\bfirst\b|首次|第一次|最早"
    r"|(?:从|自)?(?:哪一?年|何时|什么时候)开始",
    re.I,
)
# "Has the paragraph on Z always been there?": every member of Z's series, has it or not.
_ALWAYS = re.compile(
    r"\balways\b|\bever since\b|\bfrom the (?:start|beginning|outset|first)\b|一直|始终|历来|"
    r"一开始",
    re.I,
)
# What is left of such a question once its cue words are gone: what to search the series for.
_HISTORY_WORDS = re.compile(
    r"\b(?:when|did|does|has|have|the|general(?=\s+assembly)|assembly|first|time|mention|mentioned|call|"
    r"called|calls|for|upon|on|about|urge|urged|ask|asked|refer|referred|to|address|addressed|"
    r"appear|appeared|always|been|there|ever|since|paragraph|paragraphs|in|it|its|resolutions?|"
    r"series|these|this|those|which|what|year|years|session|start|beginning|outset|from|"
    r"part|featured|feature)\b|大会|联大|何时|什么时候|首次|第一次|最早|呼吁|提到|提及|提出|"
    r"关于|的段落|段落|一直|始终|历来|都|有吗|在吗|吗|是否|这一系列|该系列|系列|(?:从|自)?哪一?年|"
    r"开始|是不是|从?一开始就?有?的?(?:内容)?|这一提法|这一要求|在哪一份里|哪一份|的决议|决议",
    re.I,
)


def asks_first_mention(text: str) -> bool:
    return _FIRST.search(text) is not None


def asks_always_there(text: str) -> bool:
    return _ALWAYS.search(text) is not None


def without_history_words(topic: str) -> str:
    """ "When did the Assembly first call for nuclear-weapon-free zones?" -> the zones."""
    rest = _HISTORY_WORDS.sub(" ", topic)
    return re.sub(r"\s+", " ", rest).strip(" ?？。.,，")


def metadata_intent(text: str) -> Metadata | None:
    for kind, pattern in _METADATA:
        if pattern.search(text):
            return kind
    return None


def asks_which_resolutions(text: str) -> bool:
    return _WHICH.search(text) is not None


def asks_summary(text: str) -> bool:
    return _SUMMARY.search(text) is not None


def is_comparison(text: str) -> bool:
    return bool(_COMPARE.search(text))


def without_comparison_words(topic: str) -> str:
    """ "How did the CTBT paragraph change between and" -> the CTBT paragraph, to search with."""
    rest = _COMPARE.sub(" ", topic)
    # The words of the question's form, not of its topic: what was added, dropped, said,
    # each year's wording, which part ("the preambular paragraph on …").
    rest = re.sub(
        r"\b(?:how|did|does|what|between|and|from|to|the|in|paragraph|paragraphs|since|last|"
        r"previous|prior|earlier|year|years|one|before|session|its|predecessor|with|than|add|"
        r"adds|added|drop|drops|dropped|remove|removes|removed|delete|deletes|deleted|reworded|"
        r"wording|words|say|said|each|preamble's|preamble|preambular|"
        r"operative|statement|text|version|resolution|resolutions)\b|"
        r"的段落|段落|那一段|这一段|一段|有何|有什么|之间|和|与|(?<=[议分段])中|关于|相比|比较|上一年|前一年|"
        r"去年|上一项|上一届|以前|之前|决议|号|对(?=[^，。？]*措辞)|措辞|表述|提法|做了什么|"
        r"什么|哪些|内容|修改|改成了?|改为|删去|删除|新增|新加了?|比(?=\s*[多少]了)|多说了些|"
        r"多了|少了|分别是?|怎么说的?|序言部分|执行部分|的?序言里?|里|了",
        " ",
        rest,
        flags=re.I,
    )
    return re.sub(r"\s+", " ", rest).strip(" ?？。.,")


_ANAPHORA = re.compile(
    r"\b(?:it|its|this|that|these|those|them|same|corresponding|equivalent|counterpart|"
    r"one)\b|对应|相应|同一|该|此|这|其",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")


def refers_back(text: str) -> bool:
    """ "it", "the same paragraph", "对应的段落": the message points at an earlier turn."""
    return bool(_ANAPHORA.search(text))


def bare_years(text: str) -> tuple[int, ...]:
    """Years in a short follow-up ("And the 2017 one?", "What about 2014?")."""
    return tuple(int(y) for y in _YEAR.findall(text))


def lacks_topic(topic: str) -> bool:
    """True when what is left of a message is only follow-up filler: "And what about it?"."""
    rest = _FOLLOWUP_FILLER.sub(" ", topic)
    return len(re.findall(r"[A-Za-z]{3,}|[\u4e00-\u9fff]", rest)) == 0


_PART = re.compile(r"\b(operative|preambular|preamble)\b|(执行部分|序言部分|序言)", re.I)


def part_named(text: str) -> str | None:
    """ "in its operative part" / "序言部分": the kind of paragraph asked for."""
    m = _PART.search(text)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    return "operative" if word in ("operative", "执行部分") else "preambular"
