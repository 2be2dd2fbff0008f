"""A conversation carried by the client: the turns of an OpenAI message list, rebuilt.

OpenAI clients and chat front-ends keep the conversation themselves and send all of it
with every request: `messages` holds the earlier questions and answers, then the new
question. This module turns such a list back into the `Turn`s the chat service resolves a
follow-up against, so that "And in 2007?" means the same with no conversation stored:

* each earlier user message is resolved again, in order, by the service's own resolution
  (`ChatService.resolve`) against the turns rebuilt before it, so its topic, symbols and
  years come out exactly as when it was asked live;
* what an answer cited comes from the `[A/RES/66/45 OP8]` markers in the assistant message
  that follows the question (every completion carries them), in the order they first
  appear, read with the project's own id parsing: the first is what "it" and "that
  paragraph" point at. A marker that does not parse is skipped, not an error.

System, developer and tool messages are not read: answers follow the question's language
and cite the corpus whatever a prompt asks. A question without an answer after it (two
user messages in a row) is a turn that cited nothing; assistant messages before the first
question are skipped, and two in a row count as one answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from chat.citations import MARKER
from chat.conversation import Turn
from corpus.errors import InvalidInput, ResoluteError
from corpus.ids import ParagraphId, normalize_symbol

QUESTION, ANSWER = "user", "assistant"
UNREAD_ROLES = frozenset({"system", "developer", "tool"})


@dataclass(frozen=True)
class Exchange:
    """One earlier question and the answer the client holds for it ('' when none)."""

    question: str
    answer: str = ""


class Resolved(Protocol):
    """What the service's resolution of a message says (its `Question`)."""

    @property
    def lang(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def symbols(self) -> tuple[str, ...]: ...
    @property
    def years(self) -> tuple[int, ...]: ...
    @property
    def paragraph(self) -> ParagraphId | None: ...


Resolve = Callable[[str, list[Turn]], Resolved]


def message_text(content: Any, where: str) -> str:
    """A message's text: a string, or OpenAI's list of `{"type": "text", "text"}` parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, Mapping) or part.get("type") != "text":
                raise InvalidInput(f"{where}: only text content parts are understood")
            if not isinstance(part.get("text"), str):
                raise InvalidInput(f"{where}: a text part needs a string 'text'")
            texts.append(part["text"])
        return "\n".join(texts)
    raise InvalidInput(f"{where}: 'content' must be a string or a list of text parts")


def split_messages(messages: object) -> tuple[list[Exchange], str]:
    """The earlier exchanges and the new question (the last message, a user's).

    InvalidInput, naming the message, for anything that is not such a list."""
    if not isinstance(messages, Sequence) or isinstance(messages, str) or not messages:
        raise InvalidInput("'messages' must be a non-empty list of {role, content}")
    read: list[tuple[str, str]] = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, Mapping):
            raise InvalidInput(f"{where} must be an object with 'role' and 'content'")
        role = message.get("role")
        if not isinstance(role, str) or role not in {QUESTION, ANSWER, *UNREAD_ROLES}:
            raise InvalidInput(
                f"{where}: 'role' must be one of user, assistant, system, developer, tool"
            )
        text = message_text(message.get("content"), where)
        if role in (QUESTION, ANSWER):
            read.append((role, text))
    last = messages[-1]
    if not read or not isinstance(last, Mapping) or last.get("role") != QUESTION:
        raise InvalidInput("the last message must have role 'user'")
    exchanges: list[Exchange] = []
    for role, text in read[:-1]:
        if role == QUESTION:
            exchanges.append(Exchange(text))
        elif exchanges:  # an answer to the question before it; a second one adds to it
            before = exchanges[-1]
            answer = f"{before.answer}\n\n{text}" if before.answer else text
            exchanges[-1] = Exchange(before.question, answer)
    return exchanges, read[-1][1]


def cited(answer: str) -> tuple[tuple[str, str], ...]:
    """The (symbol, pid) pairs an answer's markers name, each once, in order."""
    out: list[tuple[str, str]] = []
    for m in MARKER.finditer(answer):
        try:
            key = (normalize_symbol(m.group(1)), str(ParagraphId.parse(m.group(2))))
        except ResoluteError:
            continue
        if key not in out:
            out.append(key)
    return tuple(out)


def rebuild_turns(exchanges: Sequence[Exchange], resolve: Resolve) -> list[Turn]:
    """The turns a stored conversation would hold after these exchanges."""
    turns: list[Turn] = []
    for exchange in exchanges:
        question = exchange.question.strip()
        if not question:
            continue  # a blank question was never answered
        q = resolve(question, turns)
        citations = cited(exchange.answer)
        turns.append(
            Turn(
                question=question,
                answer=exchange.answer,
                lang=q.lang,
                topic=q.topic,
                symbols=q.symbols,
                years=q.years,
                paragraph=str(q.paragraph) if q.paragraph else None,
                citations=citations,
                # Markers are all a client's copy shows; an answer from the structure (a
                # date) cites nothing, and nothing resolves differently for it.
                grounded=bool(citations),
            )
        )
    return turns
