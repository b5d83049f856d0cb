"""The built sample site in a real browser: it renders, loads nothing from outside, logs no error."""

import pytest

from conftest import WIDTHS, screenshot, serve
from test_build import MODEL, MODEL_TITLE, sample_site  # noqa: F401  (module fixture)


@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_model_article_render_at_both_widths(sample_site, page, width):  # noqa: F811
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    with serve(sample_site) as base:
        page.goto(base)
        assert page.locator("h1").first.inner_text() == "Trang chủ"
        screenshot(page, f"home-{width}")
        page.get_by_role("link", name=MODEL_TITLE).first.click()
        page.wait_for_url(f"{base}{MODEL}")
        assert page.locator("article.bulletin h1").inner_text() == MODEL_TITLE
        assert page.locator(".participant-name").count() == 4
        screenshot(page, f"bulletin-{width}")


def test_the_guard_catches_outside_requests_and_console_errors(browser, tmp_path):
    from conftest import Guard

    (tmp_path / "index.html").write_text(
        '<script src="http://fonts.example.org/x.js"></script><script>console.error("boom")</script>')
    context = browser.new_context()
    guard = Guard()
    context.route("**/*", guard.route)
    tab = context.new_page()
    tab.on("console", guard.console)
    with serve(tmp_path) as base:
        tab.goto(base)
    context.close()
    assert guard.outside == ["http://fonts.example.org/x.js"]
    assert "boom" in guard.errors
