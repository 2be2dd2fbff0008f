"""The LLM answerer through LangChain, for `RESOLUTE_LLM=openai:<model>` or `ollama:<model>`.

The model sees only the retrieved paragraphs, each with its marker, and must cite
those markers; whatever it writes then goes through the citation check, and the
chat falls back to the extractive answer when nothing valid is left.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from langchain_core.language_models import BaseChatModel

from chat.citations import Checked, Evidence, marker, parse_marked_answer
from corpus.errors import ConfigError
from prompts import render
from retriever.search import Hit

log = logging.getLogger("resolute.llm")

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese (简体中文)"}


class Answerer(Protocol):
    """Writes an answer from retrieved paragraphs; returns it already citation-checked."""

    def answer(
        self, question: str, lang: str, hits: Sequence[Hit], evidence: Evidence
    ) -> Checked | None: ...


def load_llm(spec: str, timeout: float = 60.0) -> BaseChatModel:
    """A LangChain chat model from `openai:<model>` or `ollama:<model>`."""
    provider, _, model = spec.partition(":")
    if not model:
        raise ConfigError(f"RESOLUTE_LLM must be openai:<model> or ollama:<model>, not {spec!r}")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, temperature=0, timeout=timeout, max_retries=1)
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        # The same fuse as OpenAI's: a hung model server falls back to the extractive
        # answer (see answer()) instead of holding a worker thread for ever.
        return ChatOllama(model=model, temperature=0, client_kwargs={"timeout": timeout})
    raise ConfigError(f"unknown LLM provider {provider!r}; use openai:<model> or ollama:<model>")


class LangChainAnswerer:
    def __init__(self, chat_model: BaseChatModel) -> None:
        self.model = chat_model

    def answer(
        self, question: str, lang: str, hits: Sequence[Hit], evidence: Evidence
    ) -> Checked | None:
        prompt = render(
            "answer",
            language=LANGUAGE_NAMES.get(lang, "English"),
            paragraphs=_paragraph_list(hits),
            question=question.replace("\n", " "),
        )
        try:
            reply = self.model.invoke(prompt)
        except Exception as exc:  # the model server failing must not fail the chat
            log.warning("LLM call failed, falling back to the extractive answer: %s", exc)
            return None
        text = str(getattr(reply, "content", reply)).strip()
        if not text or "NOT_IN_CORPUS" in text:
            return None
        checked = parse_marked_answer(text, evidence, lang)
        if checked.removed:
            log.info(
                "citation check removed %d item(s): %s",
                len(checked.removed),
                "; ".join(checked.removed),
            )
        return checked


def _paragraph_list(hits: Sequence[Hit]) -> str:
    lines = []
    for h in hits:
        p = h.passage
        lines.append(f"{marker(p.symbol, p.pid)} {p.text}")
    return "\n".join(lines)
