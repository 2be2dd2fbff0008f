"""Finding resolution files (the undocs layout, PDFs) and ingesting them file by file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.bundled import BUNDLED_DIR
from corpus.errors import Unavailable
from corpus.files import find_resolution_files, pdf_text
from corpus.parser import parse_text, read_text
from corpus.store import Store, ingest_paths
from tests.conftest import FIXTURES

UNDOCS = {  # undocs path -> bundled or fixture file
    "en/pdfs/A/RES/66/45/resolution.txt": BUNDLED_DIR / "A_RES_66_45.en.txt",
    "en/pdfs/A/RES/62/37/resolution.txt": BUNDLED_DIR / "A_RES_62_37.en.txt",
    "en/pdfs/A/RES/64/47/resolution.txt": FIXTURES / "A_RES_64_47.en.txt",
}


def undocs_tree(root: Path) -> Path:
    """A checkout laid out like yuiseki/undocs, with the metadata files beside the texts."""
    for rel, src in UNDOCS.items():
        dest = root / rel
        dest.parent.mkdir(parents=True)
        shutil.copy(src, dest)
        (dest.parent / "metadata.json").write_text('{"symbol": "?"}')
    (root / "README.md").write_text("# undocs\n")
    (root / ".git").mkdir()
    (root / ".git" / "stray.txt").write_text("not a resolution")
    return root


def make_pdf(src: Path, out: Path) -> Path:
    """A PDF of a text, one printed line per line, as pdftotext's input for a round trip."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (the test extra) makes the test PDF")
    lines = src.read_text(encoding="utf-8").splitlines()
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=9)
    width = max(pdf.get_string_width(line) for line in lines) + 25  # no line clipped
    pdf.add_page(format=(width, 297))
    for line in lines:
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def needs_pdf_tools() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (scripts/system-deps.sh installs poppler-utils)")
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        pytest.skip("the DejaVu font is needed to make a test PDF")


def test_undocs_layout_is_found_recursively_and_metadata_skipped(tmp_path: Path) -> None:
    root = undocs_tree(tmp_path / "undocs")
    found = find_resolution_files([root])
    assert [f.relative_to(root).as_posix() for f in found.files] == sorted(UNDOCS)
    assert found.refused == []


def test_a_pdf_beside_its_text_is_skipped_and_missing_paths_refused(tmp_path: Path) -> None:
    folder = tmp_path / "45"
    folder.mkdir()
    (folder / "resolution.txt").write_text("x")
    (folder / "resolution.pdf").write_bytes(b"%PDF-1.4")
    (folder / "other.PDF").write_bytes(b"%PDF-1.4")
    found = find_resolution_files([folder, folder / "resolution.txt", tmp_path / "nope"])
    assert [f.name for f in found.files] == ["other.PDF", "resolution.txt"]
    assert found.refused == [(str(tmp_path / "nope"), "no such file or folder")]


def test_undocs_tree_ingests_with_symbols_from_the_texts(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    report = ingest_paths(store, [undocs_tree(tmp_path / "undocs")])
    assert report.refused == [] and len(report.added) == 3
    assert store.symbols() == ["A/RES/62/37", "A/RES/64/47", "A/RES/66/45"]


def test_one_bad_file_in_a_folder_is_refused_the_rest_land(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(BUNDLED_DIR.glob("*.en.txt"))[:4]:
        shutil.copy(f, folder)
    (folder / "broken.txt").write_text("Once upon a time there was a novel, not a resolution.\n")
    progress: list[tuple[int, int]] = []
    store = Store(tmp_path / "s.sqlite3")
    report = ingest_paths(store, [folder], lambda done, total: progress.append((done, total)))
    assert [name for name, _ in report.refused] == [str(folder / "broken.txt")]
    assert len(report.added) == 4 and len(store.symbols()) == 4
    assert store.revision == 1  # one transaction for what landed
    assert progress == [(i, 5) for i in range(1, 6)]


def test_pdf_round_trip_matches_the_text(tmp_path: Path) -> None:
    """A PDF printed from a bundled text reads back (pdftotext, default mode) to the same
    resolution as the text itself."""
    needs_pdf_tools()
    src = BUNDLED_DIR / "A_RES_66_45.en.txt"
    pdf = make_pdf(src, tmp_path / "resolution.pdf")
    (from_pdf,) = parse_text(read_text(pdf_text(pdf), str(pdf)), str(pdf))
    (from_txt,) = parse_text(src.read_text(encoding="utf-8"), str(src))
    assert from_pdf.symbol == from_txt.symbol == "A/RES/66/45"
    assert [p.pid for p in from_pdf.paragraphs] == [p.pid for p in from_txt.paragraphs]
    assert [p.text for p in from_pdf.paragraphs] == [p.text for p in from_txt.paragraphs]
    store = Store(tmp_path / "s.sqlite3")
    assert ingest_paths(store, [tmp_path]).added == ["A/RES/66/45 (en)"]


def test_a_broken_pdf_is_refused_by_name(tmp_path: Path) -> None:
    needs_pdf_tools()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    report = ingest_paths(Store(tmp_path / "s.sqlite3"), [bad])
    assert report.refused[0][0] == str(bad) and "pdftotext" in report.refused[0][1]


def test_missing_pdftotext_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(Unavailable, match="poppler-utils"):
        ingest_paths(Store(tmp_path / "s.sqlite3"), [pdf])


def test_pdftotext_is_the_default_mode_not_layout(tmp_path: Path) -> None:
    """The bundled texts have no runs of spaces; -layout pads columns with them."""
    needs_pdf_tools()
    pdf = make_pdf(FIXTURES / "A_RES_64_47.en.txt", tmp_path / "r.pdf")
    assert b"     " not in pdf_text(pdf)
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True)
    assert layout.returncode == 0
