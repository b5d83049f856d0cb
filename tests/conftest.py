"""Shared helpers: a content folder in a temp dir, bulletins written from fields, real MkDocs builds."""

from __future__ import annotations

import functools
import http.server
import json
import locale
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent

# The suite's messages are asserted in English, the developers' language; tests of what editors see by
# default (Vietnamese) take the variable away for their command. Child processes inherit it.
os.environ["BULLETINS_LANG"] = "en"

UNITS = """\
- id: dang-uy-khoi
  name: Đảng ủy Khối Cơ quan Dân Chính Đảng
  short: Đảng ủy Khối
  aliases: [Đảng bộ Khối Cơ quan Dân Chính Đảng]
  description: Khối cơ quan.
- id: so-lao-dong
  name: Đảng ủy Sở Lao động - Thương binh và Xã hội
  parent: dang-uy-khoi
- id: chi-bo-nguoi-co-cong
  name: Chi bộ Phòng Người có công
  parent: so-lao-dong
- id: khoi-doanh-nghiep
  name: Đảng ủy Khối Doanh nghiệp
- id: chi-bo-hoa-binh
  name: Chi bộ Phường Hòa Bình
  parent: khoi-doanh-nghiep
"""

TOPICS = """\
- id: nqtw4
  name: Nghị quyết Trung ương 4 (khóa XI)
  aliases: [NQTW4]
- id: kiem-diem
  name: Kiểm điểm, tự phê bình và phê bình
"""


def bulletin(title="Hội nghị kiểm điểm", date="2012-11-12 14:49", unit="dang-uy-khoi", body="Nội dung.",
             **fields) -> str:
    """A bulletin's text from its fields (values written as JSON, which YAML reads)."""
    meta = {"title": title, "date": date, "unit": unit, **fields}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


class SiteDir:
    """A site folder: mkdocs.yml, content/ with registries, and the files a test adds."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.site = root / "site"
        self.content.mkdir(parents=True)
        self.write("units.yml", UNITS)
        self.write("topics.yml", TOPICS)
        self.config_text = (
            "site_name: Bản tin thử\n"
            "site_url: http://bantin.intranet/\n"
            "docs_dir: content\n"
            "theme:\n"
            f"  name: material\n  custom_dir: {REPO / 'theme'}\n  language: vi\n  font: false\n"
            "extra:\n  generator: false\n"
            "plugins:\n  - bulletins\n"
        )

    def write(self, path: str, text: str | bytes) -> Path:
        target = self.content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def add(self, path: str, **fields) -> Path:
        return self.write(path, bulletin(**fields))

    def config_file(self) -> Path:
        """mkdocs.yml, written from ``config_text``."""
        path = self.root / "mkdocs.yml"
        path.write_text(self.config_text, encoding="utf-8")
        return path

    def build(self, command: str = "build") -> Path:
        config = load_config(config_file=str(self.config_file()))
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
        return self.site

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def all_output(self) -> dict[str, bytes]:
        return {path.relative_to(self.site).as_posix(): path.read_bytes()
                for path in self.site.rglob("*") if path.is_file()}


@pytest.fixture
def site_dir(tmp_path) -> SiteDir:
    return SiteDir(tmp_path / "project")


@pytest.fixture
def ascii_locale():
    """The POSIX locale, in which Python reads and writes files as ASCII unless told their encoding."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    yield
    locale.setlocale(locale.LC_CTYPE, previous)


# --- browser tests: Debian's chromium driven by Playwright, the site served on 127.0.0.1 ---------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"
WIDTHS = {"desktop": 1280, "phone": 390}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        self.server.last_request = time.monotonic()
        super().handle()
        self.server.last_request = time.monotonic()


QUIET = 0.5  # seconds without a request before a test's server stops


def _wait_for_quiet(server, limit: float = 10) -> None:
    """Let the page finish what it loads late (pictures, prefetches): a connection the browser opens as the
    server stops is reset, and the browser reports that as a console error."""
    deadline = time.monotonic() + limit
    while time.monotonic() - server.last_request < QUIET and time.monotonic() < deadline:
        time.sleep(0.05)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.last_request = time.monotonic()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        _wait_for_quiet(server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every run a fresh, empty user-data directory.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Guard:
    """What a page did that it must not: requests off 127.0.0.1, console errors, uncaught exceptions."""

    def __init__(self):
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def console(self, message):
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def page(browser):
    """A browser tab at desktop width that fails the test on any outside request or console error."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900}, locale="vi-VN")
    guard = Guard()
    context.route("**/*", guard.route)
    tab = context.new_page()
    tab.on("console", guard.console)
    tab.on("pageerror", lambda error: guard.errors.append(str(error)))
    yield tab
    context.close()
    assert guard.outside == [], f"requests to outside hosts: {guard.outside}"
    assert guard.errors == [], f"console errors: {guard.errors}"


AXE = REPO / ".axe/node_modules/axe-core/axe.min.js"  # `make axe` installs it (`make test` does)


@pytest.fixture(scope="session")
def axe():
    """axe-core's audit of a tab's page: ``axe(tab)`` injects axe.min.js as text (the page fetches nothing) and
    returns the violations of the rules axe runs by default, each with its ``id``, ``impact`` and ``nodes``."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run 'make axe' (make test runs it)")
    source = AXE.read_text(encoding="utf-8")

    def audit(tab) -> list[dict]:
        tab.add_script_tag(content=source)
        return tab.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]

    return audit


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot as a test artefact (test-artifacts/<name>.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
