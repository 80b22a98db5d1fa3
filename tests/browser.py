"""Headless Chromium for the tests that open pages (the static site's and the server's),
driven by selenium with the system's chromedriver (no download): one way to start it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.conftest import strict

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium 1280×1000 that keeps the console's messages; quit on leaving.
    Missing on the machine: the test fails under CI (``.ci/run`` installs it), else skips."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("selenium is missing: pip install '.[test]'")
    if not (BROWSER and DRIVER):
        if strict():
            pytest.fail("Chromium or chromedriver is missing: .ci/run installs them")
        pytest.skip("Chromium and chromedriver are not installed: .ci/run installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
