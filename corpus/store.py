"""The SQLite store of resolutions, and ingest into it.

Each language version's source text is kept beside the parsed resolution, so
that adding a language later re-merges from the texts, and ingesting a file
whose text is already stored changes nothing. Each file (language version) lands
or is refused on its own, with its name and reason, so one bad file in a folder of 300
does not hold back the other 299. The files that land are written in one transaction (a
savepoint each), so an ingest killed half-way leaves the store as it was before it.

Beside each resolution its entry (corpus/model.py: what a list shows, no paragraphs) is
written in the same transaction, so that a server lists, counts and finds what is held
without parsing every resolution: at 22,000 resolutions that was 2 GB of a worker's memory.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from corpus.errors import NotFound, ParseError, Unavailable
from corpus.files import find_resolution_files, is_pdf, read_bytes, require_pdftotext
from corpus.ids import ParagraphId, Symbol, normalize_symbol
from corpus.model import Annex, Entry, Footnote, Paragraph, Resolution, Section
from corpus.parser import PARSER_VERSION, merge, parse_text, read_text
from corpus.text import LanguageVersion

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    symbol TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL,
    sha256 TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (symbol, lang));
CREATE TABLE IF NOT EXISTS resolutions (
    symbol TEXT PRIMARY KEY, session INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    symbol TEXT PRIMARY KEY, session INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS derived (
    name TEXT PRIMARY KEY, revision INTEGER NOT NULL, doc TEXT NOT NULL);
"""

# Resolutions parsed by `Store.get` kept for the next read (a chat reads the one it answers
# from more than once); a full one is ~90 KB in memory, so this holds a worker to ~25 MB.
RECENT = 256


