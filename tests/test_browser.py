"""A real browser (headless Chromium through chromedriver) asks a question in the web chat, sees a cited answer
and opens a citation; the screenshot is kept in test-artifacts/."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from app.api import create_app
from app.services import Services
from ingest.settings import Settings

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture
def driver():  # type: ignore[no-untyped-def]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("Chromium và chromedriver chưa được cài (bash scripts/test.sh cài chúng).")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1366,900", f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield browser
    browser.quit()


def test_user_asks_sees_cited_answer_and_opens_the_quote(  # type: ignore[no-untyped-def]
    driver, serve_app, corpus_settings: Settings, corpus_services: Services
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base = serve_app(create_app(corpus_settings, corpus_services))
    driver.get(base + "/")
    wait = WebDriverWait(driver, 60)
    box = wait.until(ec.element_to_be_clickable((By.ID, "message-input")))
    box.send_keys("Bộ Y tế chủ trì những nhiệm vụ nào?")
    driver.find_element(By.ID, "send-button").click()

    link = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, ".message.assistant .citation-link")))
    answer = driver.find_element(By.CSS_SELECTOR, ".message.assistant").text
    assert "Bộ Y tế" in answer and "Nhiệm vụ 110" in answer
    link.click()
    mark = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#doc-panel mark.quote-highlight")))
    assert "giám sát các cơ sở khám chữa bệnh" in " ".join(mark.text.split())
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "browser-cited-answer.png"))
    assert (ARTIFACTS / "browser-cited-answer.png").stat().st_size > 10_000
