"""The chat pipeline: resolve the follow-up, route the intent, answer, check citations, store.

understand (once) → resolve against the conversation → answer (from structure, or from
retrieval) → citation check → append the turn. The widget, the Slack bot and the
HTTP API all call `ChatService.ask`. A message's words are read once, by `understand`;
everything after works from that reading, resolved against the conversation.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from chat import extractive
from chat.answer import Answer, Citation, hit_citation
from chat.citations import Evidence, check_citations
from chat.conversation import ConversationStore, Turn
from chat.grounding import DEFAULT, Bars, group
from chat.llm import Answerer
from chat.metadata import joined, metadata_answer, parts_answer
from corpus.errors import NotFound
from corpus.ids import Kind, ParagraphId
from corpus.labels import label
from corpus.model import Entry, Resolution
from corpus.store import Store
from retriever.search import Filters, Hit, Query, Searcher
from series.book import SeriesBook
from series.model import Series
from understanding import (
    Metadata,
    Understood,
    has_substance,
    tidy,
    understand,
    without_comparison_words,
)

# When evidence is strong enough to cite, measured on bench/data (README, "Grounding"):
# e5 gives Chinese queries lower cosines than English ones, hence a bar per language;
# a question whose words the corpus hardly uses ("climate change") is off-topic however
# close its nearest paragraph happens to be.
WHICH_POOL = 50  # paragraphs searched for "which resolutions mention X"
WHICH_MAX = 10  # resolutions listed at most, each with its closest paragraph
TOPIC_WORDS = 1.0  # a paragraph speaks to a topic when it holds all its words (history);
# with fewer, a treaty named in a question was met by paragraphs naming another treaty
HISTORY_POOL = 60  # a member's paragraphs searched for the one aligned with the topic's
COMPARE_MAX = 8  # resolutions of the years named that a comparison searches one by one
PAIR_POOL = 10  # a member's paragraphs ranked when members of a series are compared
PAIR_CANDIDATES = 3  # each member's best, followed through the series as candidates


@dataclass(frozen=True)
class Question:
    """A message resolved against its conversation: what to look for, and where.

    `understood` is the message's own reading; the fields beside it may come from the
    conversation instead ("And in 2007?" keeps the previous turn's topic).
    """

    understood: Understood
    topic: str
    symbols: tuple[str, ...]
    years: tuple[int, ...]
    followup: bool
    comparison_topic: str  # what resolutions would be compared on: the topic, less "compare"
    like: tuple[str, str] | None = None  # the paragraph the previous answer rested on
    by_year: bool = False  # `symbols` are the resolutions of the years named, not named

    @property
    def text(self) -> str:
        return self.understood.question

    @property
    def lang(self) -> str:
        return self.understood.lang

    @property
    def paragraph(self) -> ParagraphId | None:
        return self.understood.paragraph


@dataclass(frozen=True)
class Draft:
    """An answer before the citation check, with the paragraphs it may cite."""

    answer: Answer
    evidence: Evidence
    removed: tuple[str, ...] = ()  # what an LLM wrote that a check already took out


@dataclass(frozen=True)
class Reply:
    conversation_id: str
    answer: Answer
    removed: tuple[str, ...] = ()  # what the citation check took out


class ChatService:
    def __init__(
        self,
        store: Store,
        searcher: Searcher,
        conversations: ConversationStore,
        llm: Answerer | None = None,
        bars: dict[str, Bars] | None = None,
        series: SeriesBook | None = None,
    ) -> None:
        self.store = store
        self.searcher = searcher
        self.conversations = conversations
        self.llm = llm
        # What evidence is good enough, per language (chat/grounding.py: calibrated data)
        self.bars = bars or dict(DEFAULT)
        self.series = series  # series and their alignments, for "what changed"

    def over(self, searcher: Searcher) -> ChatService:
        """The same chat (store, conversations, answerer, bars) searching another index
        version: what a server swaps in when an ingest beside it saves a new one."""
        other = copy.copy(self)
        other.searcher = searcher
        return other

    def ask(self, message: str, conversation_id: str | None = None) -> Reply:
        if conversation_id is None:
            cid = self.conversations.create()
            history: list[Turn] = []
        else:
            cid = conversation_id
            history = self.conversations.turns(cid)  # NotFound for an unknown id
        question = self.resolve(message, history)
        draft = self.answer(question, history)
        checked = check_citations(draft.answer, draft.evidence)
        turn = Turn(
            question=message,
            answer=checked.answer.text,
            lang=question.lang,
            topic=question.topic,
            symbols=question.symbols,
            years=question.years,
            paragraph=str(question.paragraph) if question.paragraph else None,
            citations=tuple((c.symbol, str(c.pid)) for c in checked.answer.citations),
            grounded=checked.answer.grounded,
        )
        self.conversations.append(cid, turn)
        return Reply(cid, checked.answer, draft.removed + checked.removed)

    def ask_with_history(self, message: str, history: list[Turn]) -> Reply:
        """Answer `message` as a follow-up of turns the caller holds (chat/history.py);
        nothing is stored, and the reply's conversation_id is ''."""
        question = self.resolve(message, history)
        draft = self.answer(question, history)
        checked = check_citations(draft.answer, draft.evidence)
        return Reply("", checked.answer, draft.removed + checked.removed)

    # -- understand and resolve
    def resolve(self, message: str, history: list[Turn]) -> Question:
        """Understand `message` (the one reading of its words) and resolve it against `history`."""
        u = understand(message, self.searcher.symbols)
        # "it" is what the last turn was about, be it a topic or a paragraph looked up
        previous = history[-1] if history else None
        followup = previous is not None and u.lacks_topic
        topic = previous.topic if followup and previous else u.topic
        years = u.years or (u.bare_years if followup else ())
        symbols = u.symbols or self._symbols_of_years(years)
        by_year = not u.symbols and bool(symbols)
        refers = previous is not None and (followup or u.refers_back)
        if not symbols and not years and previous and (refers or u.paragraph is not None):
            symbols = previous.symbols  # "And OP 9 of it?", "what does it say about X?"
            by_year = False
        like = previous.citations[0] if followup and previous and previous.citations else None
        # A follow-up compares on the previous turn's topic, which the message does not hold.
        compared = without_comparison_words(topic) if followup else u.comparison_topic
        return Question(u, topic, symbols, years, followup, compared, like, by_year)

    def _symbols_of_years(self, years: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(
            e.symbol for e in self.store.entries() if e.adopted and int(e.adopted[:4]) in years
        )

    # -- the resolutions held
    # What is held, when adopted, titled what: the store's entries (kept a store revision).
    # Paragraphs only where they are quoted, one resolution at a time (`_get`): a server
    # holding every resolution parsed took 2 GB and 29 s to load them at 22,000.
    def _entry(self, symbol: str) -> Entry:
        """The entry of the resolution `symbol` names, else as `Store.get` finds it (any
        form of a symbol, parts) or says it is not held."""
        found = self.store.entries_by_symbol().get(symbol)
        return found if found is not None else self.store.get(symbol).entry()

    def _get(self, symbol: str) -> Resolution:
        """The resolution with its paragraphs (Store.get keeps the few read lately)."""
        return self.store.get(symbol)

    # -- answer
    def answer(self, q: Question, history: list[Turn]) -> Draft:
        lang = q.lang
        held = self.store.entries_by_symbol()
        unknown = [s for s in q.symbols if s not in held]
        if unknown:
            names_zh = "、".join(_zh_name(s) for s in unknown)
            return Draft(
                extractive.refusal(
                    f"{', '.join(unknown)} is not in the corpus, so I cannot cite it.",
                    f"语料库中没有{names_zh}，无法引用。",
                    lang,
                ),
                {},
            )
        if q.years and not q.symbols:
            years = ", ".join(map(str, q.years))
            return Draft(
                extractive.refusal(
                    f"The corpus holds no resolution adopted in {years}.",
                    f"语料库中没有{years}年通过的决议。",
                    lang,
                ),
                {},
            )
        u = q.understood
        if (
            (u.first_mention or u.always_there)
            and not u.symbols
            and has_substance(u.history_topic)
            and self.series is not None  # a chat without series answers as for any topic
        ):
            return self._history(q)
        resolutions = [held[s] for s in q.symbols]
        substance = has_substance(q.topic)
        if q.by_year and not _one_document(resolutions):
            # "the 2019 resolution" names one only when the topic picks it out: a lookup, a
            # fact or a summary of several would be a guess, so the answer asks which.
            if u.asks_which and not substance:
                return Draft(extractive.held_in(resolutions, _years(q.years), lang), {})
            if q.paragraph is not None or u.metadata or u.asks_summary or not substance:
                return Draft(extractive.candidates_answer(resolutions, _years(q.years), lang), {})
        if q.paragraph is not None and resolutions:
            return self._lookup(q.symbols, q.paragraph, lang)
        if u.asks_summary and resolutions and _one_document(resolutions) and not substance:
            return self._summary(resolutions, lang)
        if u.asks_which and substance:
            return self._which(q)
        kind = q.understood.metadata
        one_document = _one_document(resolutions)
        if one_document and (
            kind is Metadata.PARTS or (kind is Metadata.TITLE and len(resolutions) > 1)
        ):
            return Draft(parts_answer(resolutions, lang), {})
        if kind is not None and one_document:
            # The parts of one document ("When was 74/92 adopted?"): each part's fact.
            answers = [metadata_answer(r, kind, lang) for r in resolutions]
            if all(a is not None for a in answers):
                return Draft(joined([a for a in answers if a], lang), {})
        changed = self._changed(q, resolutions, lang) if u.is_comparison else None
        if changed is not None:
            return changed
        # Each resolution compared is searched on its own: years that hold more than a few
        # resolutions hold several series, and the topic's (`_changed`) said nothing.
        few = not q.by_year or len(resolutions) <= COMPARE_MAX
        if len(resolutions) >= 2 and q.understood.is_comparison and few:
            return self._compare(q, resolutions)
        return self._from_search(q)

    def _lookup(self, symbols: tuple[str, ...], pid: ParagraphId, lang: str) -> Draft:
        """The named paragraph of each resolution, quoted; a refusal if one lacks it."""
        hits = self.searcher.lookup(symbols, pid, lang)
        held = {h.passage.symbol for h in hits}
        if hits and _one_document([self._entry(s) for s in symbols]):
            symbols = tuple(s for s in symbols if s in held)  # "OP29 of 74/92": part B's
        for symbol in symbols:
            if symbol not in held:
                return Draft(
                    extractive.refusal(
                        f"{symbol} has no {label(symbol, pid, 'en').split(', ')[1]}.",
                        f"{label(symbol, pid, 'zh')}不存在。",
                        lang,
                    ),
                    {},
                )
        evidence = {h.passage.key: self._texts(*h.passage.key) for h in hits}
        return Draft(extractive.lookup_answer([hit_citation(h) for h in hits], lang), evidence)

    def _compare(self, q: Question, resolutions: list[Entry]) -> Draft:
        """The topic's paragraph in the earliest resolution, then the most alike in the others."""
        ordered = sorted(resolutions, key=lambda r: r.session)
        topic = q.comparison_topic or q.topic
        if topic:
            # Cutting the comparison words leaves gaps (between Chinese words too): the
            # search reads the topic tidied, the corpus share is measured on it as cut.
            text = tidy(topic) or topic
        else:  # nothing but references: the message's own words beside them, if any
            topic, text = q.text, q.understood.topic or q.text
        known = self.searcher.known_share(topic)
        along = self._along_series(q, ordered, text, known)
        if along is not None:
            return along
        pairs, evidence = [], {}
        anchor: tuple[str, str] | None = None
        for res in ordered:
            hits = self.searcher.search(
                Query(text, q.lang), 1, Filters(symbols=(res.symbol,)), like=anchor
            )
            if not hits:
                continue
            hit = hits[0]
            alike = anchor is not None and self.searcher.similarity(hit.passage.key, anchor)
            named = self._bars(q.lang, named=True)
            if named.strong(hit, known) or (alike and alike >= named.min_like):
                c = hit_citation(hit)
                pairs.append((res, c))
                evidence[(c.symbol, str(c.pid))] = self._texts(c.symbol, str(c.pid))
                anchor = anchor or hit.passage.key
        if len(pairs) < 2:
            return self._from_search(q)
        return Draft(extractive.comparison_answer(pairs, q.lang), evidence)

    def _along_series(
        self, q: Question, ordered: list[Entry], text: str, known: float
    ) -> Draft | None:
        """Members of one series compared on a topic: the paragraph the members agree on,
        followed from one to the next by the series' alignments. Each member's best few
        paragraphs for the topic are candidates; a candidate scores by how high its aligned
        paragraph ranks in every member (1/(1 + rank)), so a year's near-tie loses to the
        paragraph both years rank high; one of its sides must pass the bar. Searching each
        member alone would judge each side by its own cosine: a Chinese question reaches a
        member held in English only by its lower cosine. None when they are not one series
        or the paragraph is not followed into two of them (new or dropped on the way): the
        comparison then searches each."""
        if self.series is None:
            return None
        series = self.series.catalog().series_of(ordered[0].symbol)
        if series is None or any(r.symbol not in series.members for r in ordered):
            return None
        ranked = {
            r.symbol: self.searcher.search(
                Query(text, q.lang), PAIR_POOL, Filters(symbols=(r.symbol,))
            )
            for r in ordered
        }
        rank = {(m, h.passage.pid): i for m, hits in ranked.items() for i, h in enumerate(hits)}
        bars = self._bars(q.lang, named=True)
        best: tuple[float, dict[str, str]] | None = None
        for hits in ranked.values():
            for hit in hits[:PAIR_CANDIDATES]:
                aligned, _ = self._aligned(hit.passage.key)
                sides = [
                    h for m, hs in ranked.items() for h in hs if h.passage.pid == aligned.get(m)
                ]
                score = _agreement(aligned, rank)
                if any(bars.strong(h, known) for h in sides) and (best is None or score > best[0]):
                    best = (score, aligned)
        if best is None:
            return None
        aligned = best[1]
        paragraphs = [
            (res, para)
            for res in ordered
            if res.symbol in aligned
            and (para := self._get(res.symbol).paragraph(ParagraphId.parse(aligned[res.symbol])))
            is not None
        ]
        if len(paragraphs) < 2:
            return None
        # One language for every side where they all have it, so the change can be redlined.
        common = [
            lang for lang in (q.lang, "en", "zh") if all(lang in p.text for _, p in paragraphs)
        ]
        pairs, evidence = [], {}
        for res, para in paragraphs:
            lang = (
                common[0] if common else (q.lang if q.lang in para.text else next(iter(para.text)))
            )
            pairs.append(
                (res, Citation(res.symbol, para.pid, lang, para.text[lang], para.unnumbered))
            )
            evidence[(res.symbol, str(para.pid))] = dict(para.text)
        return Draft(extractive.comparison_answer(pairs, q.lang), evidence)

    def searched(self, q: Question) -> tuple[list[Hit], float]:
        """The hits a topic question is answered from, and the share of its words the corpus
        knows: the evidence the bars judge (and `resolute calibrate` measures them on)."""
        query = Query(
            q.topic or q.text, q.lang, q.symbols, q.years, q.paragraph, q.understood.is_lookup
        )
        kind = q.understood.part if q.paragraph is None else None
        hits = self.searcher.search(query, 5, Filters(kind=kind), like=q.like)
        return hits, self.searcher.known_share(q.topic or q.text)

    def answered_by_search(self, q: Question) -> bool:
        """Whether `answer` takes `q` to the search (not a lookup, a fact, a list …)."""
        u = q.understood
        held = self.store.entries_by_symbol()
        return not (
            any(s not in held for s in q.symbols)
            or (q.years and not q.symbols)
            or q.paragraph is not None
            or u.metadata is not None
            or u.asks_summary
            or u.asks_which
            or (len(q.symbols) >= 2 and u.is_comparison)
        )

    def _from_search(self, q: Question) -> Draft:
        hits, known = self.searched(q)
        bars = self._bars(q.lang, named=bool(q.symbols))
        strong = [
            h
            for h in hits
            if bars.strong(h, known)
            or (q.like and self.searcher.similarity(h.passage.key, q.like) >= bars.min_like)
        ]
        if not strong:
            return Draft(extractive.refusal(*extractive.NOT_ANSWERED, q.lang), {})
        if q.like:  # "And in 2007?": the same paragraph in that year comes first
            like = q.like
            strong.sort(key=lambda h: -self.searcher.similarity(h.passage.key, like))
        evidence = {h.passage.key: self._texts(*h.passage.key) for h in hits}
        removed: tuple[str, ...] = ()
        if self.llm is not None:
            checked = self.llm.answer(q.text, q.lang, hits, evidence)
            if checked is not None and checked.answer.citations:
                return Draft(checked.answer, evidence, checked.removed)
            removed = checked.removed if checked is not None else ()  # fall back, say why
        citations = [hit_citation(h) for h in strong]
        return Draft(extractive.quote_answer(citations, q.lang), evidence, removed)

    def _summary(self, entries: list[Entry], lang: str) -> Draft:
        """Each resolution's (each part's) title, date and operative opening clauses, cited."""
        answers, evidence = [], {}
        for entry in entries:
            res = self._get(entry.symbol)
            citations = []
            for p in res.paragraphs:
                if p.kind is Kind.OPERATIVE and not p.pid.letter:
                    quote_lang = lang if lang in p.text else next(iter(p.text))
                    quote = p.text[quote_lang]
                    citations.append(Citation(res.symbol, p.pid, quote_lang, quote, p.unnumbered))
                    evidence[(res.symbol, str(p.pid))] = dict(p.text)
            answers.append(extractive.summary_answer(entry, citations, lang))
        text = "\n\n".join(a.text for a in answers)
        cited = tuple(c for a in answers for c in a.citations)
        return Draft(Answer(text, True, cited, lang), evidence)

    def _changed(self, q: Question, resolutions: list[Entry], lang: str) -> Draft | None:
        """'What changed in 72/50?': its paragraphs against the resolution it renews.
        'How did X change in 72/50?': X in both. Years name the series' members of those
        years, not every resolution adopted then. None when the series says nothing."""
        if self.series is None:
            return None
        catalog = self.series.catalog()
        if q.by_year and len(q.years) >= 2:
            series, members = self._members_of_years(q, resolutions)
            missing = [y for y in q.years if y not in {_year(r) for r in members}]
            if series is not None and missing:  # the series held does not reach those years
                first, last = self._entry(series.members[0]), self._entry(series.members[-1])
                return Draft(_not_in_series(first, last, missing, lang), {})
            return self._compare(q, members) if len(members) >= 2 else None
        if len(resolutions) != 1:
            return None
        new = resolutions[0]
        if q.years and not q.by_year:
            # "Compared with 62/37, what did the 2008 resolution add?": a year beside a
            # symbol names the member of that symbol's series adopted that year.
            series = catalog.series_of(new.symbol)
            members = [self._entry(m) for m in series.members] if series else []
            others = [r for r in members if r.symbol != new.symbol and _year(r) in q.years]
            if others:
                return self._compare(q, [new, *others])
        before = catalog.predecessor(new.symbol)
        if before is None:
            return Draft(
                extractive.refusal(
                    f"No earlier resolution of the series of {new.symbol} is held, so what "
                    "changed cannot be said.",
                    f"语料库中没有{_zh_name(new.symbol)}所属系列的更早决议，无法说明有何变化。",
                    lang,
                ),
                {},
            )
        if has_substance(q.comparison_topic):
            return self._compare(q, [self._entry(before), new])
        return self._all_changes(self._get(before), self._get(new.symbol), lang)

    def _members_of_years(
        self, q: Question, resolutions: list[Entry]
    ) -> tuple[Series | None, list[Entry]]:
        """The series the topic belongs to (its best paragraph among the years' resolutions),
        and its members adopted in those years."""
        assert self.series is not None
        topic = q.comparison_topic or q.topic
        if not has_substance(topic):
            return None, []
        hits = self.searcher.search(Query(topic, q.lang, (), q.years), 1)
        series = self.series.catalog().series_of(hits[0].passage.symbol) if hits else None
        if series is None:
            return None, []
        years = set(q.years)
        return series, [r for r in resolutions if r.symbol in series.members and _year(r) in years]

    def _history(self, q: Question) -> Draft:
        """'When did the Assembly first call for Y?' / 'Has the paragraph on Y always been
        there?': the paragraph the topic finds, followed through its series (SeriesBook.history),
        and each member held: has it a paragraph that still speaks to Y?"""
        assert self.series is not None
        lang, topic = q.lang, q.understood.history_topic
        text = tidy(topic) or topic
        known = self.searcher.known_share(topic)
        names = _names(q.understood.topic)  # as written: the cue words cut "on", "the"
        bars = self._bars(lang, named=False)
        searched = self.searcher.search(Query(text, lang), PAIR_POOL)
        strong = [h for h in searched if bars.strong(h, known) and _names_in(names, h)]
        if not strong:
            return Draft(extractive.refusal(*extractive.NOT_ANSWERED, lang), {})
        # The paragraph followed is the one the series agrees on: of the best few that pass
        # the bar, the one whose place in the other members the search ranks highest too (a
        # near-tie in one year loses to the paragraph every year holds).
        rank = {h.passage.key: i for i, h in enumerate(searched)}
        followed = {h.passage.key: self._aligned(h.passage.key) for h in strong[:PAIR_CANDIDATES]}
        anchor = max(followed, key=lambda key: _agreement(followed[key][0], rank))
        catalog = self.series.catalog()
        series = catalog.series_of(anchor[0])
        if series is None or len(series.members) < 2:
            only = self._entry(anchor[0])
            return Draft(extractive.no_series(only, lang), {})
        aligned, unchanged = followed[anchor]
        members = series.members
        hits = {m: self._aligned_hit(m, aligned[m], text, lang) for m in members if m in aligned}
        held = {m: h for m, h in hits.items() if h is not None}
        bars = self._bars(lang, named=True)
        speaks = {m for m, h in held.items() if _covers(h, bars, names) or m == anchor[0]}
        # A paragraph whose text is unchanged from a neighbour's that speaks to the topic
        # speaks too: so a Chinese question reaches members held in English only, while a
        # paragraph reworded on the way does not (even a small edit can drop the topic: 68/51
        # kept 92% of 67/59's words, not "nuclear terrorism"). Cosines cannot tell: in this
        # one-subject corpus unrelated paragraphs sit at 0.9.
        links = [
            (a, b)
            for a, b in zip(members, members[1:], strict=False)
            if a in held and b in held and a in unchanged
        ]
        while grown := {x for a, b in links if {a, b} & speaks for x in (a, b)} - speaks:
            speaks |= grown
        found: list[tuple[Entry, Citation | None]] = []
        evidence = {}
        for member in members:
            hit = held[member] if member in speaks else None
            if hit is None and q.understood.first_mention:
                # Another paragraph may have said it before the one followed was written.
                hit = self._mentions(member, text, lang, names)
            found.append((self._entry(member), hit_citation(hit) if hit else None))
            if hit is not None:
                evidence[hit.passage.key] = self._texts(*hit.passage.key)
        if q.understood.first_mention:
            return Draft(extractive.first_answer(found, lang), evidence)
        return Draft(extractive.always_answer(found, lang), evidence)

    def _aligned(self, anchor: tuple[str, str]) -> tuple[dict[str, str], set[str]]:
        """The paragraph each member holds in the anchor's place, as the alignments follow it
        (SeriesBook.history), and the members whose paragraph the next keeps word for word."""
        assert self.series is not None
        successor = self.series.catalog().successor
        aligned, unchanged = {anchor[0]: anchor[1]}, set()
        for member, m in self.series.history(*anchor):
            after = successor(member)
            if m.old is not None and m.new is not None and after is not None:
                aligned[member], aligned[after] = m.old, m.new
                if not m.reworded:
                    unchanged.add(member)
        return aligned, unchanged

    def _aligned_hit(self, member: str, pid: str, text: str, lang: str) -> Hit | None:
        """The paragraph `pid` of `member` as the search scores it for the topic."""
        hits = self.searcher.search(Query(text, lang), HISTORY_POOL, Filters(symbols=(member,)))
        return next((h for h in hits if h.passage.pid == pid), None)

    def _mentions(self, member: str, text: str, lang: str, names: list[str]) -> Hit | None:
        """The member's best paragraph for the topic among those that hold the topic's words:
        another paragraph may have said it before the one followed was written. Words decide,
        not the rank alone: in a one-subject series every paragraph reads close to every other
        (cosines of 0.9), so the first hit may be a near-tie that lacks the words."""
        hits = self.searcher.search(Query(text, lang), HISTORY_POOL, Filters(symbols=(member,)))
        bars = self._bars(lang, named=True)
        return next((h for h in hits if _covers(h, bars, names)), None)

    def _all_changes(self, old: Resolution, new: Resolution, lang: str) -> Draft:
        assert self.series is not None
        changes = self.series.changes(new.symbol, old.symbol)
        counts = {k: 0 for k in ("same", "changed", "added", "removed")}
        items, evidence = [], {}
        for pc in changes.paragraphs:
            counts[pc.change.value] += 1
            if pc.change.value == "same":
                continue
            res, pid = (old, pc.old) if pc.change.value == "removed" else (new, pc.new)
            assert pid is not None
            para = res.paragraph(ParagraphId.parse(pid))
            if para is None:
                continue
            quote_lang = lang if lang in para.text else next(iter(para.text))
            cited = Citation(
                res.symbol, para.pid, quote_lang, para.text[quote_lang], para.unnumbered
            )
            evidence[(res.symbol, pid)] = dict(para.text)
            was = None
            if pc.change.value == "changed" and pc.old is not None:
                old_para = old.paragraph(ParagraphId.parse(pc.old))
                if old_para is not None:  # cited too: each side of the change
                    was_lang = (
                        quote_lang if quote_lang in old_para.text else next(iter(old_para.text))
                    )
                    was = Citation(
                        old.symbol,
                        old_para.pid,
                        was_lang,
                        old_para.text[was_lang],
                        old_para.unnumbered,
                    )
                    evidence[(old.symbol, pc.old)] = dict(old_para.text)
            items.append((pc.change.value, cited, was))
        # What the Assembly now asks comes first: operative paragraphs, then the preamble.
        items.sort(key=lambda item: item[1].pid.kind_rank != 1)
        return Draft(
            extractive.changes_answer(new.entry(), old.entry(), counts, items, lang), evidence
        )

    def _which(self, q: Question) -> Draft:
        """The resolutions that speak to the topic, each with its closest paragraph."""
        query = Query(q.topic, q.lang, q.symbols, q.years)
        hits = self.searcher.search(query, WHICH_POOL)
        known = self.searcher.known_share(q.topic)
        bars = self._bars(q.lang, named=bool(q.symbols))
        best: dict[str, Hit] = {}
        for h in hits:
            if h.passage.symbol not in best and bars.strong(h, known):
                best[h.passage.symbol] = h
        if not best:
            return Draft(extractive.refusal(*extractive.NOT_ANSWERED, q.lang), {})
        found = [(self._entry(s), hit_citation(h)) for s, h in best.items()]
        evidence = {h.passage.key: self._texts(*h.passage.key) for h in best.values()}
        return Draft(extractive.list_answer(found[:WHICH_MAX], q.lang), evidence)

    def _bars(self, lang: str, named: bool) -> Bars:
        """The bars for this language, and for a question naming its resolutions or not."""
        return self.bars.get(group(lang, named)) or self.bars[group("en", named)]

    def _texts(self, symbol: str, pid: str) -> dict[str, str]:
        try:
            para = self._get(symbol).paragraph(ParagraphId.parse(pid))
        except NotFound:
            return {}
        return dict(para.text) if para is not None else {}


def _agreement(aligned: dict[str, str], rank: dict[tuple[str, str], int]) -> float:
    """How high the search ranks a paragraph's place in each member (`aligned`, as the
    series' alignments follow it): 1/(1 + rank) a member whose place was found."""
    return sum(1 / (1 + rank[(m, pid)]) for m, pid in aligned.items() if (m, pid) in rank)


def _year(r: Entry) -> int:
    return int(r.adopted[:4]) if r.adopted else 0


def _covers(hit: Hit, bars: Bars, names: list[str]) -> bool:
    """The paragraph holds the topic's words: all of them, as "nuclear" alone is in every
    paragraph of a series on nuclear weapons; the names it gives as written; and it is close,
    as the bars ask."""
    return (
        hit.coverage >= TOPIC_WORDS
        and hit.cosine >= bars.min_coverage_cosine
        and _names_in(names, hit)
    )


# A name in a question: capitalised words joined by "of", "on", "the" … ("Convention on the
# Rights of the Child"). Its words scattered over a paragraph are not the name. "and" joins
# two names ("Russia and the United States"), each to be found on its own.
_NAME = re.compile(r"[A-Z][\w-]+(?:\s+(?:(?:of|on|the|for|to)\s+)*[A-Z][\w-]+)+")
# The Assembly is the author of every resolution, not a name its paragraphs must hold.
_AUTHOR = {"general assembly", "united nations general assembly"}


def _names(topic: str) -> list[str]:
    found = (" ".join(m.split()).lower() for m in _NAME.findall(topic))
    return [n for n in found if n not in _AUTHOR]


def _names_in(names: list[str], hit: Hit) -> bool:
    text = " ".join(hit.passage.text.split()).lower()
    return all(name in text for name in names)


def _not_in_series(first: Entry, last: Entry, missing: list[int], lang: str) -> Answer:
    """The series held (`first` to `last`) does not reach a year asked: say what it spans
    instead of guessing."""
    years = _years(tuple(missing))
    return extractive.refusal(
        f"The series held for this, {first.symbol} ({_year(first)}) to {last.symbol} "
        f"({_year(last)}), has no resolution adopted in {years}, so the change cannot be said.",
        f"所收录的该系列决议（{_year(first)}年{_zh_name(first.symbol)}至{_year(last)}年"
        f"{_zh_name(last.symbol)}）中没有{years}年通过的决议，无法说明其变化。",
        lang,
    )


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(map(str, years))


def _zh_name(symbol: str) -> str:
    return f"第{symbol.removeprefix('A/RES/')}号决议"


def _one_document(resolutions: list[Entry]) -> bool:
    """One resolution, or the parts of one document adopted in parts (74/92 A and B)."""
    return len(resolutions) == 1 or (
        all(r.part for r in resolutions) and len({r.document for r in resolutions}) == 1
    )
