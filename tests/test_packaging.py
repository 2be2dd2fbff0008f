"""What the wheel ships and what it declares: the product's packages only, and as runtime
dependencies exactly the libraries the product imports.

Benchmarks and tests stay in the repository; the libraries only they use (LangChain's
community vector stores, YAML) belong in the `bench` and `test` extras.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = (
    "service",
    "wiring",
    "corpus",
    "chat",
    "retriever",
    "embeddings",
    "prompts",
    "evaluation",
    "understanding",
    "series",
)
# Import names whose distribution is not the import name with "-" for "_".
DISTRIBUTION = {"faiss": "faiss-cpu", "yaml": "pyyaml", "spellchecker": "pyspellchecker"}
# Backends imported only when a setting asks for them, from the extra that installs them; the
# LangChain recipe `resolute eval` shows beside Resolute when the bench extra is installed.
OPTIONAL = {
    "sentence_transformers": "st",
    "langchain_community": "bench",
    "langchain_text_splitters": "bench",
}


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def _imported_libraries() -> dict[str, set[str]]:
    """Top-level third-party modules the product imports -> the files importing them."""
    own = {*PRODUCT, "bench", "tests"}
    found: dict[str, set[str]] = {}
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for top in {n.split(".")[0] for n in names}:
                    if top not in sys.stdlib_module_names and top not in own:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.fixture(scope="module")
def wheel_members(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The file list of the wheel `pip wheel` builds from a copy of the tree, offline."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # setuptools builds in the tree: keep build/ out of the real one
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-index", "--no-deps"]
        + ["--no-build-isolation", "-w", str(tmp / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("resolute-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_the_wheel_holds_no_benchmarks_and_no_tests(wheel_members: list[str]) -> None:
    tops = {name.split("/")[0] for name in wheel_members if "/" in name}
    assert "bench" not in tops and "tests" not in tops, sorted(tops)


def test_the_wheel_holds_every_product_package(wheel_members: list[str]) -> None:
    tops = {name.split("/")[0] for name in wheel_members}
    present = {p for p in PRODUCT if (ROOT / p / "__init__.py").exists()}
    assert present <= tops, sorted(present - tops)
    # and their data: prompt templates, the bundled corpus
    assert any(name.startswith("prompts/") and name.endswith(".txt") for name in wheel_members)
    assert any(name.startswith("corpus/data/") for name in wheel_members)


def test_runtime_dependencies_are_what_the_product_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    extras = {k: {_name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    imported = _imported_libraries()
    needed: set[str] = set()
    for module, files in sorted(imported.items()):
        dist = DISTRIBUTION.get(module, module.replace("_", "-"))
        if module in OPTIONAL:
            assert dist in extras[OPTIONAL[module]], f"{dist} ({', '.join(sorted(files))})"
        else:
            needed.add(dist)
    assert needed - declared == set(), "imported by the product, not declared"
    assert declared - needed == set(), "declared, never imported by the product"


def test_benchmark_and_test_libraries_are_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {k: {_name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    assert {"langchain-community", "langchain-text-splitters"} <= extras["bench"]
    assert "pyyaml" in extras["test"]
