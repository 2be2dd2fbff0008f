"""The widget against a service that wants an API key, over a corpus with markup in its text.

Two host pages on other origins: one publishes the key (data-api-key), one does not.
The corpus holds an unseen resolution whose paragraph contains HTML, which must reach
the page as text in the card and in the expanded paragraph, never as elements.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus.store import Store, ingest_paths
from service.app import create_app
from tests.conftest import FIXTURES
from tests.widget._support import LiveServer, chromium, host_page_app
from tests.widget.test_widget_browser import ask, messages, open_panel, run, wait

pytestmark = pytest.mark.slow

KEY = "rk_widget_5e1d0c9b"
MARKUP = '<img src=x onerror="alert(1)"><b>its</b>'
# A lookup: this test is about the key and the markup, not about how far the (calibrated)
# grounding bars let a topic question through.
QUESTION = "Show me the second preambular paragraph of 64/47"


@pytest.fixture(scope="module")
def servers(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("widget-access")
    data = root / "data"
    shutil.copytree(bundled_store_dir, data)
    source = (FIXTURES / "A_RES_64_47.en.txt").read_text()
    marked = source.replace("Recalling also its resolution", f"Recalling also {MARKUP} resolution")
    assert marked != source
    (root / "A_RES_64_47.en.txt").write_text(marked)
    ingest_paths(Store(data / "resolute.sqlite3"), [root / "A_RES_64_47.en.txt"])

    keyed = LiveServer(host_page_app("")).start()
    keyless = LiveServer(host_page_app("")).start()
    service = create_app(
        {"DATA_DIR": data, "API_KEYS": KEY, "ALLOWED_ORIGINS": f"{keyed.url},{keyless.url}"}
    )
    api = LiveServer(service).start()
    keyed.app = host_page_app(f"{api.url}/widget.js", api_key=KEY)
    keyless.app = host_page_app(f"{api.url}/widget.js")
    yield keyed, keyless
    for server in (api, keyed, keyless):
        server.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("chromium-access"))
    try:
        yield browser
    finally:
        browser.quit()


def load(driver: Any, url: str) -> None:
    driver.get(url)
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    wait(driver, lambda d: run(d, "return !!root.querySelector('.bubble')"))
    driver.execute_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(m);")


def test_the_key_rides_along_and_corpus_markup_stays_text(driver: Any, servers: Any) -> None:
    keyed, _ = servers
    load(driver, keyed.url)
    open_panel(driver)
    answer = ask(driver, QUESTION)
    assert answer["role"] == "bot", answer
    card = answer["cards"][0]
    assert card["symbol"] == "A/RES/64/47 PP2"
    assert MARKUP in card["quote"]  # the markup, as characters
    # Expanding fetches the paragraph (a GET with the key, after its own preflight).
    run(driver, "root.querySelector('.card button').click()")
    wait(driver, lambda d: MARKUP in run(d, "return root.querySelector('.card .full').innerText"))
    assert run(driver, "return root.querySelectorAll('img').length") == 0
    bold = run(driver, "return [...root.querySelectorAll('b')].map((b) => b.textContent)")
    assert "its" not in bold  # the widget's own <b> names the language; the corpus adds none
    assert driver.execute_script("return window.__alerts") == []


def test_a_page_without_the_key_shows_the_refusal(driver: Any, servers: Any) -> None:
    _, keyless = servers
    load(driver, keyless.url)
    open_panel(driver)
    answer = ask(driver, QUESTION)
    assert answer["role"] == "error"
    assert "needs a key" in answer["text"]
    assert not any(m["cards"] for m in messages(driver))
