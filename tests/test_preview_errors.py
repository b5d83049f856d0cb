"""The preview never hangs: a broken bulletin's address shows its problems, a broken registry answers every
address with its own, the terminal says each problem once; and the pages themselves (escaped, self-contained). All
of it in Vietnamese when BULLETINS_LANG is not set, as editors run it."""

import html
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from markupsafe import escape

from conftest import UNITS, Guard
from generator.errors import ContentError, Problem, Severity
from generator.preview import PreviewBuilds, SaidOnce, bulletin_error_page, stopped_page
from generator.site import load_site
from generator.vietnamese import VIETNAM
from test_serve import running_preview, wait_until

WRONG_UNIT = "Đảng ủy Khối Doanh nghiep"  # the registry writes "nghiệp"
BROKEN_UNITS = "- id: dang-uy-khoi\n  name: [Đảng ủy Khối\n"  # a flow list never closed
SOON = 15  # seconds: a save shows in one or two; the machine is shared


def add_two(site_dir):
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit="so-lao-dong")
    site_dir.add("bulletins/2012/b.md", title="Bản tin Beta", unit="chi-bo-hoa-binh")


def check_problems(site_dir, path: str) -> list[Problem]:
    """The errors `bulletins check` finds in the file at ``path``: the page must carry the same."""
    try:
        load_site(site_dir.content, datetime.now(VIETNAM), include_unpublished=True)
    except ContentError as error:
        return [problem for problem in error.problems if problem.is_error and problem.path == path]
    return []


def carries(page: str, problem: Problem) -> bool:
    """The page names the problem's file, line and field, says what is wrong and what to do."""
    where = (f"<code>{escape(problem.path)}</code>, line {problem.line}, field <code>{escape(problem.field)}</code>")
    return (where in page and f"<p>{escape(problem.message)}</p>" in page
            and f"What to do: {escape(problem.hint)}" in page)


def test_a_broken_bulletin_shows_its_problems_at_its_address_while_the_rest_keeps_working(site_dir):
    add_two(site_dir)
    with running_preview(site_dir) as preview:
        saved = time.monotonic()
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
        assert wait_until(lambda: preview.shows("bulletins/2012/a/", "This bulletin has errors"), SOON), preview.output
        shown_after = time.monotonic() - saved
        status, page = preview.get("bulletins/2012/a/")
        [problem] = check_problems(site_dir, "bulletins/2012/a.md")
        assert status == 200 and carries(page, problem), page
        assert "<code>bulletins/2012/a.md</code>, line 4, field <code>unit</code>" in page
        assert "Đảng ủy Khối Doanh nghiệp" in page  # what to do: the unit's registered name
        assert preview.get("bulletins/2012/b/")[0] == 200 and preview.shows("bulletins/2012/b/", "Bản tin Beta")
        assert not preview.shows("", "Bản tin Alpha")  # listed nowhere while it is broken
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha đã sửa", unit="so-lao-dong")
        assert wait_until(lambda: preview.shows("bulletins/2012/a/", "Bản tin Alpha đã sửa"), SOON)
        assert preview.shows("", "Bản tin Alpha đã sửa")
    assert shown_after < SOON


def test_a_broken_registry_answers_every_address_with_its_problem_until_fixed(site_dir):
    add_two(site_dir)
    with running_preview(site_dir) as preview:
        units = site_dir.write("units.yml", BROKEN_UNITS)
        assert wait_until(lambda: preview.get("")[0] == 503, SOON), preview.output
        [problem] = check_problems(site_dir, "units.yml")
        for url in ("", "bulletins/2012/b/", "don-vi/", "no-such-page/", "assets/stylesheets/bulletins.css"):
            status, page = preview.get(url)
            assert status == 503 and "The preview has stopped" in page, url
            assert f"<code>units.yml</code>, line {problem.line}, field <code>file</code>" in page, url
            assert f"<p>{escape(problem.message)}</p>" in page, url
        units.write_text(UNITS, encoding="utf-8")
        assert wait_until(lambda: preview.get("bulletins/2012/b/")[0] == 200, SOON), preview.output
        assert preview.shows("bulletins/2012/b/", "Bản tin Beta")


def test_the_terminal_says_each_problem_once_across_saves(site_dir):
    add_two(site_dir)
    with running_preview(site_dir) as preview:
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
        assert wait_until(lambda: preview.shows("bulletins/2012/a/", "This bulletin has errors"), SOON)
        [bulletin_problem] = check_problems(site_dir, "bulletins/2012/a.md")
        for title in ("Bản tin Beta 2", "Bản tin Beta 3"):  # saves of another file: builds that meet it again
            site_dir.add("bulletins/2012/b.md", title=title, unit="chi-bo-hoa-binh")
            assert wait_until(lambda: preview.shows("bulletins/2012/b/", title), SOON)  # noqa: B023
        units = site_dir.write("units.yml", BROKEN_UNITS)
        assert wait_until(lambda: preview.get("")[0] == 503, SOON)
        [registry_problem] = check_problems(site_dir, "units.yml")
        builds = preview.builds()
        site_dir.add("bulletins/2012/b.md", title="Bản tin Beta 4", unit="chi-bo-hoa-binh")  # still stopped
        assert wait_until(lambda: preview.builds() > builds and preview.idle(), SOON)
        assert preview.get("bulletins/2012/b/")[0] == 503
        units.write_text(UNITS, encoding="utf-8")
        assert wait_until(lambda: preview.shows("bulletins/2012/b/", "Bản tin Beta 4"), SOON)
    output = preview.output
    assert output.count(str(bulletin_problem)) == 1, output
    assert output.count(str(registry_problem)) == 1, output


