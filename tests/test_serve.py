"""`mkdocs serve --dirty`: after an edit, every page showing the bulletin is new and no other page is rewritten."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

UNTOUCHED = ["bulletins/2013/b/index.html", "don-vi/chi-bo-hoa-binh/index.html", "don-vi/khoi-doanh-nghiep/index.html",
             "chu-de/kiem-diem/index.html", "don-vi/chi-bo-hoa-binh/feed.xml", "luu-tru/2013/index.html"]
SHOWING_A = ["bulletins/2012/a/index.html", "index.html", "don-vi/so-lao-dong/index.html",
             "don-vi/dang-uy-khoi/index.html", "chu-de/nqtw4/index.html", "luu-tru/2012/index.html", "feed.xml",
             "don-vi/so-lao-dong/feed.xml", "chu-de/nqtw4/feed.xml"]


def serve_build(site_dir) -> dict[str, int]:
    """One rebuild as `mkdocs serve --dirty` runs it; the modification time of every output file."""
    config = load_config(config_file=str(site_dir.config_file()))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return {path.relative_to(site_dir.site).as_posix(): path.stat().st_mtime_ns
            for path in site_dir.site.rglob("*") if path.is_file()}


def touch(path: Path) -> None:
    """Make sure the edit is seen even within one tick of the file system clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def html_with(site, text):
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if text in path.read_text(encoding="utf-8"))


def test_an_edit_rewrites_exactly_the_pages_that_show_it(site_dir):
    site_dir.write("index.md", "---\ntitle: Trang chủ\n---\nLời giới thiệu.\n")  # a hand-written home page
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit="so-lao-dong", topics=["nqtw4"],
                 participants=["Lê Văn Một, Bí thư"])
    site_dir.add("bulletins/2013/b.md", title="Bản tin Beta", unit="chi-bo-hoa-binh", topics=["kiem-diem"],
                 date="2013-01-01 08:00")
    before = serve_build(site_dir)
    person = next(path for path in html_with(site_dir.site, "Bản tin Alpha") if path.startswith("nhan-vat/le-van"))
    touch(site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha đã sửa", unit="so-lao-dong", topics=["nqtw4"],
                       participants=["Lê Văn Một, Bí thư"]))
    after = serve_build(site_dir)
    rewritten = {path for path in after if after[path] != before.get(path)}
    for path in [*SHOWING_A, person]:
        assert path in rewritten, path
    for path in UNTOUCHED:
        assert path not in rewritten, path
    stale = [path for path in html_with(site_dir.site, "Bản tin Alpha<") if path != "sitemap.xml"]
    assert stale == []
    assert "Bản tin Alpha đã sửa" in (site_dir.site / "don-vi/dang-uy-khoi/index.html").read_text(encoding="utf-8")


def test_a_new_bulletin_appears_and_a_deleted_one_goes(site_dir):
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit="so-lao-dong")
    serve_build(site_dir)
    site_dir.add("bulletins/2014/c.md", title="Bản tin Gamma", unit="chi-bo-nguoi-co-cong", date="2014-02-02")
    (site_dir.content / "bulletins/2012/a.md").unlink()
    after = serve_build(site_dir)
    assert "bulletins/2014/c/index.html" in after
    assert "bulletins/2012/a/index.html" not in after
    assert html_with(site_dir.site, "Bản tin Alpha") == []
    for page in ("index.html", "don-vi/dang-uy-khoi/index.html", "don-vi/chi-bo-nguoi-co-cong/index.html"):
        assert "Bản tin Gamma" in (site_dir.site / page).read_text(encoding="utf-8"), page


