"""The document's component schemas: the request bodies, generated from their declarations
in service/validation.py, and the response shapes, as data built with a few helpers.

A response shape is what service/representation.py and the handlers produce; documented
objects are closed (`obj`: every field always there, nothing else), so tests/service/
test_openapi.py and the fuzz test catch a field added on one side only.
"""

from __future__ import annotations

from typing import Any

from corpus.ids import Kind
from corpus.model import LANGUAGES
from service.schema import Body, Json, schema_ref
from service.validation import (
    CHAT_MESSAGE,
    CHAT_REQUEST,
    COMPLETION_REQUEST,
    CONVERSATION_ID_PATTERN,
    SEARCH_REQUEST,
)
from wiring.settings import Settings

# Every request body an operation names; a nested one (ChatMessage) too.
REQUEST_BODIES: tuple[Body, ...] = (SEARCH_REQUEST, CHAT_REQUEST, CHAT_MESSAGE, COMPLETION_REQUEST)

ref = schema_ref


def json_content(schema: Json) -> Json:
    return {"application/json": {"schema": schema}}


def obj(properties: Json, required: list[str] | None = None) -> Json:
    """A response object: every field documented is always there, and nothing else."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def array(items: Json, **more: Any) -> Json:
    return {"type": "array", "items": items, **more}


def string(**more: Any) -> Json:
    return {"type": "string", **more}


def maybe_string(**more: Any) -> Json:
    return {"type": ["string", "null"], **more}


def integer(**more: Any) -> Json:
    return {"type": "integer", **more}


def count() -> Json:
    return integer(minimum=0)


def _lang() -> Json:
    return string(enum=list(LANGUAGES))


def _by_lang() -> Json:
    return {
        "type": "object",
        "description": "Text by language; a language the resolution lacks is absent.",
        "properties": {lang: string() for lang in LANGUAGES},
        "additionalProperties": False,
    }


def _conversation_id() -> Json:
    return string(pattern=CONVERSATION_ID_PATTERN)


def _citations() -> Json:
    return array(ref("Citation"))


def _resolution_summary() -> Json:
    return {
        "symbol": string(examples=["A/RES/66/45"]),
        "session": integer(minimum=1),
        "title": _by_lang(),
        "adopted": maybe_string(format="date"),
        "meeting": maybe_string(examples=["71st plenary meeting"]),
        "agenda_item": maybe_string(),
        "committee_report": maybe_string(),
        "languages": array(_lang()),
        "counts": obj(
            {
                "preambular": count(),
                "operative": count(),
                "subparagraphs": count(),
                "annex": count(),
            }
        ),
        "series": obj(
            {
                "id": string(examples=["58-59"]),
                "predecessor": maybe_string(examples=["A/RES/65/72"]),
                "successor": maybe_string(examples=["A/RES/67/59"]),
            },
        ),
    }


def _summary_schema(more: Json) -> Json:
    """A resolution's summary (and `more`); a part also names its document, optionally."""
    fields = {**_resolution_summary(), **more}
    document = obj({"symbol": string(examples=["A/RES/74/92"]), "title": _by_lang()})
    return obj({**fields, "document": document}, required=list(fields))


def _corpus() -> Json:
    kind = string(enum=[k.value for k in Kind])
    return {
        "Citation": obj(
            {
                "symbol": string(examples=["A/RES/66/45"]),
                "paragraph": string(examples=["OP8", "OP3(g)(iv)"]),
                "kind": kind,
                "label": string(examples=["A/RES/66/45, operative paragraph 8"]),
                "lang": _lang(),
                "quote": string(
                    description="The verbatim text of that paragraph in that language."
                ),
                "url": string(
                    description="The API's address of the paragraph, for programs.",
                    examples=["/v1/resolutions/A/RES/66/45/paragraphs/OP8"],
                ),
                "page": string(
                    description="The reader page open at the paragraph, for people; "
                    "absolute when RESOLUTE_PUBLIC_URL is set.",
                    examples=[
                        "/r/A/RES/66/45#OP8",
                        "https://resolute.example.org/r/A/RES/66/45#OP8",
                    ],
                ),
            }
        ),
        "Footnote": obj({"mark": string(), "text": _by_lang()}),
        "Paragraph": obj(
            {
                "symbol": string(),
                "id": string(examples=["OP8", "B.OP1", "DECL.30(x)", "ANNEX-II.5"]),
                "kind": kind,
                "label": obj({lang: string() for lang in LANGUAGES}),
                "text": _by_lang(),
                "footnotes": array(ref("Footnote")),
                "url": string(),
                # Optional: a paragraph under a section heading, or in an annex or a text
                # adopted inline (DESIGN, "Paragraph identifiers").
                "section": obj(
                    {"id": string(examples=["B", "II"]), "heading": _by_lang()},
                ),
                "annex": obj(
                    {"id": string(examples=["DECL", "ANNEX", "ANNEX-II"]), "title": _by_lang()},
                ),
            },
            required=["symbol", "id", "kind", "label", "text", "footnotes", "url"],
        ),
        "ResolutionSummary": _summary_schema({}),
        "Resolution": _summary_schema({"paragraphs": array(ref("Paragraph"))}),
        # The bare symbol of a document adopted in parts ("A/RES/74/92") lists its parts.
        "Document": obj(
            {
                "symbol": string(examples=["A/RES/74/92"]),
                "session": integer(minimum=1),
                "title": _by_lang(),
                "adopted": maybe_string(format="date"),
                "parts": array(ref("ResolutionSummary")),
            }
        ),
        "ResolutionList": obj({"resolutions": array(ref("ResolutionSummary"))}),
        "SearchResults": obj(
            {"results": array(obj({"citation": ref("Citation"), "score": {"type": "number"}}))}
        ),
    }