def test_an_address_two_files_claim_shows_the_clash_instead_of_either(site_dir):
    """In the preview (a build of `mkdocs serve`): neither bulletin is shown while both claim the address."""
    site_dir.add("bulletins/2013/dang-uy.md", title="Bản tin thứ nhất")
    site_dir.add("bulletins/2013/Đảng ủy.md", title="Bản tin thứ hai")
    site_dir.build(command="serve")
    page = site_dir.page("bulletins/2013/dang-uy/")
    assert "<code>bulletins/2013/Đảng ủy.md</code>, line 1, field <code>file</code>" in page
    assert "would be published at /bulletins/2013/dang-uy/, like bulletins/2013/dang-uy.md" in page
    assert "Bản tin thứ" not in site_dir.page("")


def test_a_published_bulletin_under_review_is_an_error_in_the_preview_too(site_dir):
    site_dir.add("bulletins/2013/imported.md", title="Bản tin chưa duyệt", review=["unit so-lao-dong: guessed"])
    [problem] = check_problems(site_dir, "bulletins/2013/imported.md")
    site_dir.build(command="serve")
    page = site_dir.page("bulletins/2013/imported/")
    assert carries(page, problem) and "field <code>review</code>" in page
    assert "Bản tin chưa duyệt" not in site_dir.page("")


HOSTILE = Problem('bulletins/<img src=x onerror=alert(1)>.md', 4, "unit", 'unknown unit "<script>alert(1)</script>"',
                  'write "&amp;" as <b>&</b>')


def test_the_error_page_escapes_what_the_content_says_and_loads_nothing():
    for page in (bulletin_error_page([HOSTILE], "bulletins/x/"), stopped_page("<i>stopped</i>", [HOSTILE])):
        assert "<script>alert" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&amp;amp;" in page
        assert re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', page) in ([], ["../../"])
        assert "http" not in page and "@import" not in page and "url(" not in page


def test_the_error_page_is_an_accessible_document_in_the_readers_language():
    warning = Problem("bulletins/a.md", 6, "colour", "unknown field, ignored", "remove it", Severity.WARNING)
    page = bulletin_error_page([warning, HOSTILE], "bulletins/2012/a/")
    assert page.startswith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert '<meta name="viewport"' in page and "<title>Errors in bulletins/" in page
    assert page.count("<main>") == 1 and page.count("<h1>") == 1
    assert '<a href="../../../">go to the home page</a>' in page
    items = re.findall(r'<li class="(\w+)">\n<p><strong>(\w+)</strong>', page)
    assert items == [("error", "Error"), ("warning", "Warning")]  # errors first
    assert html.unescape(page).count("What to do: ") == 2


# --- in Vietnamese, the editors' language: BULLETINS_LANG taken away, as an editor's shell has it ------------

WRONG_UNIT_VI = 'không có đơn vị nào tên "Đảng ủy Khối Doanh nghiep"'
WRONG_UNIT_HINT_VI = ('có phải bạn muốn viết "Đảng ủy Khối Doanh nghiệp", "Đảng ủy Khối" hoặc "Đảng ủy Khối Cơ quan Dân '
                      'Chính Đảng"? Hãy ghi mã (id), tên hoặc tên khác của một đơn vị trong units.yml, hoặc thêm đơn '
                      "vị vào đó")
WHERE_VI = "tệp <code>bulletins/2012/a.md</code>, dòng 4, trường <code>unit</code>"