def test_feeds_follow_an_edited_bulletin_and_a_renamed_unit(site_dir):
    """Feed entries are kept across rebuilds only while the bulletin and the registries are unchanged."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit="so-lao-dong")
    site_dir.add("bulletins/2013/b.md", title="Bản tin Beta", unit="chi-bo-hoa-binh", date="2013-01-01 08:00")
    serve_build(site_dir)
    touch(site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha đã sửa", unit="so-lao-dong"))
    serve_build(site_dir)
    feed = (site_dir.site / "feed.xml").read_text(encoding="utf-8")
    assert "Bản tin Alpha đã sửa" in feed and "Bản tin Beta" in feed
    units = site_dir.content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("Chi bộ Phường Hòa Bình", "Chi bộ Phường Hòa Bình mới"),
                     encoding="utf-8")
    touch(units)
    serve_build(site_dir)
    feed = (site_dir.site / "don-vi/khoi-doanh-nghiep/feed.xml").read_text(encoding="utf-8")
    assert 'label="Chi bộ Phường Hòa Bình mới"' in feed


def test_compiled_templates_are_reused_until_a_template_changes():
    from jinja2 import DictLoader, Environment

    from generator.adapter.caches import CompiledTemplates

    compiled = CompiledTemplates()
    sources = {"page.html": "Trước {{ x }}"}
    compiles = []

    class Counting(Environment):
        """Jinja's environment, counting the templates it compiles (a template from the cache is not)."""

        def compile(self, source, *args, **kwargs):
            compiles.append(source)
            return super().compile(source, *args, **kwargs)

    def render() -> str:  # a new environment per build, as MkDocs makes
        return Counting(loader=DictLoader(sources), bytecode_cache=compiled).get_template("page.html").render(x=1)

    assert render() == "Trước 1" and compiles == ["Trước {{ x }}"]
    assert render() == "Trước 1" and compiles == ["Trước {{ x }}"]
    sources["page.html"] = "Sau {{ x }}"
    assert render() == "Sau 1" and compiles == ["Trước {{ x }}", "Sau {{ x }}"]


def wait_until(condition, seconds: float) -> bool:
    """Ask ``condition`` ten times a second until it holds (True) or ``seconds`` have passed (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class Preview:
    """A real `mkdocs serve --dirty` in a child process on a free localhost port; its terminal read as it comes."""

    def __init__(self, site_dir, *options: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}",
                                         "-f", str(site_dir.config_file()), *options], cwd=site_dir.root,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._lines: list[str] = []
        self._reader = threading.Thread(target=lambda: self._lines.extend(self.process.stderr), daemon=True)
        self._reader.start()

    @property
    def output(self) -> str:
        """What the preview has printed so far (MkDocs logs to stderr)."""
        return "".join(self._lines)

    def builds(self) -> int:
        """How many builds have started, the first included."""
        return self.output.count("Building documentation")

    def idle(self) -> bool:
        """Whether every build has ended: each after the first ends by reloading the browsers, failed or not."""
        return self.output.count("Reloading browsers") == self.builds() - 1

    def get(self, url: str) -> tuple[int, str]:
        """The status and text of ``url`` (relative to the site); status 0 when nothing answered in 10 s."""
        try:
            with urllib.request.urlopen(self.base + url, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except OSError:
            return 0, ""

    def shows(self, url: str, text: str) -> bool:
        return text in self.get(url)[1]

    def stop(self) -> str:
        """Stop the preview; everything it printed."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        return self.output


@contextmanager
def running_preview(site_dir, *options: str) -> Iterator[Preview]:
    """A preview of ``site_dir`` (``options`` added to ``mkdocs serve``) that has built and is serving (and so
    watching), stopped after the block."""
    preview = Preview(site_dir, *options)
    try:
        assert wait_until(lambda: "Serving on" in preview.output or preview.process.poll() is not None, 120)
        assert preview.process.poll() is None, preview.output
        yield preview
    finally:
        preview.stop()