@dataclass(frozen=True)
class IngestReport:
    added: list[str]  # "A/RES/66/45 (zh)"
    unchanged: list[str]
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)

    @property
    def changed(self) -> bool:
        return bool(self.added)


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=10000")
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise self._unreadable(exc) from exc
        self._db = db
        self._lock = threading.Lock()
        self._cache: dict[str, Resolution] = {}  # every resolution: offline paths only
        self._cache_revision = -1
        self._entries: dict[str, Entry] = {}
        self._entries_revision = -1
        self._recent: OrderedDict[str, Resolution] = OrderedDict()  # see RECENT
        self._recent_revision = -1
        self.upgraded: list[str] = []  # what opening it re-read (see `_upgrade`)
        self._upgrade()
        self._backfill_entries()

    def _unreadable(self, exc: sqlite3.DatabaseError) -> Unavailable:
        """A clear error, not a traceback, for a store that cannot be read; the index is
        built from the store, so unlike the index, `resolute reindex` cannot repair it."""
        if isinstance(exc, sqlite3.OperationalError):  # locked, permissions, disk: not damage
            return Unavailable(f"the store {self.path} cannot be read: {exc}")
        return Unavailable(
            f"the store {self.path} is damaged ({exc}); restore it from a backup, or move it "
            "aside and ingest the texts again with `resolute ingest`"
        )

    def close(self) -> None:
        self._db.close()

    def _parser_current(self) -> bool:
        row = self._db.execute("SELECT value FROM meta WHERE key='parser'").fetchone()
        return row is not None and int(row[0]) >= PARSER_VERSION

    def _upgrade(self) -> None:
        """A store written by an older parser is read again from the texts it keeps, in one
        transaction; a text the new parser refuses keeps its old resolution (nothing stored
        is lost) and is named in `upgraded`, as is what was re-read."""
        if self._parser_current():
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._parser_current():  # another process upgraded it meanwhile
                db.execute("COMMIT")
                return
            names = db.execute("SELECT DISTINCT symbol FROM sources").fetchall()
            for (symbol,) in names:
                try:
                    self._merge_sources(symbol)
                except (ParseError, ValueError) as exc:
                    self.upgraded.append(f"{symbol}: kept as it was ({exc})")
                    continue
                self.upgraded.append(symbol)
            db.execute(
                "INSERT INTO meta VALUES ('parser', ?) ON CONFLICT(key) DO UPDATE SET value=?",
                (str(PARSER_VERSION), str(PARSER_VERSION)),
            )
            if names:  # the index follows the store's revision
                self._bump_revision()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _backfill_entries(self) -> None:
        """A store written before entries were kept gets them, once, in one transaction,
        from its resolutions (parsed one at a time, so opening it never holds them all)."""
        missing = "SELECT symbol FROM resolutions WHERE symbol NOT IN (SELECT symbol FROM entries)"
        if self._db.execute(missing + " LIMIT 1").fetchone() is None:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            # another process may have filled them meanwhile: what is missing now
            for (symbol,) in db.execute(missing).fetchall():
                (doc,) = db.execute(
                    "SELECT doc FROM resolutions WHERE symbol=?", (symbol,)
                ).fetchone()
                self._write_entry(_from_doc(json.loads(doc)))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- reading
    @property
    def revision(self) -> int:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key='revision'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc
        return int(row[0]) if row else 0

    def fingerprints(self) -> dict[str, str]:
        """Per resolution, a digest of what it was read from (its sources' digests and the
        parser's version): an index compares them to learn what changed, without reading
        a single resolution."""
        try:
            rows = self._db.execute(
                "SELECT symbol, lang, sha256 FROM sources ORDER BY symbol, lang"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc
        parts: dict[str, list[str]] = {}
        for symbol, lang, digest in rows:
            parts.setdefault(symbol, [f"parser {PARSER_VERSION}"]).append(f"{lang} {digest}")
        return {s: hashlib.sha256("\n".join(p).encode()).hexdigest()[:16] for s, p in parts.items()}

    def resolutions(self) -> list[Resolution]:
        """All resolutions, by session; cached until the store's revision changes.

        Every paragraph of every resolution, held in memory: for what reads them all (the
        index build, the series, evaluation). A server lists `entries` and reads `get`.
        """
        return list(self._by_symbol().values())

    def _by_symbol(self) -> dict[str, Resolution]:
        """The cache itself, made current: callers read it, never change it."""
        with self._lock:
            rev = self.revision
            if rev != self._cache_revision:
                rows = self._docs("resolutions")
                self._cache = {r.symbol: r for r in (_from_doc(json.loads(d)) for (d,) in rows)}
                self._cache_revision = rev
            return self._cache

    def _docs(self, table: str) -> list[tuple[str]]:
        """Every row's document of `resolutions` or `entries`, by session and symbol."""
        try:
            return self._db.execute(f"SELECT doc FROM {table} ORDER BY session, symbol").fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc

    def entries(self) -> list[Entry]:
        """What a list shows of each resolution (no paragraphs), by session, as
        `resolutions` orders them; cached until the store's revision changes."""
        return list(self._current_entries().values())

    def entries_by_symbol(self) -> Mapping[str, Entry]:
        """The entries by symbol (as stored: normalized), read-only."""
        return MappingProxyType(self._current_entries())

    def _current_entries(self) -> dict[str, Entry]:
        """The entries' cache made current: replaced, never changed, when the revision
        moves, so a view of it handed out stays whole."""
        with self._lock:
            rev = self.revision
            if rev != self._entries_revision:
                entries = (_entry_from_doc(json.loads(d)) for (d,) in self._docs("entries"))
                self._entries = {e.symbol: e for e in entries}
                self._entries_revision = rev
            return self._entries

    def symbols(self) -> list[str]:
        return list(self._current_entries())

    def get(self, symbol: str | Symbol) -> Resolution:
        """'66/45', 'A/RES/74/92 B', a Symbol: any form corpus/ids.py reads."""
        sym = normalize_symbol(str(symbol))
        found = self._one(sym)
        if found is None:
            if parts := self.parts(sym):  # "74/92" of a document adopted in parts
                names = ", ".join(r.symbol for r in parts)
                raise NotFound(f"{sym} was adopted in parts ({names}): name one of them")
            raise NotFound(f"resolution {sym} is not in the corpus")
        return found

    def _one(self, symbol: str) -> Resolution | None:
        """One resolution: from the full cache while it is current, else from the few read
        lately (RECENT), else its row alone. Reading every resolution to find one took 93 s
        at a million passages (an ingest adding one resolution to a large store reads only
        the ones it changed), and held 2 GB in each serving worker."""
        with self._lock:
            rev = self.revision
            if self._cache_revision == rev:
                return self._cache.get(symbol)
            if self._recent_revision != rev:  # an ingest moved it: what was read may be stale
                self._recent.clear()
                self._recent_revision = rev
            if (kept := self._recent.get(symbol)) is not None:
                self._recent.move_to_end(symbol)
                return kept
            try:
                row = self._db.execute(
                    "SELECT doc FROM resolutions WHERE symbol=?", (symbol,)
                ).fetchone()
            except sqlite3.DatabaseError as exc:
                raise self._unreadable(exc) from exc
        if row is None:
            return None
        found = _from_doc(json.loads(row[0]))  # parsed outside the lock: threads read on
        with self._lock:
            # The revision was read before the row, and an ingest writes both in one
            # transaction: a row newer than `rev` is dropped at the next read, never kept.
            if self._recent_revision == rev:
                self._recent[symbol] = found
                while len(self._recent) > RECENT:
                    self._recent.popitem(last=False)
        return found

    def parts(self, symbol: str | Symbol) -> list[Entry]:
        """The parts held of a document adopted in parts ('A/RES/74/92' -> 74/92 A, B), in
        order; empty for a resolution adopted whole or not held."""
        document = Symbol.parse(str(symbol))
        if document.part:
            return []
        # A part's symbol is its document's, a space and its letter: the prefix narrows
        # the scan to strings compared before any symbol is parsed.
        prefix = f"{document} "
        return sorted(
            (
                e
                for e in self.entries()
                if e.symbol.startswith(prefix) and e.part and e.document == str(document)
            ),
            key=lambda e: e.symbol,
        )

    def paragraph(
        self, symbol: str | Symbol, pid: str | ParagraphId
    ) -> tuple[Resolution, Paragraph]:
        res = self.get(symbol)
        wanted = pid if isinstance(pid, ParagraphId) else ParagraphId.parse(pid)
        para = res.paragraph(wanted)
        if para is None:
            raise NotFound(f"{res.symbol} has no paragraph {wanted}")
        return res, para

    # -- what is computed from the resolutions (series), kept beside them
    def derived(self, name: str) -> tuple[int, dict] | None:
        """A JSON document computed from the store, with the revision it was computed at."""
        try:
            row = self._db.execute(
                "SELECT revision, doc FROM derived WHERE name=?", (name,)
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(exc) from exc
        return (int(row[0]), json.loads(row[1])) if row else None

    def put_derived(self, name: str, revision: int, doc: dict) -> None:
        """Keep a computed document; it never changes the store's revision."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO derived VALUES (?,?,?)",
                    (name, revision, json.dumps(doc, ensure_ascii=False)),
                )
            except sqlite3.DatabaseError as exc:
                raise self._unreadable(exc) from exc

    def put_derived_many(
        self, revision: int, docs: dict[str, dict], drop: Iterable[str] = ()
    ) -> None:
        """Several computed documents kept, and others dropped, in one transaction: what is
        read together (a catalog and the parts it names) is never seen half-written."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany(
                        "INSERT OR REPLACE INTO derived VALUES (?,?,?)",
                        [
                            (name, revision, json.dumps(doc, ensure_ascii=False))
                            for name, doc in docs.items()
                        ],
                    )
                    db.executemany("DELETE FROM derived WHERE name=?", [(n,) for n in drop])
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as exc:
                raise self._unreadable(exc) from exc

    # -- writing
    def ingest_texts(self, items: list[tuple[str, bytes]]) -> IngestReport:
        """Ingest (name, bytes) pairs; a bad one is refused by name, the others land."""
        return self.ingest_sources([(name, _const(data)) for name, data in items])

    def ingest_sources(
        self,
        sources: Iterable[tuple[str, Callable[[], bytes]]],
        progress: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Read and parse each (name, read) on its own, then write what parsed.

        `read` runs here, so a file that cannot be read (a broken PDF) is refused like
        one that does not parse; `progress` is called once per source read.
        """
        files: list[_ParsedFile] = []
        refused: list[tuple[str, str]] = []
        for name, read in sources:
            try:
                data = read()
                text = read_text(data, name)
                digest = hashlib.sha256(data).hexdigest()
                files.append(_ParsedFile(name, parse_text(text, name), text, digest))
            except ParseError as exc:
                refused.append((name, exc.reason if exc.source == name else exc.message))
            except OSError as exc:  # unreadable: permissions, vanished meanwhile
                refused.append((name, exc.strerror or str(exc)))
            if progress is not None:
                progress()
        with self._lock:
            return self._write(files, refused)

    def _write(self, files: list[_ParsedFile], refused: list[tuple[str, str]]) -> IngestReport:
        """One transaction; each file in a savepoint, rolled back alone if a merge fails.

        A document adopted in parts lands whole or not at all: its parts are one file.
        """
        added, unchanged = [], []
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for f in files:
                fresh = [v for v in f.versions if self._stored_digest(v) != f.digest]
                unchanged += [_key(v) for v in f.versions if v not in fresh]
                if not fresh:
                    continue
                db.execute("SAVEPOINT one_file")
                try:
                    for v in fresh:
                        self._write_one(v, f.text, f.digest)
                except ParseError as exc:  # does not align with the stored versions
                    db.execute("ROLLBACK TO one_file")
                    refused.append((f.name, exc.reason if exc.source == f.name else exc.message))
                else:
                    added += [_key(v) for v in fresh]
                finally:
                    db.execute("RELEASE one_file")
            if added:
                self._bump_revision()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return IngestReport(added, unchanged, refused)

    def _stored_digest(self, v: LanguageVersion) -> str | None:
        row = self._db.execute(
            "SELECT sha256 FROM sources WHERE symbol=? AND lang=?", (v.symbol, v.lang)
        ).fetchone()
        return row[0] if row else None

    def _write_one(self, v: LanguageVersion, text: str, digest: str) -> None:
        """The source, and its resolution re-merged from all stored language versions.

        Each part of a document adopted in parts keeps the whole text as its source and
        takes its own part from it when re-merged.
        """
        self._db.execute(
            "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?)",
            (v.symbol, v.lang, v.source, digest, text),
        )
        self._merge_sources(v.symbol)

    def _merge_sources(self, symbol: str) -> None:
        """The resolution re-merged from every stored language version of it (a part of a
        document in parts takes its own part from the whole text), and written."""
        sources = self._db.execute("SELECT name, text FROM sources WHERE symbol=?", (symbol,))
        res = merge(
            [
                version
                for name, text in sources.fetchall()
                for version in parse_text(text, name)
                if version.symbol == symbol
            ]
        )
        self._db.execute(
            "INSERT OR REPLACE INTO resolutions VALUES (?,?,?)",
            (symbol, res.session, json.dumps(_to_doc(res), ensure_ascii=False)),
        )
        self._write_entry(res)

    def _write_entry(self, res: Resolution) -> None:
        """Inside the transaction that writes the resolution: its entry never lags it."""
        entry = res.entry()
        self._db.execute(
            "INSERT OR REPLACE INTO entries VALUES (?,?,?)",
            (entry.symbol, entry.session, json.dumps(_entry_doc(entry), ensure_ascii=False)),
        )

    def _bump_revision(self) -> None:
        """Inside a write transaction: what reads the store (its cache, the index) follows."""
        self._db.execute(
            "INSERT INTO meta VALUES ('revision', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )


@dataclass(frozen=True)
class _ParsedFile:
    """One file read and parsed: the resolutions (language versions) it holds."""

    name: str
    versions: list[LanguageVersion]
    text: str
    digest: str


def _key(v: LanguageVersion) -> str:
    return f"{v.symbol} ({v.lang})"


def _const(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def ingest_paths(
    store: Store, paths: list[Path], progress: Callable[[int, int], None] | None = None
) -> IngestReport:
    """Files and folders (recursively: .txt and .pdf, see corpus/files.py), each file
    landing or refused on its own; `progress(done, total)` after each file read."""
    found = find_resolution_files(paths)
    if not found.files and not found.refused:
        raise ParseError(", ".join(map(str, paths)), "no .txt or .pdf files to ingest")
    if any(is_pdf(f) for f in found.files):
        require_pdftotext()  # once, before anything, rather than once per PDF
    total, done = len(found.files), [0]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    report = store.ingest_sources([(str(f), _reader(f)) for f in found.files], step)
    return IngestReport(report.added, report.unchanged, found.refused + report.refused)


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: read_bytes(path)


def _to_doc(r: Resolution) -> dict:
    return {
        "symbol": r.symbol,
        "session": r.session,
        "title": r.title,
        "adopted": r.adopted,
        "meeting": r.meeting,
        "agenda_item": r.agenda_item,
        "committee_report": r.committee_report,
        "footnotes": [{"mark": f.mark, "text": f.text} for f in r.footnotes],
        "paragraphs": [_paragraph_doc(p) for p in r.paragraphs],
        # Written only for a part, so a whole resolution's document is what it always was.
        **({"document_title": r.document_title} if r.document_title else {}),
    }


def _entry_doc(e: Entry) -> dict:
    return {
        "symbol": e.symbol,
        "session": e.session,
        "title": e.title,
        "adopted": e.adopted,
        "meeting": e.meeting,
        "agenda_item": e.agenda_item,
        "committee_report": e.committee_report,
        "languages": list(e.languages),
        "counts": e.counts,
        "document_title": e.document_title,
    }


def _entry_from_doc(d: dict) -> Entry:
    return Entry(
        symbol=d["symbol"],
        session=d["session"],
        title=d["title"],
        adopted=d["adopted"],
        meeting=d["meeting"],
        agenda_item=d["agenda_item"],
        committee_report=d["committee_report"],
        languages=tuple(d["languages"]),
        counts=d["counts"],
        document_title=d["document_title"],
    )


def _paragraph_doc(p: Paragraph) -> dict:
    doc: dict = {"id": str(p.pid), "text": p.text, "footnotes": list(p.footnotes)}
    # Written only when present, so a plain resolution's document is what it always was.
    if p.section is not None:
        doc["section"] = {"id": p.section.id, "heading": p.section.heading}
    if p.annex is not None:
        doc["annex"] = {"id": p.annex.id, "title": p.annex.title}
    if p.unnumbered:
        doc["unnumbered"] = True
    return doc


def _paragraph_from_doc(p: dict) -> Paragraph:
    # Documents stored before sections and annexes existed have neither key.
    section, annex = p.get("section"), p.get("annex")
    return Paragraph(
        ParagraphId.parse(p["id"]),
        p["text"],
        tuple(p["footnotes"]),
        section=Section(section["id"], section["heading"]) if section else None,
        annex=Annex(annex["id"], annex["title"]) if annex else None,
        unnumbered=p.get("unnumbered", False),
    )


def _from_doc(d: dict) -> Resolution:
    return Resolution(
        symbol=d["symbol"],
        session=d["session"],
        title=d["title"],
        adopted=d["adopted"],
        meeting=d["meeting"],
        agenda_item=d["agenda_item"],
        committee_report=d["committee_report"],
        paragraphs=tuple(_paragraph_from_doc(p) for p in d["paragraphs"]),
        footnotes=tuple(Footnote(f["mark"], f["text"]) for f in d["footnotes"]),
        document_title=d.get("document_title", {}),
    )
