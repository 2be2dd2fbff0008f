"""An answer as Slack messages: mrkdwn escaping, Block Kit, and Slack's size limits.

Slack's limits: a section's text is at most 3,000 characters and a message at most 50
blocks. Slack also refuses messages whose blocks add up to about 13,000 characters with
`msg_blocks_too_long` although no documented limit is reached (slackapi/bolt-js#2509), so
a message stops well short of that too. What does not fit goes into a further message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from chat.answer import Answer, Change, Citation
from series.model import Op, Piece
from service.representation import page_url

SECTION_CHARS = 3000
MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 12_000
FALLBACK_CHARS = 300  # the notification preview: a glimpse, the blocks carry the answer

Message = dict[str, Any]  # chat.postMessage / response_url arguments: text and blocks


def escape(text: str) -> str:
    """Slack's mrkdwn treats only these three as control characters; & goes first."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.split("\n"))


# <@U123>, <@U123|name>, <#C123|general>, <!here>, <https://x|label>, <mailto:a@b|a@b>
_ANGLE = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def typed_text(text: str) -> str:
    """What the user typed, from Slack's encoding of it.

    User mentions go (the bot's own, and any other: people are not what the corpus is
    about); channels become #name, links their label or address; entities are undone.
    """

    def plain(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith(("@", "!")):
            return ""
        if target.startswith("#"):
            return f"#{label}" if label else ""
        return label or target.removeprefix("mailto:")

    out = _ANGLE.sub(plain, text)
    out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", out).strip()


def pieces(text: str, render: Callable[[str], str], limit: int = SECTION_CHARS) -> list[str]:
    """`text` cut at line breaks or spaces so that each rendered piece fits in `limit`.

    Rendering (escaping, quoting) lengthens text, so the cut is measured after it; cutting
    the raw text never splits an entity such as &amp; in two.
    """
    out: list[str] = []
    rest = text.strip()
    while rest:
        end = len(rest)
        while end > 1 and (size := len(render(rest[:end]))) > limit:
            end = max(1, min(end - 1, end * limit // size))  # shrink in proportion, then creep
        if end < len(rest):
            cut = max(rest.rfind("\n", 0, end + 1), rest.rfind(" ", 0, end + 1))
            end = cut if cut > end // 2 else end  # no break point near: cut mid-word
        out.append(render(rest[:end].rstrip()))
        rest = rest[end:].strip()
    return out


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def citation_blocks(c: Citation, base_url: str | None) -> list[dict[str, Any]]:
    """The label (a link to the reader page open at the paragraph when the public address
    is known), then the quote."""
    head = f"*{_linked(c, base_url)}*\n"
    quoted = pieces(c.quote, lambda p: quote(escape(p)), SECTION_CHARS - len(head))
    return [section(head + quoted[0])] + [section(q) for q in quoted[1:]]


def _linked(c: Citation, base_url: str | None) -> str:
    name = escape(c.label)
    return f"<{page_url(c.symbol, str(c.pid), base_url)}|{name}>" if base_url else name


# An unchanged run longer than this many words shows its first and last FOLD_KEEP words.
FOLD_WORDS = 16
FOLD_KEEP = 6
_MARK = {Op.DELETE: "~", Op.INSERT: "*"}


def redline_mrkdwn(redline: tuple[Piece, ...]) -> str:
    """A redline in Slack's marks: ~struck~ what went, *bold* what came, long unchanged
    runs folded to their ends (the paragraph whole is a link away). A mark must touch the
    text it marks, so the spaces round a run stay outside it."""
    out = []
    for i, piece in enumerate(redline):
        text = escape(piece.text)
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if piece.op is Op.EQUAL:
            words = core.split()
            if len(words) > FOLD_WORDS:
                head = words[:FOLD_KEEP] if i > 0 else []
                tail = words[-FOLD_KEEP:] if i < len(redline) - 1 else []
                text = lead + " ".join([*head, "…", *tail]) + trail
            out.append(text)
            continue
        if core:
            if not lead and i > 0 and redline[i - 1].op is not Op.EQUAL:
                lead = " "  # ~went~*came* renders as neither: Slack wants a break between
            out.append(f"{lead}{_MARK[piece.op]}{core}{_MARK[piece.op]}{trail}")
    return "".join(out)


def change_blocks(change: Change, base_url: str | None) -> list[dict[str, Any]]:
    """One paragraph's change: both sides named (links to their reader pages), the
    difference said, then the redline."""
    sides = " → ".join(f"*{_linked(s, base_url)}*" for s in (change.before, change.after) if s)
    body = f"{sides}\n{escape(change.said)}\n{redline_mrkdwn(change.redline)}"
    return [section(p) for p in pieces(body, lambda p: p)]


def answer_messages(answer: Answer, base_url: str | None) -> list[Message]:
    """The answer's sections then each citation's, in as many messages as the limits need.

    A change answer is shown compactly: its brief, then each change as one redline with
    both sides cited, then any citation no change shows."""
    if answer.changes:
        shown = {s for ch in answer.changes for s in (ch.before, ch.after) if s is not None}
        blocks = [section(p) for p in pieces(answer.brief or "…", escape)]
        for change in answer.changes:
            blocks += change_blocks(change, base_url)
        blocks += [
            b for c in answer.citations if c not in shown for b in citation_blocks(c, base_url)
        ]
        return _messages(blocks, answer.brief or answer.text)
    blocks = [section(p) for p in pieces(answer.text or "…", escape)]
    for c in answer.citations:
        blocks += citation_blocks(c, base_url)
    return _messages(blocks, answer.text)


def _messages(blocks: list[dict[str, Any]], text: str) -> list[Message]:
    fallback = text.strip()
    if len(fallback) > FALLBACK_CHARS:
        fallback = fallback[: FALLBACK_CHARS - 1].rstrip() + "…"
    messages: list[Message] = []
    current: list[dict[str, Any]] = []
    size = 0
    for block in blocks:
        chars = len(block["text"]["text"])
        if current and (len(current) == MESSAGE_BLOCKS or size + chars > MESSAGE_CHARS):
            messages.append({"text": escape(fallback), "blocks": current})
            current, size = [], 0
        current.append(block)
        size += chars
    messages.append({"text": escape(fallback), "blocks": current})
    return messages


def notice(text: str) -> list[Message]:
    """A plain message of ours (help, errors) in the same shape as an answer."""
    return [{"text": escape(text), "blocks": [section(escape(text))]}]
