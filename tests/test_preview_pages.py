"""The preview's pages and its builds, called directly (generator/preview.py): every line of a page as the editor
reads it, where its home link leads from each address, the terminal's order of new problems, and requests that
come while a build runs. Fast, with no server: tests/test_preview_errors.py shows the same under `mkdocs serve`."""

import threading

import pytest

from generator.errors import Problem, Severity
from generator.preview import PreviewBuilds, SaidOnce, bulletin_error_page, stopped_page

MISSING_TITLE = Problem("bulletins/b.md", 2, "title", "missing")
UNKNOWN_FIELD = Problem("bulletins/a.md", 6, "colour", "unknown field, ignored", "remove it", Severity.WARNING)
WAITING = 0.5  # seconds a request is given to answer when it should be waiting instead


def split_page(page: str) -> tuple[str, str, str]:
    """The page before its style, the style, and the page after it."""
    head, rest = page.split("<style>\n", 1)
    style, body = rest.split("\n</style>\n", 1)
    return head, style, body


def test_the_error_page_lists_errors_first_each_in_its_parts():
    head, style, body = split_page(bulletin_error_page([UNKNOWN_FIELD, MISSING_TITLE], "bulletins/2012/x/"))
    assert head == ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                    '<meta name="robots" content="noindex">\n'
                    "<title>Errors in bulletins/a.md, bulletins/b.md</title>\n")
    assert "li.warning{" in style and "<" not in style
    assert body == (
        "</head>\n<body>\n<main>\n<h1>This bulletin has errors</h1>\n"
        "<p>The preview shows this page instead of the bulletin until its file is fixed. Correct each problem below "
        "and save the file: the bulletin comes back by itself.</p>\n"
        '<p>Every other page of the preview still works: <a href="../../../">go to the home page</a>.</p>\n'
        "<ol>\n"
        '<li class="error">\n<p><strong>Error</strong>: file <code>bulletins/b.md</code>, line 2, field '
        "<code>title</code></p>\n<p>missing</p>\n</li>\n"
        '<li class="warning">\n<p><strong>Warning</strong>: file <code>bulletins/a.md</code>, line 6, field '
        "<code>colour</code></p>\n<p>unknown field, ignored</p>\n<p>What to do: remove it</p>\n</li>\n"
        "</ol>\n</main>\n</body>\n</html>\n")


@pytest.mark.parametrize(("url", "home"), [
    ("", "./"), ("/", "./"), ("x/", "../"), ("XX/", "../"), ("/bulletins/x/", "../../"),
    ("bulletins/2012/a", "../../../"),
])
def test_the_home_link_leads_from_the_bulletins_address_to_the_sites_root(url, home):
    assert f'<a href="{home}">go to the home page</a>' in bulletin_error_page([MISSING_TITLE], url)


def test_the_stopped_page_says_its_cause_and_reloads_once_built_again():
    head, _style, body = split_page(stopped_page("units.yml: broken\nline 2", [MISSING_TITLE]))
    assert head.endswith("<title>The preview has stopped</title>\n")
    lead = ("<p>No page can be built until this is fixed. Correct it and save the file: this page reloads by itself "
            "when the preview has built again.</p>\n")
    assert body.startswith("</head>\n<body>\n<main>\n<h1>The preview has stopped</h1>\n" + lead
                           + '<p><span class="cause">units.yml: broken\nline 2</span></p>\n<ol>\n<li class="error">')
    script = body.split("</ol>\n</main>\n<script>\n", 1)[1]
    assert script.startswith("(function () {\n") and script.endswith("})();\n</script>\n</body>\n</html>\n")
    assert 'ask("/livereload/0/0")' in script


def test_a_stopped_page_without_cause_or_problems_has_the_lead_alone():
    body = split_page(stopped_page(""))[2]
    assert body.startswith("</head>\n<body>\n<main>\n<h1>The preview has stopped</h1>\n<p>No page can be built ")
    assert "<ol>" not in body and "cause" not in body
    assert body.count("<p>") == 1 and "</p>\n</main>\n<script>\n(function" in body


def test_the_error_page_reloads_nothing_by_itself():
    assert "<script" not in bulletin_error_page([MISSING_TITLE], "bulletins/b/")


def test_new_problems_are_said_in_the_order_of_their_files_and_lines():
    later, earlier = Problem("bulletins/b.md", 2, "unit", "unknown unit"), Problem("bulletins/b.md", 1, "x", "y")
    said = SaidOnce()
    assert said.new([later, UNKNOWN_FIELD, earlier]) == [UNKNOWN_FIELD, earlier, later]


def test_problems_said_in_one_build_stay_said_at_the_next():
    """Each file's problems are asked for apart: every one said in a build counts, failed or not."""
    said = SaidOnce()
    assert said.new([MISSING_TITLE]) == [MISSING_TITLE] and said.new([UNKNOWN_FIELD]) == [UNKNOWN_FIELD]
    said.next_build()
    assert said.new([MISSING_TITLE, UNKNOWN_FIELD]) == []
    said.next_build()
    broken = Problem("units.yml", 1, "file", "not YAML")
    assert said.new([broken]) == [broken]
    said.build_failed()  # stopped after meeting `broken` only
    said.next_build()
    assert said.new([broken, MISSING_TITLE]) == []


def stand_in_for_mkdocs(environ, start_response):
    start_response("200 OK", [])
    return [b"site"]


def test_requests_during_a_build_wait_for_its_end_and_then_get_its_page():
    builds, answers, release = PreviewBuilds(), {}, threading.Event()
    app = builds.app(stand_in_for_mkdocs)

    def fail_when_released():
        release.wait()
        raise OSError("units.yml: cannot be read")

    def ask(path: str) -> None:
        answers[path] = app({"PATH_INFO": path}, lambda status, headers: None)

    build = threading.Thread(target=builds.builder(fail_when_released, lambda error: f"<p>{error}</p>"))
    build.start()
    requests = [threading.Thread(target=ask, args=(path,)) for path in ("/", "/don-vi/")]
    for request in requests:
        request.start()
    for request in requests:
        request.join(WAITING)
        assert request.is_alive()  # still waiting: the build has not ended
    release.set()
    for thread in (build, *requests):
        thread.join()
    assert answers == {"/": [b"<p>units.yml: cannot be read</p>"], "/don-vi/": [b"<p>units.yml: cannot be read</p>"]}


def test_the_stopped_page_goes_out_whole_and_is_never_cached():
    builds, answered = PreviewBuilds(), []
    page = "<p>Bản xem trước đã tạm dừng</p>"
    builds.builder(lambda: 1 / 0, lambda error: page)()
    root = {}  # PEP 3333 lets a server leave out an empty PATH_INFO: the address of the application's root
    body = builds.app(stand_in_for_mkdocs)(root, lambda status, headers: answered.append((status, headers)))
    assert body == [page.encode()]
    assert answered == [("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Cache-Control", "no-store"),
                                                     ("Content-Length", str(len(page.encode())))])]