def _series() -> Json:
    member = obj(
        {"symbol": string(examples=["A/RES/58/59"]), "year": {"type": ["integer", "null"]}}
    )
    summary = {
        "id": string(examples=["58-59"]),
        "title": _by_lang(),
        "count": integer(minimum=1),
        "first": member,
        "last": member,
        "url": string(examples=["/v1/series/58-59"]),
    }
    link = obj(
        {
            "evidence": string(enum=["cited", "missing-year", "same-title"]),
            "overlap": {"type": "number", "minimum": 0, "maximum": 1},
            "title_similarity": {"type": "number", "minimum": 0, "maximum": 1},
        }
    )
    piece = obj({"op": string(enum=["equal", "insert", "delete"]), "text": string()})
    return {
        "SeriesSummary": obj(summary),
        "SeriesList": obj({"series": array(ref("SeriesSummary"))}),
        "Series": obj(
            {
                **summary,
                "aliases": array(string()),
                "members": array(
                    obj(
                        {
                            "symbol": string(),
                            "session": integer(minimum=1),
                            "year": {"type": ["integer", "null"]},
                            "adopted": maybe_string(format="date"),
                            "title": _by_lang(),
                            "link": {"oneOf": [{"type": "null"}, link]},
                        }
                    )
                ),
            }
        ),
        "Changes": obj(
            {
                "symbol": string(examples=["A/RES/72/50"]),
                "from": string(examples=["A/RES/71/49"]),
                "series": string(examples=["58-59"]),
                "counts": obj(
                    {"same": count(), "changed": count(), "added": count(), "removed": count()}
                ),
                "paragraphs": array(
                    obj(
                        {
                            "change": string(enum=["same", "changed", "added", "removed"]),
                            "from": maybe_string(examples=["OP19"]),
                            "to": maybe_string(examples=["OP20"]),
                            "alignment": string(
                                enum=["same", "reworded", "renumbered", "moved", "new", "dropped"]
                            ),
                            "similarity": {"type": "number", "minimum": 0, "maximum": 1},
                            "diff": {
                                "type": "object",
                                "description": "The redline by language: the pieces join "
                                "into the old text (equal and delete) and the new one (equal "
                                "and insert).",
                                "properties": {lang: array(piece) for lang in LANGUAGES},
                                "additionalProperties": False,
                            },
                        }
                    )
                ),
            }
        ),
    }


def _event(name: str, data: Json) -> Json:
    """A server-sent event named `name` whose `data` is JSON matching `data`."""
    return {
        "properties": {
            "event": {"const": name},
            "data": string(contentMediaType="application/json", contentSchema=data),
        }
    }


def _changes() -> Json:
    side = {
        "oneOf": [
            {"type": "null"},
            obj(
                {
                    "symbol": string(),
                    "paragraph": string(),
                    "label": string(),
                    "lang": string(enum=["en", "zh"]),
                    "page": string(),
                }
            ),
        ]
    }
    return {
        "brief": string(
            description="A change answer without its quotes, for surfaces that show each "
            "change as a redline; empty for other answers."
        ),
        "changes": array(
            obj(
                {
                    "before": side,
                    "after": side,
                    "said": string(),
                    "redline": array(
                        obj({"op": string(enum=["equal", "insert", "delete"]), "text": string()})
                    ),
                }
            ),
            description="Each paragraph's change from one member of a series to the next: "
            "both sides are among `citations` (null when new or dropped), the difference "
            "said in words, and the word-level redline. Empty for other answers.",
        ),
    }


