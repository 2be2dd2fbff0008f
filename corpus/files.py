"""Resolution files under the paths a user gives, and their text.

Users bring collections as they come: a folder of .txt files, PDFs of resolutions, or a
checkout of the public yuiseki/undocs repository (`en/pdfs/A/RES/<session>/<number>/
resolution.txt`, part folders like `264A-C`). Folders are searched recursively and a
file's symbol is read from its text by the parser, so the undocs layout needs no rule of
its own beyond recursion; anything that is not .txt or .pdf (metadata, READMEs) is skipped.

PDFs become text through poppler's `pdftotext` in its default (reading-order) mode: that is
how the bundled texts were made (corpus/data/SOURCES.md), and the parser is tuned to it.
`-layout` would pad the header's columns into one line ("United Nations   A/RES/66/45"),
which the bundled texts never have.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import ParseError, Unavailable

SUFFIXES = (".txt", ".pdf")
PDFTOTEXT_TIMEOUT = 120  # seconds; a resolution of 30 pages takes well under one
INSTALL_HINT = (
    "`pdftotext` (poppler) is needed to read PDF files and was not found; install it with "
    "`apt-get install poppler-utils` (Debian/Ubuntu), `brew install poppler` (macOS), "
    "or `make install`, which runs scripts/system-deps.sh"
)


@dataclass(frozen=True)
class Found:
    """The files to read, and the paths refused before reading (name, reason)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def find_resolution_files(paths: Iterable[Path]) -> Found:
    """Files as given (any suffix: the parser judges them), folders searched recursively.

    In a folder, a PDF beside a .txt of the same stem is skipped: undocs keeps both, and
    the .txt is the same tool's output already made. Hidden files and folders (.git) are
    skipped. A path that does not exist is refused by name; the rest go on.
    """
    found = Found()
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
            candidates = _in_folder(p)
        elif p.is_file():
            candidates = [p]
        else:
            found.refused.append((str(p), "no such file or folder"))
            continue
        for f in candidates:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.files.append(f)
    return found


def _in_folder(folder: Path) -> list[Path]:
    files = [
        f
        for f in folder.rglob("*")
        if f.suffix.lower() in SUFFIXES
        and f.is_file()
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    ]
    texts = {f.with_suffix("") for f in files if f.suffix.lower() == ".txt"}
    return sorted(f for f in files if f.suffix.lower() == ".txt" or f.with_suffix("") not in texts)


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def require_pdftotext() -> str:
    """The path of `pdftotext`, or Unavailable saying how to install it."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise Unavailable(INSTALL_HINT)
    return exe


def read_bytes(path: Path) -> bytes:
    """The file's text as UTF-8 bytes: a .txt as stored, a PDF through `pdftotext`."""
    if not is_pdf(path):
        return path.read_bytes()
    return pdf_text(path)


def pdf_text(path: Path) -> bytes:
    """`pdftotext -enc UTF-8 FILE -`; a PDF it cannot read is a ParseError naming the file."""
    exe = require_pdftotext()
    try:
        done = subprocess.run(
            [exe, "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ParseError(str(path), f"pdftotext took more than {PDFTOTEXT_TIMEOUT} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit status {done.returncode}"
        raise ParseError(str(path), f"pdftotext could not read the PDF ({why})")
    if not done.stdout.strip(b"\f \n"):
        raise ParseError(str(path), "the PDF has no text layer (a scan? OCR it first)")
    return done.stdout
