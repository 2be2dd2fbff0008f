"""Shared test data and helpers for the embedding tests."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

from embeddings.base import Embedder

# Same meaning in both languages, in the register of the corpus; no two pairs share a topic.
EN = [
    "The General Assembly condemns terrorism in all its forms and manifestations.",
    "Calls upon all States to eliminate nuclear weapons completely.",
    "Encourages Member States to improve access to clean drinking water and sanitation.",
    "Decides to include this item in the provisional agenda of its next session.",
]
ZH = [
    "大会谴责一切形式和表现的恐怖主义。",
    "吁请所有国家彻底消除核武器。",
    "鼓励会员国改善获得清洁饮用水和卫生设施的机会。",
    "决定将该项目列入下届会议临时议程。",
]


class CountingEmbedder:
    """Wraps a real embedder and records every text it is asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.passages: list[str] = []
        self.queries: list[str] = []
        self.passage_calls = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.queries.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passage_calls += 1
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int = 384) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (n, dim)
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


_FORK_TEMPLATE = """
import os, signal, sys, time
{prelude}
pid = os.fork()
if pid == 0:
    os._exit(0 if ({child_ok}) else 3)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print(os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.05)
else:  # never leave a hung child behind
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("hung")
"""


def fork_after(prelude: str, child_ok: str, *args: str) -> str:
    """Run ``prelude`` in a fresh interpreter, fork, evaluate ``child_ok`` in the child.

    Returns "0" if the child's expression was true, "3" if false, "hung" if the child had not
    finished after 30 s (it is killed). The parent is a subprocess so that a hang cannot take
    pytest with it; ``args`` become its ``sys.argv[1:]``.
    """
    script = _FORK_TEMPLATE.format(prelude=textwrap.dedent(prelude), child_ok=child_ok)
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )
    return out.stdout.strip() or out.stderr