def _chat() -> Json:
    return {
        "ChatReply": obj(
            {
                "conversation_id": _conversation_id(),
                "answer": string(),
                "grounded": {"type": "boolean"},
                "citations": _citations(),
                **_changes(),
            }
        ),
        "ChatEvent": {
            "description": "One server-sent event of /v1/chat/stream: for a change answer "
            "first one `changes` event (its `brief` and redlines), then `token` events carry "
            "the answer in pieces, then one `citations` event, then one `done` event. "
            "`data` is JSON.",
            "type": "object",
            "required": ["event", "data"],
            "oneOf": [
                _event("changes", obj(_changes())),
                _event("token", obj({"text": string()})),
                _event("citations", _citations()),
                _event(
                    "done",
                    obj({"conversation_id": _conversation_id(), "grounded": {"type": "boolean"}}),
                ),
            ],
        },
    }


def _completion(kind: str, choice: Json, min_choices: int = 1, **more: Json) -> Json:
    """OpenAI's completion or stream chunk: its fields, then Resolute's beside them."""
    return {
        "id": string(pattern="^chatcmpl-"),
        "object": {"const": kind},
        "created": integer(),
        "model": string(),
        "choices": array(obj({"index": integer(), **choice}), minItems=min_choices),
        **more,
        "citations": _citations(),
        "grounded": {"type": "boolean"},
        "conversation_id": {
            **_conversation_id(),
            "type": ["string", "null"],
            "description": "The stored conversation continued; null when the conversation "
            "came in `messages` (nothing stored).",
        },
    }


def _usage() -> Json:
    """Token counts, estimated (see /v1/chat/completions)."""
    return obj({"prompt_tokens": count(), "completion_tokens": count(), "total_tokens": count()})


def _completions() -> Json:
    chunk = _completion(
        "chat.completion.chunk",
        {
            "delta": obj({"role": {"const": "assistant"}, "content": string()}, required=[]),
            "finish_reason": maybe_string(),
        },
        min_choices=0,  # the usage chunk has none
        usage={
            "oneOf": [{"type": "null"}, _usage()],
            "description": "With `stream_options.include_usage`: null in every chunk but "
            "the last, which has no choices.",
        },
    )
    return {
        "ChatCompletion": obj(
            _completion(
                "chat.completion",
                {
                    "finish_reason": string(),
                    "message": obj({"role": {"const": "assistant"}, "content": string()}),
                },
                usage=_usage(),
            )
        ),
        "CompletionChunkEvent": {
            "description": "One server-sent event of a streamed completion: `data` is a "
            "`chat.completion.chunk` object in JSON, or `[DONE]` at the end.",
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {
                    "type": "string",
                    "if": {"const": "[DONE]"},
                    "else": {
                        "contentMediaType": "application/json",
                        "contentSchema": ref("ChatCompletionChunk"),
                    },
                }
            },
        },
        "ChatCompletionChunk": obj(chunk, required=["id", "object", "created", "model", "choices"]),
        "Model": obj(
            {
                "id": string(examples=["resolute"]),
                "object": {"const": "model"},
                "created": integer(description="When this server started (Unix time)."),
                "owned_by": string(),
            }
        ),
        "ModelList": obj({"object": {"const": "list"}, "data": array(ref("Model"))}),
    }


def _operations() -> Json:
    return {
        "Health": obj({"status": {"const": "ok"}}),
        "Readiness": obj(
            {
                "status": string(enum=["ready", "not ready"]),
                "resolutions": count(),
                "passages": count(),
                "index_version": maybe_string(
                    description="The saved index version this worker serves; an ingest "
                    "beside the server saves a new one, swapped in between requests.",
                    examples=["r3-5f0c1e2a9b7d"],
                ),
                "problems": array(string()),
                "degraded": array(
                    string(),
                    description="Down but not needed to be ready (the conversation "
                    "store: chat answers 503 meanwhile).",
                ),
            }
        ),
    }


def schemas(settings: Settings) -> Json:
    """Every schema but the error shapes (service/openapi_responses.py), by name."""
    return {
        **{body.name: body.schema(settings) for body in REQUEST_BODIES},
        **_corpus(),
        **_series(),
        **_chat(),
        **_completions(),
        **_operations(),
    }
