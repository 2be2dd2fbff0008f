"""Answers as Slack messages within Slack's rules; the text users type; the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chat.answer import Answer, Change, Citation
from corpus.ids import ParagraphId
from series.redline import redline
from service.slack import Seen, _share
from service.slack_format import (
    MESSAGE_BLOCKS,
    MESSAGE_CHARS,
    SECTION_CHARS,
    answer_messages,
    escape,
    pieces,
    typed_text,
)

MANIFEST = Path(__file__).parents[2] / "slack" / "manifest.yml"


def cite(n: int, quote: str) -> Citation:
    return Citation("A/RES/66/45", ParagraphId.operative(n), "en", quote)


def test_escaping_follows_slacks_three_rules() -> None:
    assert escape("R&D <b> a>b &amp;") == "R&amp;D &lt;b&gt; a&gt;b &amp;amp;"
    answer = Answer("Use <b> & see", True, (cite(8, "A < B & C > D\nsecond line"),))
    (message,) = answer_messages(answer, "https://resolute.example.org/")
    answer_text, citation = (b["text"]["text"] for b in message["blocks"])
    assert answer_text == "Use &lt;b&gt; &amp; see"
    link = "https://resolute.example.org/r/A/RES/66/45#OP8"
    assert citation == (
        f"*<{link}|A/RES/66/45, operative paragraph 8>*\n> A &lt; B &amp; C &gt; D\n> second line"
    )
    assert message["text"] == "Use &lt;b&gt; &amp; see"


def test_without_a_public_address_the_label_is_not_a_link() -> None:
    (message,) = answer_messages(Answer("x", True, (cite(8, "q"),)), None)
    assert message["blocks"][1]["text"]["text"] == "*A/RES/66/45, operative paragraph 8*\n> q"


def test_long_answers_keep_within_slacks_limits() -> None:
    words = " ".join(f"w{i}&<>" for i in range(3000))  # escaping more than doubles it
    answer = Answer(words, True, tuple(cite(n, words[: 1000 + n * 37]) for n in range(1, 60)))
    messages = answer_messages(answer, "https://h")
    assert len(messages) > 1
    blocks = [b for m in messages for b in m["blocks"]]
    for m in messages:
        assert 1 <= len(m["blocks"]) <= MESSAGE_BLOCKS
        assert sum(len(b["text"]["text"]) for b in m["blocks"]) <= MESSAGE_CHARS
        assert m["text"] and len(m["text"]) <= 3000
    assert all(len(b["text"]["text"]) <= SECTION_CHARS for b in blocks)
    # nothing lost or reordered: the answer's pieces join back into the escaped answer
    answer_part = [
        b["text"]["text"] for b in blocks if not b["text"]["text"].startswith(("*", ">"))
    ]
    assert " ".join(answer_part) == escape(words)
    assert sum(b["text"]["text"].startswith("*<https://h/") for b in blocks) == 59


def test_a_long_quote_continues_as_a_quote() -> None:
    quote = "Urges all States " * 400
    (message,) = answer_messages(Answer("See.", True, (cite(8, quote),)), None)
    head, *rest = (b["text"]["text"] for b in message["blocks"][1:])
    assert head.startswith("*A/RES/66/45, operative paragraph 8*\n> Urges") and rest
    assert all(t.startswith("> Urges") and len(t) <= SECTION_CHARS for t in rest)


def test_pieces_never_cut_inside_an_entity() -> None:
    out = pieces("&" * 2000, escape, 3000)
    assert all(p.replace("&amp;", "") == "" for p in out) and "".join(out) == "&amp;" * 2000


def test_typed_text_undoes_slacks_encoding() -> None:
    raw = "<@UBOT> What does <https://un.org|66/45> say &amp; mean for <#C1|general>? &lt;ok&gt;"
    assert typed_text(raw) == "What does 66/45 say & mean for #general? <ok>"
    assert typed_text("<@UBOT|resolute>   and in 2007?") == "and in 2007?"
    assert typed_text("<!here> <mailto:a@b.org|a@b.org>") == "a@b.org"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What does 66/45 say?", ("What does 66/45 say?", False)),
        ("share What does 66/45 say?", ("What does 66/45 say?", True)),
        ("SHARE  What does 66/45 say?", ("What does 66/45 say?", True)),
        ("What does 66/45 say? --share", ("What does 66/45 say?", True)),
        ("shared values in 66/45", ("shared values in 66/45", False)),
    ],
)
def test_share(text: str, expected: tuple[str, bool]) -> None:
    assert _share(text) == expected


def test_seen_once() -> None:
    seen = Seen(ttl=3600, size=2)
    assert seen.first("a") and not seen.first("a")
    assert seen.first("b") and seen.first("c")  # the oldest key gives way to the bound
    assert seen.first("a")


def test_manifest_asks_for_what_the_bot_uses() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {"app_mentions:read", "chat:write", "im:history", "im:read", "commands"}
    events = manifest["settings"]["event_subscriptions"]
    assert set(events["bot_events"]) == {"app_mention", "message.im"}
    assert events["request_url"] == "https://YOUR-HOST/slack/events"
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/resolute"
    assert command["url"] == "https://YOUR-HOST/slack/events"


def test_a_change_answer_is_one_redline_with_both_sides_linked() -> None:
    old = Citation(
        "A/RES/62/37", ParagraphId.operative(9), "en", "Calls upon all States to sign the Treaty;"
    )
    new = cite(8, "Urges all States to sign and ratify the Treaty <soon>;")
    other = cite(9, "Stresses the importance of the moratoriums;")
    said = "From 2007 to 2011: ‘Calls’ became ‘Urges’; 5 words added, 2 removed."
    answer = Answer(
        "The matching paragraphs, side by side: … both quotes in full …",
        True,
        (old, new, other),
        changes=(Change(old, new, said, redline(old.quote, new.quote)),),
        brief="How the paragraph changed:",
    )
    (message,) = answer_messages(answer, "https://resolute.example.org")
    brief, change, rest = (b["text"]["text"] for b in message["blocks"])
    assert brief == "How the paragraph changed:" and message["text"] == brief
    first, second, marked = change.split("\n")
    assert first == (
        "*<https://resolute.example.org/r/A/RES/62/37#OP9|A/RES/62/37, operative paragraph 9>*"
        " → *<https://resolute.example.org/r/A/RES/66/45#OP8|A/RES/66/45, operative paragraph 8>*"
    )
    assert second == said
    assert (
        marked == "~Calls upon~ *Urges* all States to sign *and ratify* the Treaty *&lt;soon&gt;*;"
    )
    # the citation no change shows, as every citation is shown
    assert rest == (
        "*<https://resolute.example.org/r/A/RES/66/45#OP9|A/RES/66/45, operative paragraph 9>*"
        "\n> Stresses the importance of the moratoriums;"
    )


def test_a_long_unchanged_run_is_folded_to_its_ends() -> None:
    same = " ".join(f"w{i}" for i in range(40))
    old = cite(1, f"{same} old end;")
    new = Citation("A/RES/67/59", ParagraphId.operative(1), "en", f"{same} new end;")
    answer = Answer(
        "x", True, (old, new), changes=(Change(old, new, "s", redline(old.quote, new.quote)),)
    )
    (message,) = answer_messages(answer, None)
    marked = message["blocks"][1]["text"]["text"].split("\n")[2]
    assert marked == "… w34 w35 w36 w37 w38 w39 ~old~ *new* end;"
