"""One real-browser test: `streamlit run app.py` on 127.0.0.1 driven by headless Chromium.

The index is built in tmp from the tiny documents, the seed letter and a small two-page PDF
(the seed letter is plain text without page numbers; the PDF makes a card show "p. N").
Screenshots are saved under the test's tmp directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT_SEED, ROOT, free_port, stop_process
from ui_kit import ui_knowledge  # noqa: F401 (fixture)

from ui import texts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
QUESTION = "Mag een ambtenaar een taalmodel gebruiken als er persoonsgegevens zijn?"
OFF_TOPIC = "Wat is de hoofdstad van Frankrijk?"
WAIT_S = 120


def _require_chromium() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = f"Chromium ontbreekt ({', '.join(missing)}): apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit stopte (code {proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit antwoordde niet binnen {WAIT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def served_app(ui_knowledge: Path, tmp_path: Path):
    """Build the index from the tiny docs + seed letter + PDF, then serve the page."""
    if PROJECT_SEED.is_file():
        shutil.copy(PROJECT_SEED, ui_knowledge / PROJECT_SEED.name)
    with (ui_knowledge / "sources.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(DATED)  # every card can then name its publication date
    env = dict(os.environ, WIJZER_KNOWLEDGE_DIR=str(ui_knowledge), ANONYMIZED_TELEMETRY="False",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    build = subprocess.run([sys.executable, "-m", "ingest"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    port = free_port()
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        stop_process(proc, timeout=15)


@pytest.fixture
def browser(tmp_path: Path):
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1280,2200",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def _ask(driver, question: str, answers_before: int) -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, WAIT_S)
    box = wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, "[data-testid='stChatInputTextArea']")))
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    # An answer is complete when its disclaimer (rendered after the sources) is there.
    wait.until(lambda d: len(_disclaimers(d)) > answers_before)
    wait.until(lambda d: d.execute_script(  # the run is over: nothing is added any more
        "return document.querySelector(\"[data-testid='stApp']\")"
        ".getAttribute('data-test-script-state')") == "notRunning")
    return driver.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")


def _disclaimers(driver) -> list:
    """The disclaimer captions on the page (in one JS call: the page re-renders while we look)."""
    return driver.execute_script(
        "return [...document.querySelectorAll(\"[data-testid='stCaptionContainer']\")]"
        ".filter(e => e.innerText.includes(arguments[0])).map(e => e.innerText);",
        texts.DISCLAIMER)


DATED = """
[[source]]
id = "standpunt"
title = "Standpunt generatieve AI (test)"
kind = "position"
date = "2025-04-22"
file = "standpunt.md"

[[source]]
id = "parkeren"
title = "Parkeervergunning (test)"
kind = "web"
date = "2024-03"
file = "parkeren.txt"

