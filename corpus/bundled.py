"""The corpus that ships with Resolute: UN GA resolutions on eliminating nuclear weapons."""

from pathlib import Path

BUNDLED_DIR = Path(__file__).parent / "data"


def bundled_files() -> list[Path]:
    return sorted(BUNDLED_DIR.glob("*.txt"))
