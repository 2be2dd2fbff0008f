"""The widget end to end: headless Chromium, a host page on one origin, the service on another.

The page at HOST embeds <script src="SERVICE/widget.js">, so every API call is a real
cross-origin request and passes only because SERVICE lists HOST in ALLOWED_ORIGINS.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from service.app import create_app
from tests.widget._support import LiveServer, chromium, host_page_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CTBT = "Which paragraph of 66/45 urges States to sign and ratify the CTBT?"
FOLLOW_UP = "And what did the 2007 resolution say about it?"
CHINESE = "66/45号决议第13段"
MARKUP = "<img src=x onerror=alert(1)> what is this?"

# JavaScript run in the page, with the widget's shadow root at hand.
ROOT_JS = "const root = document.querySelector('resolute-widget').shadowRoot;\n"


@pytest.fixture(scope="module")
def servers(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The service, and a host page on a second port: a different origin."""
    data = tmp_path_factory.mktemp("widget-e2e") / "data"
    shutil.copytree(bundled_store_dir, data)
    host = LiveServer(host_page_app("")).start()  # first, for the origin the service allows
    service = LiveServer(create_app({"DATA_DIR": data, "ALLOWED_ORIGINS": host.url})).start()
    host.app = host_page_app(f"{service.url}/widget.js")
    yield host, service
    service.stop()
    host.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("chromium-profile"))
    browser.set_script_timeout(10)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def page(driver: Any, servers: Any) -> Any:
    """The host page, fresh: an empty conversation and alert() recorded instead of shown."""
    host, _ = servers
    driver.get(host.url)
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    wait(driver, lambda d: run(d, "return !!root.querySelector('.bubble')"))
    driver.execute_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(m);")
    return driver


def wait(driver: Any, condition: Any, timeout: float = 10) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def run(driver: Any, js: str, *args: Any) -> Any:
    return driver.execute_script(ROOT_JS + js, *args)


def shadow(driver: Any) -> Any:
    return driver.find_element(By.CSS_SELECTOR, "resolute-widget").shadow_root


def messages(driver: Any) -> list[dict[str, Any]]:
    """What the log shows: each message's kind, its text, and its citation cards."""
    return run(
        driver,
        """return [...root.querySelectorAll('.log .msg')].map((m) => ({
             role: m.classList[1],
             text: m.querySelector('.msg > span:not(.sr)').textContent,
             pieces: m.querySelector('.msg > span:not(.sr)').childNodes.length,
             cards: [...m.querySelectorAll('.card')].map((c) => ({
               label: c.querySelector('h3').textContent,
               symbol: c.dataset.ref,
               text: c.innerText,
               quote: c.querySelector('blockquote').textContent,
               link: c.querySelector('a') && c.querySelector('a').href,
             })),
           }));""",
    )


def full_paragraph(driver: Any) -> str:
    return run(driver, "return root.querySelector('.card .full').innerText")


def ask(driver: Any, question: str) -> dict[str, Any]:
    """Type the question and press Enter; the newest message once the answer is complete."""
    before = len(messages(driver))
    field = shadow(driver).find_element(By.CSS_SELECTOR, "input")
    field.send_keys(question, Keys.ENTER)
    wait(
        driver,
        lambda d: (
            len(messages(d)) >= before + 2
            and run(d, "return root.querySelector('.log').getAttribute('aria-busy')") == "false"
        ),
    )
    return messages(driver)[-1]


def open_panel(driver: Any) -> None:
    shadow(driver).find_element(By.CSS_SELECTOR, ".bubble").click()
    wait(driver, lambda d: run(d, "return !root.querySelector('[role=dialog]').hidden"))