def test_the_error_page_and_the_stopped_page_speak_vietnamese_by_default(site_dir, monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
    [problem] = check_problems(site_dir, "bulletins/2012/a.md")
    page = html.unescape(bulletin_error_page([problem], "bulletins/2012/a/"))
    assert page.startswith('<!doctype html>\n<html lang="vi">\n')
    assert "<title>Lỗi trong bulletins/2012/a.md</title>" in page and "<h1>Bản tin này có lỗi</h1>" in page
    assert f"<p><strong>Lỗi</strong>: {WHERE_VI}</p>\n<p>{WRONG_UNIT_VI}</p>\n" in page
    assert f"<p>Cách sửa: {WRONG_UNIT_HINT_VI}</p>" in page
    assert '<a href="../../../">về trang chủ</a>' in page
    stopped = stopped_page("", [problem])
    assert stopped.startswith('<!doctype html>\n<html lang="vi">\n') and "<h1>Bản xem trước đã tạm dừng</h1>" in stopped


def test_a_preview_started_without_the_variable_shows_the_vietnamese_page(site_dir, monkeypatch):
    """The real `mkdocs serve`, whose process inherits the environment without BULLETINS_LANG."""
    monkeypatch.delenv("BULLETINS_LANG")
    add_two(site_dir)
    with running_preview(site_dir) as preview:
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
        # The saved file's problem, not only an error page: a rebuild may have read the file half-written.
        shown = wait_until(lambda: preview.shows("bulletins/2012/a/", WHERE_VI), SOON)
        assert shown, preview.output
        status, page = preview.get("bulletins/2012/a/")
    assert status == 200 and '<html lang="vi">' in page and "<h1>Bản tin này có lỗi</h1>" in page
    assert f"bulletins/2012/a.md:4: unit: {WRONG_UNIT_VI} ({WRONG_UNIT_HINT_VI})" in preview.output


def test_a_failed_build_says_why_in_vietnamese_by_default(site_dir, monkeypatch):
    monkeypatch.delenv("BULLETINS_LANG")
    site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(site_dir.config_file())],
                            cwd=site_dir.root, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"ERROR   -  generator: bulletins/2012/a.md:4: unit: {WRONG_UNIT_VI} ({WRONG_UNIT_HINT_VI})" in lines
    assert "ERROR   -  bulletins: nội dung có 1 lỗi: phải sửa xong thì mới dựng được trang" in lines


def test_each_problem_is_said_once_until_a_build_is_without_it():
    first, second = (Problem("bulletins/a.md", line, "unit", "unknown unit") for line in (3, 4))
    said = SaidOnce()
    said.next_build()
    assert said.new([first]) == [first] and said.new([first, second]) == [second]
    said.next_build()
    assert said.new([first, second]) == []
    said.next_build()
    assert said.new([second]) == []
    said.build_failed()  # a failed build that never met `first`: it stays said
    said.next_build()
    assert said.new([first]) == []
    said.next_build()  # a build without `first`, then one with it again
    said.next_build()
    assert said.new([first]) == [first]


def test_after_a_failed_build_every_address_but_live_reload_gets_the_page():
    """``PreviewBuilds`` with a stand-in for MkDocs' WSGI application and builder (the real server: above)."""
    builds, asked, answers = PreviewBuilds(), [], []

    def mkdocs(environ, start_response):
        asked.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"site"]

    def fail():
        raise ValueError("units.yml is broken")

    app = builds.app(mkdocs)
    answer = lambda path: app({"PATH_INFO": path}, lambda status, headers: answers.append((status, dict(headers))))  # noqa: E731
    assert answer("/don-vi/") == [b"site"]
    builds.builder(fail, lambda error: f"<p>{error}</p>")()  # raises nothing
    assert answer("/don-vi/") == answer("/x.css") == [b"<p>units.yml is broken</p>"]
    assert answer("/livereload/1/2") == [b"site"]
    builds.builder(lambda: None, str)()
    assert answer("/don-vi/") == [b"site"]
    assert asked == ["/don-vi/", "/livereload/1/2", "/don-vi/"]
    status, headers = answers[1]
    assert status == "503 Service Unavailable" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Length"] == str(len(b"<p>units.yml is broken</p>"))


def test_an_open_tab_follows_the_content_breaking_and_mended_without_a_reload(site_dir, browser):
    """In a browser: MkDocs' live reload brings the tab to the error page and back; the stopped page's own script
    waits for a good build the same way. The tab loads nothing from elsewhere, and the only console errors are the
    stopped page's own status, 503."""
    add_two(site_dir)
    context = browser.new_context(locale="vi-VN")
    guard = Guard()
    context.route("**/*", guard.route)
    tab = context.new_page()
    tab.on("console", guard.console)
    tab.on("pageerror", lambda error: guard.errors.append(str(error)))

    def heading(name: str) -> None:
        tab.get_by_role("heading", name=name).wait_for(timeout=SOON * 1000)

    with running_preview(site_dir) as preview:
        tab.goto(preview.base + "bulletins/2012/a/")
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha", unit=WRONG_UNIT)
        heading("This bulletin has errors")
        site_dir.add("bulletins/2012/a.md", title="Bản tin Alpha đã sửa", unit="so-lao-dong")
        heading("Bản tin Alpha đã sửa")
        units = site_dir.write("units.yml", BROKEN_UNITS)
        heading("The preview has stopped")
        units.write_text(UNITS, encoding="utf-8")
        heading("Bản tin Alpha đã sửa")
        context.close()  # before the server stops: its live-reload request would be cut
    assert guard.outside == []
    assert set(guard.errors) <= {"Failed to load resource: the server responded with a status of 503 "
                                 "(Service Unavailable)"}, guard.errors
