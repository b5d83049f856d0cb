"""Material's chrome rendered once per link key is byte for byte what rendering it on every page gives.

The pages outside the nav share their chrome through the templates' ``chrome(name, make)`` calls
(``incremental.Fragments``). The same site built from a copy of the theme whose every such call is made in place,
``make()``, as Material's own templates render it, is the reference: nothing of ours is replaced.
"""

import posixpath
import re
import shutil

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO

CHROME_CALL = re.compile(r'chrome\("\w+", (\w+)\)')


def build_sample(site, custom_dir=REPO / "theme"):
    theme = {"name": "material", "custom_dir": str(custom_dir), "language": "vi", "font": False,
             "features": ["navigation.tabs"]}
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site), theme=theme)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def rendered_in_place(theme) -> int:
    """Rewrite the theme at ``theme`` so that every part is rendered on its page; how many calls were shared."""
    calls = 0
    for template in theme.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        in_place, count = CHROME_CALL.subn(r"\1()", text)
        template.write_text(in_place, encoding="utf-8")
        calls += count
    return calls


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    site = tmp_path_factory.mktemp("shared") / "site"
    return site, build_sample(site)


def test_the_sample_site_is_the_same_with_chrome_rendered_on_every_page(shared, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    assert rendered_in_place(theme) == 9  # every part main.html and the header share
    assert "chrome(" not in "".join(path.read_text(encoding="utf-8") for path in theme.rglob("*.html"))
    _, pages = shared
    per_page = build_sample(tmp_path / "per-page", theme)
    assert len(pages) > 50 and pages.keys() == per_page.keys()
    assert [path for path in pages if pages[path] != per_page[path]] == []


def test_list_cards_lead_to_pages_from_every_depth(shared):
    """Cards are shared by every page, their links written from a mark each page replaces with its path to the
    site root."""
    site, pages = shared
    cards = 0
    for path, page in pages.items():
        assert b"\0" not in page, path
        for card in re.findall(rb'<li class="bulletin-card.*?</li>', page, re.DOTALL):
            cards += 1
            for link in re.findall(rb'(?:href|src)="([^"]+)"', card):
                target = site / posixpath.normpath(posixpath.join(posixpath.dirname(path), link.decode()))
                assert target.is_file() or (target / "index.html").is_file(), (path, link)
    assert cards > 100