def test_ask_stream_cite_expand_follow_up_and_reload(page: Any, servers: Any) -> None:
    _, service = servers
    open_panel(page)
    run(
        page,  # the typing indicator shows for a moment only: catch it as it happens
        """const t = root.querySelector('.typing');
           new MutationObserver(() => { if (!t.hidden) window.__typing = true; })
             .observe(t, {attributes: true});""",
    )
    answer = ask(page, CTBT)
    assert answer["role"] == "bot"
    assert answer["pieces"] > 1  # arrived as several `token` events, appended as they came
    assert answer["text"].startswith("A/RES/66/45, operative paragraph 8")
    assert page.execute_script("return window.__typing") is True
    card = answer["cards"][0]
    assert card["label"] == "A/RES/66/45, operative paragraph 8"
    assert card["quote"].startswith("Urges all States that have not yet done so to sign and ratify")
    assert card["link"] == f"{service.url}/r/A/RES/66/45#OP8"  # the reader page, at OP8

    # Expand: the full paragraph from the paragraph endpoint, in both languages held.
    more = shadow(page).find_elements(By.CSS_SELECTOR, ".card button")[0]
    more.click()
    wait(page, lambda d: "敦促所有尚未签署" in full_paragraph(d))
    text = full_paragraph(page)
    assert "Urges all States that have not yet done so" in text and "verification regime" in text
    assert more.get_attribute("aria-expanded") == "true"
    run(  # for the picture: the card, its quote and the full paragraph in view
        page,
        "const log = root.querySelector('.log');"
        "log.scrollTop = root.querySelector('.card').offsetTop - log.offsetTop - 40;",
    )
    save_screenshot(page)

    # A follow-up in the same conversation carries the topic to the 2007 resolution.
    follow = ask(page, FOLLOW_UP)
    assert follow["cards"] and all(c["symbol"].startswith("A/RES/62/37") for c in follow["cards"])
    assert "Comprehensive Nuclear-Test-Ban Treaty" in follow["cards"][0]["quote"]

    chinese = ask(page, CHINESE)
    assert chinese["cards"][0]["symbol"] == "A/RES/66/45 OP13"
    assert chinese["cards"][0]["label"] == "第66/45号决议执行部分第13段"
    assert "A/RES/66/45" in chinese["cards"][0]["text"]  # shown beside the Chinese label
    assert chinese["text"].startswith("第66/45号决议执行部分第13段")

    shown = messages(page)
    page.refresh()
    wait(page, lambda d: len(messages(d)) == len(shown))
    restored = messages(page)
    visible = ("label", "symbol", "quote", "link")  # innerText differs once the panel hides
    for before, after in zip(shown, restored, strict=True):
        assert (before["role"], before["text"]) == (after["role"], after["text"])
        for card_before, card_after in zip(before["cards"], after["cards"], strict=True):
            assert {k: card_before[k] for k in visible} == {k: card_after[k] for k in visible}
    # ...and the conversation goes on where it was: the follow-up resolves against it.
    open_panel(page)
    again = ask(page, "And OP 8 of it?")
    assert again["cards"][0]["symbol"] == "A/RES/66/45 OP8"

    # "New conversation" forgets it, on screen and in storage.
    shadow(page).find_element(By.CSS_SELECTOR, "header button").click()
    assert messages(page) == []
    stored = page.execute_script("return JSON.stringify(sessionStorage)")
    assert "66/45" not in stored


CHANGE = (
    "How did the call on the Comprehensive Nuclear-Test-Ban Treaty change between 2007 and 2011?"
)


def change_cards(driver: Any) -> list[dict[str, Any]]:
    """The redline cards of the newest message: both sides' links, the marks, the words."""
    return run(
        driver,
        """const msgs = root.querySelectorAll('.log .msg');
           return [...msgs[msgs.length - 1].querySelectorAll('.change')].map((c) => ({
             links: [...c.querySelectorAll('h3 a')].map((a) => [a.textContent, a.href]),
             said: c.querySelector('.note').textContent,
             inserted: [...c.querySelectorAll('ins')].map((e) => e.textContent),
             deleted: [...c.querySelectorAll('del')].map((e) => e.textContent),
             text: c.querySelector('.redline').textContent,
           }));""",
    )


def test_a_change_answer_is_one_redline_card_with_both_sides_linked(
    page: Any, servers: Any
) -> None:
    _, service = servers
    open_panel(page)
    answer = ask(page, CHANGE)
    assert answer["text"] == "How the paragraph changed:"  # the brief, not the quotes twice
    assert answer["cards"] == []  # both citations are the change card's sides
    (card,) = change_cards(page)
    assert card["links"] == [
        ["A/RES/62/37, operative paragraph 9", f"{service.url}/r/A/RES/62/37#OP9"],
        ["A/RES/66/45, operative paragraph 8", f"{service.url}/r/A/RES/66/45#OP8"],
    ]
    assert card["said"].startswith("From 2007 to 2011:")
    assert any("universalization" in t for t in card["inserted"])  # what 2011 added
    assert card["deleted"] and all(t.startswith("deleted:") for t in card["deleted"])
    # the long opening both years share, folded to its last words
    assert card["text"].startswith("… Nuclear-Test-Ban Treaty at the earliest opportunity")
    page.refresh()  # restored from the conversation kept in the tab, as it was shown
    wait(page, lambda d: len(messages(d)) == 2)
    assert change_cards(page) == [card]