[[source]]
id = "kamerbrief"
title = "Kamerbrief bij het standpunt (test)"
kind = "letter"
date = "2025-04"
file = "kamerbrief-overheidsbreed-standpunt-generatieve-ai.txt"
"""
FOOTNOTE_QUESTION = "Waarop was het voorlopige standpunt van december 2023 gebaseerd?"
# Everything a card shows, read in one JS call (the page re-renders while we look): the
# heading, the passage text on the card's face (subheader, captions and expanders left out),
# each highlighted run, the footnote captions and the heading's anchor id.
_CARDS_JS = """
return [...document.querySelectorAll("div[class*='st-key-'][class*='-card-']")].map(card => {
  const face = [...card.querySelectorAll("[data-testid='stMarkdownContainer']")]
    .filter(m => !m.closest("[data-testid='stExpander']")
              && !m.closest("[data-testid='stCaptionContainer']")
              && !m.closest("[data-testid='stHeading']") && !m.querySelector("h3"));
  const heading = card.querySelector("h3");
  return {
    heading: heading ? heading.innerText.trim() : "",
    anchor: heading ? heading.id : "",
    passage: face.map(m => m.innerText).join("\\n"),
    highlights: [...card.querySelectorAll("span[style*='background']")]
      .filter(s => !s.closest("[data-testid='stExpander']")).map(s => s.innerText),
    notes: [...card.querySelectorAll("[data-testid='stCaptionContainer']")].map(c => c.innerText),
  };
});
"""


def _cards(driver) -> list[dict]:
    return driver.execute_script(_CARDS_JS)


def _fold(text: str) -> str:
    """Letters and digits only (superscript footnote marks and punctuation left out)."""
    return "".join(ch for ch in text.lower() if ch.isalpha() or ch in "0123456789")


def _check_cards(cards: list[dict], answer_text: str) -> None:
    """What a policy advisor relies on, on every card."""
    import re

    assert cards
    folded_answer = _fold(answer_text)
    for card in cards:
        # A publication name and its date ("[1] Handreiking, 15 januari 2025"), or that it
        # has none (the test handreiking's manifest entry gives no date).
        assert re.match(r"^\[\d+\] \w[\w -]*, ((\d{1,2} )?[a-z]+ \d{4}|datum onbekend)",
                        card["heading"]), card
        # No "[n]" footnote marker inside the passage (markers are superscripts).
        assert not re.search(r"\[\^?\d+\]", card["passage"]), card["passage"]
        # The highlight covers only the quote: every highlighted run is quoted in the answer.
        assert card["highlights"], card
        for run in card["highlights"]:
            assert _fold(run) in folded_answer, (run, answer_text)


def test_cards_in_a_real_browser(served_app, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served_app)
    messages = _ask(browser, QUESTION, answers_before=0)
    answer = messages[-1]
    answer_text = answer.find_element(By.CSS_SELECTOR, "[data-testid='stMarkdownContainer']").text
    cards = _cards(browser)
    _check_cards(cards, answer_text)
    assert any(c["heading"].startswith("[1] Handreiking, 15 januari 2025") for c in cards), cards
    captions = [e.text for e in answer.find_elements(By.CSS_SELECTOR, "[data-testid='stCaptionContainer']")]
    assert any(c.startswith("p. ") and c[3].isdigit() for c in captions), captions
    assert "<script>" not in browser.page_source.split("</head>", 1)[-1].replace("&lt;script&gt;", "")
    browser.save_screenshot(str(tmp_path / "antwoord.png"))

    # The [n] in the answer text opens its card: in a window too short to show both, the
    # link scrolls the page to the card's heading.
    last = cards[-1]
    n = last["heading"].split("]")[0].lstrip("[")
    browser.set_window_size(1280, 500)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(  # the chat settled at its end
        "const c = document.querySelector(\"[data-testid='stAppScrollToBottomContainer']\");"
        "return !c || Math.abs(c.scrollHeight - c.clientHeight - c.scrollTop) < 2;"))
    link = answer.find_element(By.CSS_SELECTOR, f"a[href$='#{last['anchor']}']")
    assert link.text == f"[{n}]"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    top = ("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
           "return [r.top, window.innerHeight];")
    before, height = browser.execute_script(top, last["anchor"])
    assert before > height, "the card starts out of view"
    browser.execute_script("arguments[0].click()", link)  # as a user's click: follows the href
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return location.hash") ==
                                     "#" + last["anchor"])
    seen: list[float] = []

    def in_view(d) -> bool:
        seen.append(d.execute_script(top, last["anchor"])[0])
        return 0 <= seen[-1] < height / 2

    try:
        WebDriverWait(browser, 10).until(in_view)
    except Exception as timeout:
        browser.save_screenshot(str(tmp_path / "naar-bron-mislukt.png"))
        raise AssertionError(
            f"card not scrolled into view (top: {seen[:3]}…{seen[-3:]})") from timeout
    browser.save_screenshot(str(tmp_path / "naar-bron.png"))
    browser.set_window_size(1280, 2200)

    # The seed letter's own footnotes: superscripts with the note under the passage.
    messages = _ask(browser, FOOTNOTE_QUESTION, answers_before=1)
    answer_text = messages[-1].find_element(By.CSS_SELECTOR, "[data-testid='stMarkdownContainer']").text
    cards = [c for c in _cards(browser) if c["anchor"] not in {x["anchor"] for x in cards}]
    _check_cards(cards, answer_text)
    letter = [c for c in cards if "2023.¹" in c["passage"]]
    assert letter, [c["passage"] for c in cards]
    assert any(note.startswith("¹ https://open.overheid.nl") for note in letter[0]["notes"]), letter
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView()", letter[0]["anchor"])
    browser.save_screenshot(str(tmp_path / "voetnoten.png"))

    _ask(browser, OFF_TOPIC, answers_before=2)
    assert texts.CLOSEST_HEADER in browser.find_element(By.TAG_NAME, "body").text
    browser.execute_script(  # the chat scrolls inside its own container
        "const c = document.querySelector(\"[data-testid='stAppScrollToBottomContainer']\");"
        "c.scrollTop = c.scrollHeight;")
    browser.save_screenshot(str(tmp_path / "niet-in-bronnen.png"))

    browser.get(served_app + "/bronnen")
    WebDriverWait(browser, WAIT_S).until(
        lambda d: texts.SOURCES_PICK in d.find_element(By.TAG_NAME, "body").text)
    time.sleep(1.0)  # let the table paint
    browser.save_screenshot(str(tmp_path / "bronnen.png"))
    for name in ("antwoord.png", "naar-bron.png", "voetnoten.png", "niet-in-bronnen.png",
                 "bronnen.png"):
        assert (tmp_path / name).stat().st_size > 10_000
