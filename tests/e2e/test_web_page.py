"""The web page in a real headless Chromium against a real server: voices load, synthesize plays audio and
shows latency and peak memory from the response headers, and the text is highlighted character by character as
the audio plays (timestamps); /docs (Swagger UI) renders with every name but the server's own unresolvable
(offline). The screenshot goes to the test's temporary folder; to refresh the one in the README, run with
TTSSERVE_SCREENSHOT=docs/screenshots/web.png."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver")


def chromium():
    """Headless Chromium that can reach the loopback server only: every other host name fails to resolve."""
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--window-size=900,760", f"--user-data-dir={tempfile.mkdtemp()}", "--autoplay-policy=no-user-gesture-required"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def test_page_synthesizes_and_shows_figures(server_process, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server_process(["-m", "ttsserve", "serve", "--port", "{port}", "--device", "cpu"])
    driver = chromium()
    try:
        driver.get(base + "/")
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#voice option")) > 0)
        assert "baker" in driver.find_element(By.ID, "voice").get_attribute("value")
        emotions = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#emotion option")]
        assert emotions == ["neutral", "happy", "sad", "serious", "gentle"]
        driver.find_element(By.ID, "text").clear()
        driver.find_element(By.ID, "text").send_keys("欢迎使用语音合成服务，今天天气不错。")
        driver.find_element(By.ID, "go").click()
        wait.until(lambda d: "latency" in d.find_element(By.ID, "stats").text)
        stats = driver.find_element(By.ID, "stats").text
        assert "peak VRAM" in stats and "audio" in stats and "request" in stats
        assert driver.find_element(By.ID, "player").get_attribute("src").startswith("blob:")
        wait.until(lambda d: d.execute_script("return document.getElementById('player').duration > 1"))
        # the text, one span per timed entry, highlighted as the audio plays
        spans = driver.find_elements(By.CSS_SELECTOR, "#karaoke span")
        assert "".join(s.text for s in spans) == "欢迎使用语音合成服务，今天天气不错。"
        driver.execute_script("const p = document.getElementById('player'); p.currentTime = 0; p.play();")
        seen = set()

        def highlighted(d):
            now = d.execute_script("return [...document.querySelectorAll('#karaoke span.now')].map(s => s.textContent)")
            seen.update(now)
            return len(seen) >= 3
        wait.until(highlighted)
        assert seen <= set("欢迎使用语音合成服务今天天气不错")  # only spoken characters light up
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#karaoke span.said"))
        shot = Path(os.environ.get("TTSSERVE_SCREENSHOT") or tmp_path / "web.png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(shot))
    finally:
        driver.quit()


def test_docs_page_renders_without_internet(server_process, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "weights"), "{port}"])
    driver = chromium()
    try:
        driver.get(base + "/docs")
        # Swagger UI builds one block per operation from /openapi.json: it ran, with its script and styles
        WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) > 5)
        paths = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
        assert {"/synthesize", "/v1/voices", "/v1/audio/speech"} <= paths
        loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert any(u.endswith("swagger-ui-bundle.js") for u in loaded)
        assert all(u.startswith(base + "/") for u in loaded), loaded
        styled = driver.execute_script(
            "return getComputedStyle(document.querySelector('.swagger-ui .opblock')).borderStyle")
        assert styled == "solid"  # swagger-ui.css applied
    finally:
        driver.quit()