def save_screenshot(driver: Any) -> None:
    """tests/artifacts/widget.png (gitignored), and the copy the README shows in docs/."""
    shot = ROOT / "tests" / "artifacts" / "widget.png"
    shot.parent.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(shot))
    (ROOT / "docs").mkdir(exist_ok=True)
    shutil.copyfile(shot, ROOT / "docs" / "widget.png")


def test_keyboard_focus_and_aria(page: Any) -> None:
    root = shadow(page)
    bubble = root.find_element(By.CSS_SELECTOR, ".bubble")
    assert bubble.get_attribute("aria-label") and bubble.get_attribute("aria-expanded") == "false"
    page.execute_script("arguments[0].focus()", bubble)
    bubble.send_keys(Keys.ENTER)  # a real button: Enter opens it
    dialog = root.find_element(By.CSS_SELECTOR, "[role=dialog]")
    assert dialog.is_displayed() and bubble.get_attribute("aria-expanded") == "true"
    assert run(page, "return root.activeElement.tagName") == "INPUT"  # focus moved in
    assert run(page, "return root.querySelector('label[for=q]').textContent") == "Your question"
    log = root.find_element(By.CSS_SELECTOR, "[role=log]")
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("aria-label")
    for button in root.find_elements(By.CSS_SELECTOR, "button"):
        assert button.get_attribute("aria-label") or button.text.strip()
    assert (
        run(
            page,
            "return root.getElementById(root.querySelector('[role=dialog]')"
            ".getAttribute('aria-labelledby')).textContent",
        )
        == "Resolute"
    )
    root.find_element(By.CSS_SELECTOR, "input").send_keys(Keys.ESCAPE)
    assert not dialog.is_displayed()
    assert run(page, "return root.activeElement.className") == "bubble"  # focus came back
    # The host page's loud styles stay outside the shadow root.
    assert bubble.value_of_css_property("background-color") != "rgba(255, 0, 0, 1)"


def test_markup_in_a_question_is_shown_as_text(page: Any) -> None:
    open_panel(page)
    ask(page, MARKUP)
    question = messages(page)[-2]
    assert question["role"] == "user" and question["text"] == MARKUP
    assert run(page, "return root.querySelectorAll('img').length") == 0
    assert MARKUP in shadow(page).find_element(By.CSS_SELECTOR, ".log").text
    assert page.execute_script("return window.__alerts") == []


def test_forgotten_conversation_starts_afresh(page: Any) -> None:
    open_panel(page)
    ask(page, CTBT)
    key = page.execute_script("return Object.keys(sessionStorage)[0]")
    page.execute_script(  # as if the service had lost it (expired, or a new deployment)
        "const s = JSON.parse(sessionStorage[arguments[0]]); s.cid = 'forgotten-123';"
        "sessionStorage[arguments[0]] = JSON.stringify(s);",
        key,
    )
    page.refresh()
    open_panel(page)
    answer = ask(page, CHINESE)
    assert answer["role"] == "bot" and answer["cards"][0]["symbol"] == "A/RES/66/45 OP13"
    stored = page.execute_script("return JSON.parse(sessionStorage[arguments[0]]).cid", key)
    assert stored and stored != "forgotten-123"


def test_api_error_message_is_shown(page: Any) -> None:
    open_panel(page)
    page.execute_script("window.Resolute.ask('x'.repeat(2001))")  # over MAX_MESSAGE_CHARS
    wait(page, lambda d: any(m["role"] == "error" for m in messages(d)))
    assert messages(page)[-1]["text"] == "Error: 'message' is longer than 2000 characters"


def test_unreachable_service(page: Any, servers: Any) -> None:
    _, service = servers
    open_panel(page)
    service.stop()
    try:
        shadow(page).find_element(By.CSS_SELECTOR, "input").send_keys(CTBT, Keys.ENTER)
        wait(page, lambda d: any(m["role"] == "error" for m in messages(d)))
        assert messages(page)[-1]["text"].startswith("The service cannot be reached")
    finally:
        service.start()
    assert ask(page, CTBT)["role"] == "bot"  # and it recovers once the service is back


def test_demo_page_examples_ask_in_the_widget(driver: Any, servers: Any) -> None:
    _, service = servers
    driver.get(service.url + "/")
    assert len(driver.find_elements(By.CSS_SELECTOR, "tr.resolution")) == 13
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    button = driver.find_element(By.CSS_SELECTOR, '[data-resolute-ask="66/45号决议第13段"]')
    wait(driver, lambda d: d.execute_script("return !!window.Resolute"))
    button.click()
    wait(driver, lambda d: len(messages(d)) == 2 and messages(d)[-1]["cards"])
    assert messages(driver)[-1]["cards"][0]["symbol"] == "A/RES/66/45 OP13"
