"""The reader pages in a real headless Chromium: a citation's page lands on its paragraph
(in view, highlighted, focused), "Copy citation" copies the exact label and quote, axe-core
finds no serious or critical violation, the page reads at phone width and prints without
its controls, and markup from the corpus stays text. Screenshots go to docs/."""

from __future__ import annotations

import importlib.util
import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from service.app import create_app
from tests.pages.conftest import MARKUP
from tests.widget._support import LiveServer, chromium

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CITED = "rgb(255, 244, 214)"  # --cited in pages.css
PHONE = {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True}


def axe_source() -> str:
    """axe.min.js as the axe-core-python package ships it (`make install-test` installs it)."""
    spec = importlib.util.find_spec("axe_core_python")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("axe-core-python is not installed (pip install -e '.[test]')")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def service(reader_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("pages-e2e") / "data"
    shutil.copytree(reader_data, data)
    server = LiveServer(create_app({"DATA_DIR": data})).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"))
    browser.set_script_timeout(60)  # axe over a long bilingual resolution takes a moment
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def page(driver: Any, service: LiveServer) -> Iterator[Any]:
    """The browser at desktop size, alert() recorded instead of shown."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    yield driver


def wait(driver: Any, condition: Any, timeout: float = 10) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def open_page(driver: Any, url: str) -> None:
    driver.get("about:blank")  # a fresh load each time, even for the same address
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(m);")


def landing(driver: Any, pid: str) -> dict[str, Any]:
    """Where the paragraph is, how it looks, and what has the focus."""
    return driver.execute_script(
        """const el = document.getElementById(arguments[0]);
           const r = el.getBoundingClientRect();
           const cited = [...document.querySelectorAll('.para')].filter(
             (p) => getComputedStyle(p).backgroundColor === arguments[1]).map((p) => p.id);
           return {top: r.top, bottom: r.bottom, height: innerHeight, cited: cited,
                   focused: document.activeElement.id};""",
        pid,
        CITED,
    )


def post_json(url: str, body: dict[str, Any]) -> Any:
    req = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_a_chat_citation_opens_its_paragraph(page: Any, service: LiveServer) -> None:
    question = "Which paragraph of 66/45 urges States to sign and ratify the CTBT?"
    citation = post_json(f"{service.url}/v1/chat", {"message": question})["citations"][0]
    assert citation["page"] == "/r/A/RES/66/45#OP8"
    open_page(page, service.url + citation["page"])
    assert_landed(page, "OP8")


@pytest.mark.parametrize(
    ("address", "pid"),
    [
        ("/r/A/RES/58/59#OP3(g)(iv)", "OP3(g)(iv)"),  # parentheses in the fragment
        ("/r/A/RES/76/240#B.OP1", "B.OP1"),  # a dot in the fragment
        ("/r/A/RES/74/92%20B#OP29", "OP29"),  # a part
        ("/r/A/RES/66/45?p=OP13", "OP13"),  # by query, no fragment
        ("/r/A/RES/66/45?lang=zh#PP5", "PP5"),
    ],
)
def test_the_address_lands_on_the_paragraph(
    page: Any, service: LiveServer, address: str, pid: str
) -> None:
    open_page(page, service.url + address)
    assert_landed(page, pid)


def assert_landed(driver: Any, pid: str) -> None:
    wait(driver, lambda d: landing(d, pid)["cited"] == [pid])  # after the colour's transition
    where = landing(driver, pid)
    assert 0 <= where["top"] < where["height"] and where["bottom"] > 0, where  # in view
    assert where["focused"] == pid  # keyboard and screen-reader users start there


def copy_and_read(driver: Any, button: Any) -> str:
    button.click()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".status").text != "")
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, (e) => done('refused: ' + e));"
    )


def test_copy_citation_gives_the_exact_label_and_quote(page: Any, service: LiveServer) -> None:
    page.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": service.url},
    )
    with urllib.request.urlopen(f"{service.url}/v1/resolutions/A/RES/66/45/paragraphs/OP8") as r:
        text = json.loads(r.read())["text"]
    open_page(page, f"{service.url}/r/A/RES/66/45#OP8")
    en, zh = page.find_elements(By.CSS_SELECTOR, "#OP8 button.copy")
    assert en.text == "Copy citation" and zh.text == "复制引文"
    assert copy_and_read(page, en) == f"A/RES/66/45, operative paragraph 8: “{text['en']}”"
    assert page.find_element(By.CSS_SELECTOR, ".status").text == "Citation copied"
    assert copy_and_read(page, zh) == f"第66/45号决议执行部分第8段：“{text['zh']}”"

    open_page(page, f"{service.url}/r/A/RES/58/59?lang=en#OP3(g)(iv)")
    button = page.find_element(By.CSS_SELECTOR, "[id='OP3(g)(iv)'] button.copy")
    assert copy_and_read(page, button).startswith("A/RES/58/59, operative paragraph 3 (g)(iv): “")


def test_without_a_clipboard_the_citation_is_selected_to_copy(
    page: Any, service: LiveServer
) -> None:
    open_page(page, f"{service.url}/r/A/RES/66/45?lang=zh#OP8")
    page.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.find_element(By.CSS_SELECTOR, "#OP8 button.copy").click()
    field = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#OP8 textarea.fallback"))
    assert field.get_attribute("value").startswith("第66/45号决议执行部分第8段：“敦促所有尚未签署")
    assert page.execute_script(
        "const f = document.activeElement;"
        "return f.tagName === 'TEXTAREA' && f.selectionEnd - f.selectionStart === f.value.length"
    )


AXE_PAGES = [
    "/r/A/RES/66/45#OP8",
    "/r/A/RES/66/45?lang=zh",
    "/r/A/RES/76/240#B.OP1",
    "/r/A/RES/74/92",
    "/r/A/RES/74/92%20B",
    "/corpus",
    "/corpus?q=nuclear-weapon-free+zones&session=66",
    "/r/A/RES/1/1",
    "/r/A/RES/66/45/changes",
    "/r/A/RES/66/45/changes?from=A/RES/62/37&lang=zh",
    "/r/A/RES/58/59/changes",
]


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(axe_source())
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
           axe.run(document, {resultTypes: ['violations']}).then(
             (r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact,
                                                  nodes: v.nodes.map((n) => n.target.join(' '))
                                                                .slice(0, 5)}))),
             (e) => done([{id: 'axe-failed', impact: 'critical', nodes: [String(e)]}]));"""
    )


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("address", AXE_PAGES)
def test_axe_finds_no_serious_violation(
    page: Any, service: LiveServer, address: str, width: str
) -> None:
    if width == "phone":
        page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    open_page(page, service.url + address)
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_readable_at_phone_width(page: Any, service: LiveServer) -> None:
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    open_page(page, f"{service.url}/r/A/RES/66/45#OP8")
    assert_landed(page, "OP8")
    assert page.execute_script("return document.documentElement.scrollWidth") <= 360
    # the two languages stack: Chinese under English, each the page's width
    en, zh = page.find_elements(By.CSS_SELECTOR, "#OP8 .col")
    assert zh.rect["y"] >= en.rect["y"] + en.rect["height"] and en.rect["width"] > 250
    save_screenshot(page, "reader-phone.png")
    open_page(page, f"{service.url}/corpus")
    assert page.execute_script("return document.documentElement.scrollWidth") <= 360


