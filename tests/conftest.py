"""Browser fixtures: headless Debian Chromium driven by playwright, every network request refused."""
from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """The browser; skipped with a reason locally, a failure when CI is set, if it cannot run."""
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "playwright is not installed: pip install -e '.[test]'"
    if why is None and not CHROMIUM.exists():
        why = f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (never `playwright install`)"
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need Chromium under CI: {why}")
        pytest.skip(why)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium):
    """A 1400x900 page that aborts every request but file:// documents; ``requests`` records every
    request attempted, ``errors`` every page error and console error; ``wait(js)`` polls an
    expression (playwright's wait_for_function evaluates strings, which the view's CSP forbids)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def route(r):
        if r.request.url.startswith("file://") and r.request.resource_type == "document":
            r.continue_()
        else:
            r.abort()

    def wait(expression: str, timeout: float = 30.0):
        end = time.monotonic() + timeout
        while not (value := page.evaluate(expression)):
            if time.monotonic() > end:
                raise AssertionError(f"still false after {timeout} s: {expression}; page errors: {errors}")
            page.wait_for_timeout(50)
        return value

    page.route("**/*", route)
    yield SimpleNamespace(page=page, requests=requests, errors=errors, wait=wait)
    context.close()
