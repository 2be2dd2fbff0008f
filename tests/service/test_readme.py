"""The README documents every setting in the settings table."""

from pathlib import Path

from wiring.settings import SETTINGS

README = Path(__file__).parents[2] / "README.md"


def test_every_setting_is_documented() -> None:
    text = README.read_text()
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in text]
    assert missing == []