def test_side_by_side_on_a_desktop(page: Any, service: LiveServer) -> None:
    open_page(page, f"{service.url}/r/A/RES/66/45#OP8")
    assert_landed(page, "OP8")
    en, zh = page.find_elements(By.CSS_SELECTOR, "#OP8 .col")
    assert en.rect["y"] == zh.rect["y"] and zh.rect["x"] > en.rect["x"] + en.rect["width"]
    page.execute_script("window.scrollBy(0, -120)")  # the paragraphs before it in the picture
    save_screenshot(page, "reader-desktop.png")
    open_page(page, f"{service.url}/corpus?q=nuclear-weapon-free+zones")
    assert page.find_elements(By.CSS_SELECTOR, ".hit a")
    save_screenshot(page, "reader-corpus.png")


def test_keyboard_focus_is_visible(page: Any, service: LiveServer) -> None:
    open_page(page, f"{service.url}/r/A/RES/66/45")
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = page.switch_to.active_element
    assert skip.text == "Skip to the text" and skip.is_displayed()
    assert skip.value_of_css_property("outline-style") == "solid"
    skip.send_keys(Keys.ENTER)
    assert page.switch_to.active_element.get_attribute("id") == "main"
    button = page.find_element(By.CSS_SELECTOR, "#PP1 button.copy")
    page.execute_script("arguments[0].scrollIntoView()", button)
    anchor = page.find_element(By.CSS_SELECTOR, "#PP1 a.anchor")
    page.execute_script("arguments[0].focus()", anchor)
    page.switch_to.active_element.send_keys(Keys.TAB)  # from the anchor to the copy button
    focused = page.switch_to.active_element
    assert focused.get_attribute("class") == "copy"
    assert focused.value_of_css_property("outline-style") == "solid"
    assert focused.value_of_css_property("outline-color") == "rgba(246, 183, 60, 1)"  # the ring