@pytest.mark.parametrize("watcher", ["native", "polling"])
def test_a_saved_edit_shows_under_a_running_mkdocs_serve(site_dir, watcher):
    """The real `mkdocs serve --dirty`, watching with the system's file events (the default) or MkDocs' polling:
    an edit, and a bulletin in a new year's folder, each make one build."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit="so-lao-dong")
    site_dir.config_text = site_dir.config_text.replace("  - bulletins\n", f"  - bulletins:\n      watcher: {watcher}\n")
    with running_preview(site_dir, "--verbose") as preview:
        assert preview.shows("bulletins/2012/a/", "Bản tin Alpha")
        edited = site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha đã sửa", unit="so-lao-dong")
        assert wait_until(lambda: preview.shows("bulletins/2012/a/", "Bản tin Alpha đã sửa"), 30)
        assert preview.shows("don-vi/so-lao-dong/", "Bản tin Alpha đã sửa")
        (site_dir.content / "bulletins/2013").mkdir()
        added = site_dir.add("bulletins/2013/b.md", title="Bản tin Beta", unit="so-lao-dong")
        assert wait_until(lambda: preview.shows("bulletins/2013/b/", "Bản tin Beta"), 30)
        assert wait_until(preview.idle, 30)
    # The build reads every file: no read may be taken for a change (a rebuild, then another, ...). MkDocs says
    # (--verbose) each event that asks for a build: only the two saves did.
    assert set(FILE_EVENT.findall(preview.output)) <= {str(edited), str(added)}, preview.output
    assert preview.builds() == 3, preview.output
    assert "Watching paths for changes" in preview.output


# How MkDocs' server (--verbose) says a file event that asks for a build: watchdog's event, with its path.
FILE_EVENT = re.compile(r"File\w+Event\(src_path='([^']+)'")


def preview_server(site_dir, *watched: Path) -> LiveReloadServer:
    """MkDocs' preview server watching ``watched``, its builder a build of the site as ``mkdocs serve`` makes
    it; not started."""
    server = LiveReloadServer(builder=lambda: site_dir.build(command="serve"), host="127.0.0.1", port=0,
                              root=str(site_dir.root))
    for path in watched:
        server.watch(str(path))
    return server


def test_the_native_watcher_takes_over_every_watch_and_the_server_still_builds(site_dir):
    """What MkDocs watched before the plugin's ``on_serve`` is watched with file events (what they notice: the
    real server's test above), already started; the builder the server runs still builds the site."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha")
    config_file = site_dir.config_file()
    config = load_config(config_file=str(config_file))
    server = preview_server(site_dir, site_dir.content, config_file)
    server = config.plugins.on_serve(server, config=config, builder=server.builder)
    try:
        assert not isinstance(server.observer, PollingObserver) and server.observer.is_alive()
        assert {emitter.watch.raw_path for emitter in server.observer.emitters} == {str(site_dir.content),
                                                                                    str(config_file)}
        server.builder()
        assert "Bản tin Alpha" in site_dir.page("bulletins/2012/a/")
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_bulletins_markdown_and_html_are_let_go_once_its_page_is_written(site_dir):
    """MkDocs keeps every page object until the build ends; a bulletin's page need not keep its source, nor its
    HTML once the page is written."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", body="Nội dung **đậm**.")
    config = load_config(config_file=str(site_dir.config_file()))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    page = config.plugins["bulletins"].bulletin_pages["bulletins/2012/a.md"].page
    assert page.markdown is None and page.content is None
    assert "<strong>đậm</strong>" in site_dir.page("bulletins/2012/a")


def test_the_preview_keeps_polling_where_the_system_refuses_a_watch(site_dir, caplog):
    config = load_config(config_file=str(site_dir.config_file()))
    gone = site_dir.root / "gone"
    gone.mkdir()
    server = preview_server(site_dir, site_dir.content, gone)
    gone.rmdir()  # inotify refuses to watch a folder that is not there; polling waits for it
    server = config.plugins.on_serve(server, config=config, builder=server.builder)
    assert isinstance(server.observer, PollingObserver)
    assert {emitter.watch.path for emitter in server.observer.emitters} == {str(site_dir.content), str(gone)}
    assert [record.getMessage() for record in caplog.records if record.levelname == "WARNING"] == [
        "generator: the system's file events cannot watch everything ([Errno 2] No such file or directory): the "
        "preview polls for changes; write `watcher: polling` under `- bulletins:` in mkdocs.yml to go straight to "
        "polling"]
