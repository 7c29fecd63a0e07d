"""A real browser and a real `newsstreams view` process for the page's tests.

The browser is Debian's chromium driven by Debian's chromedriver; both paths are given
explicitly, so selenium never runs Selenium Manager and nothing is downloaded.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("NEWSSTREAMS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSSTREAMS_CHROMEDRIVER", "/usr/bin/chromedriver")
# Test artifacts (the page's screenshot): a folder CI can keep, outside the source tree's files.
ARTIFACTS = Path(os.environ.get("NEWSSTREAMS_ARTIFACTS", ROOT / "tmp" / "artifacts"))


def chromium(width: int = 1440, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    # A dialog must stay open so the test can see it: the default would dismiss it and go on.
    options.unhandled_prompt_behavior = "ignore"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


class ViewProcess:
    """`python -m streams.cli view` with the given settings, as a user runs it."""

    def __init__(self, settings: Settings, log_path: Path):
        self.settings = settings
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{settings.view_port}/"

    def start(self, timeout: float = 60.0) -> ViewProcess:
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "streams.cli", "view"], cwd=ROOT,
                                        env=self.settings.to_environ(os.environ), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"view exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "api/status", timeout=1):
                    return self
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"view did not answer on {self.url}:\n{self.tail()}")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
        return self.process.returncode

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class HitCounter:
    """A local HTTP server that counts every request: the address hostile payloads point at."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HitCounter:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