def test_the_page_prints_without_its_controls(page: Any, service: LiveServer) -> None:
    open_page(page, f"{service.url}/r/A/RES/66/45#OP8")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = page.execute_script(
        "return ['header.site', '.copy', '.langs', 'footer.site'].map("
        "(s) => getComputedStyle(document.querySelector(s)).display)"
    )
    assert shown == ["none"] * 4
    op8 = page.find_element(By.ID, "OP8")
    assert op8.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"
    assert op8.is_displayed() and "Urges all States" in op8.text
    pdf = page.execute_cdp_cmd("Page.printToPDF", {})
    assert len(pdf["data"]) > 10_000


def test_markup_from_the_corpus_creates_no_element(page: Any, service: LiveServer) -> None:
    open_page(page, f"{service.url}/r/A/RES/74/17")
    assert page.execute_script("return document.querySelectorAll('img').length") == 0
    assert MARKUP in page.find_element(By.ID, "PP1").text
    assert MARKUP in page.find_element(By.TAG_NAME, "h1").text
    page.find_element(By.CSS_SELECTOR, "#PP1 button.copy").click()  # copying sets text only
    open_page(page, f"{service.url}/corpus")
    field = page.find_element(By.ID, "q")
    field.send_keys(MARKUP, Keys.ENTER)
    wait(page, lambda d: "q=" in d.current_url)
    assert page.find_element(By.ID, "q").get_attribute("value") == MARKUP
    assert page.execute_script("return document.querySelectorAll('img').length") == 0
    assert page.execute_script("return window.__alerts || []") == []


def test_the_changes_page_shows_the_redline(page: Any, service: LiveServer) -> None:
    open_page(page, f"{service.url}/r/A/RES/66/45")
    page.find_element(By.CSS_SELECTOR, ".langs a.changes").click()
    wait(page, lambda d: d.current_url.endswith("/r/A/RES/66/45/changes"))
    assert "A/RES/65/72" in page.find_element(By.TAG_NAME, "h1").text
    pp11 = page.find_element(By.ID, "PP11")
    ins = pp11.find_element(By.TAG_NAME, "ins")
    gone = pp11.find_element(By.TAG_NAME, "del")
    assert ins.is_displayed() and gone.is_displayed()
    assert "entry into force on 5 February 2011" in ins.text
    assert "signing on 8 April 2010" in gone.text
    # told apart without colour: underlined and struck through, and said in words
    assert "underline" in ins.value_of_css_property("text-decoration-line")
    assert "line-through" in gone.value_of_css_property("text-decoration-line")
    assert page.execute_script(
        "return [...arguments[0].querySelectorAll('ins .sr, del .sr')].map((s) => s.textContent)",
        pp11,
    )[:2] == ["[deleted: ", " end]"]
    # the unchanged paragraphs folded, opened by their summary
    folded = page.find_element(By.CSS_SELECTOR, "details.unchanged")
    inside = folded.find_element(By.CSS_SELECTOR, ".para")
    assert not inside.is_displayed()
    folded.find_element(By.TAG_NAME, "summary").click()
    assert inside.is_displayed()
    # choosing another member of the series
    Select(page.find_element(By.ID, "from")).select_by_value("A/RES/58/59")
    page.find_element(By.CSS_SELECTOR, "form.choose button").click()
    wait(page, lambda d: "from=A%2FRES%2F58%2F59" in d.current_url)
    assert "A/RES/58/59" in page.find_element(By.TAG_NAME, "h1").text
    open_page(page, f"{service.url}/r/A/RES/66/45/changes")
    save_screenshot(page, "reader-changes.png")


def test_the_changes_page_at_phone_width_and_in_print(page: Any, service: LiveServer) -> None:
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    open_page(page, f"{service.url}/r/A/RES/66/45/changes")
    assert page.execute_script("return document.documentElement.scrollWidth") <= 360
    assert page.find_element(By.CSS_SELECTOR, "#PP11 ins").is_displayed()
    page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    page.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.find_element(By.CSS_SELECTOR, "details.unchanged .para").is_displayed()
    assert (
        page.find_element(By.CSS_SELECTOR, "form.choose").value_of_css_property("display") == "none"
    )
    pdf = page.execute_cdp_cmd("Page.printToPDF", {})
    assert len(pdf["data"]) > 10_000


def save_screenshot(driver: Any, name: str) -> None:
    """tests/artifacts/NAME (gitignored), and the copy the README shows in docs/."""
    shot = ROOT / "tests" / "artifacts" / name
    shot.parent.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(shot))
    shutil.copyfile(shot, ROOT / "docs" / name)
