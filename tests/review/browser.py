"""The headless Chromium fixture of the browser tests (Debian's ``chromium`` package driven by Playwright).

Without /usr/bin/chromium the browser tests skip with a message saying how to get it, unless
FRINCIDENT_REQUIRE_BROWSER=1 (as in .ci/run), where they fail. FRINCIDENT_SCREENSHOTS=1 also copies the
screenshots the tests take to docs/ (the README shows them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("FRINCIDENT_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("FRINCIDENT_REQUIRE_BROWSER") == "1"
DOCS = Path(__file__).resolve().parents[2] / "docs"
VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(message: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"the browser tests are required here (FRINCIDENT_REQUIRE_BROWSER=1): {message}")
    pytest.skip(message)


_LAUNCHED: dict[str, Any] = {}  # one Playwright and one Chromium for the whole session (both test folders)


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Any:
    if "browser" in _LAUNCHED:
        return _LAUNCHED["browser"]
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install Chromium with `apt-get install -y chromium` to run the browser "
                     "tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -c requirements.lock -e '.[dev]'")
    playwright = sync_playwright().start()
    _LAUNCHED.update(playwright=playwright,
                     browser=playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True))

    def close() -> None:
        _LAUNCHED.pop("browser").close()
        _LAUNCHED.pop("playwright").stop()

    request.addfinalizer(close)
    return _LAUNCHED["browser"]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, tmp_path: Path, name: str) -> Path:
    """A screenshot of the page in ``tmp_path``, copied to docs/ when FRINCIDENT_SCREENSHOTS=1."""
    path = tmp_path / name
    page.screenshot(path=str(path))
    if os.environ.get("FRINCIDENT_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS / name)
    return path
