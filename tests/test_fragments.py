"""Material's chrome rendered once per link key is byte for byte what rendering it on every page gives."""

import posixpath
import re

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO
from generator import incremental


def build_sample(site):
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def count_renders(monkeypatch) -> list[str]:
    """The names of the parts ``Fragments`` renders (not those it hands again), in a list that fills as it goes."""
    made = []
    shared_renderer = incremental.Fragments.renderer

    def counting(self, key):
        render = shared_renderer(self, key)
        return lambda name, make: render(name, lambda: made.append(name) or make())

    monkeypatch.setattr(incremental.Fragments, "renderer", counting)
    return made


def test_shared_chrome_equals_chrome_rendered_per_page(tmp_path, monkeypatch):
    made = count_renders(monkeypatch)
    shared = build_sample(tmp_path / "shared")
    # The chrome is really shared: far fewer renders than pages outside the nav times five parts.
    chrome = [name for name in made if not name.startswith("card ")]
    assert len(shared) > 50 and 0 < len(chrome) < len(shared)
    monkeypatch.setattr(incremental.Fragments, "renderer", lambda self, key: lambda name, make: make())
    per_page = build_sample(tmp_path / "per-page")
    assert shared.keys() == per_page.keys()
    assert [path for path in shared if shared[path] != per_page[path]] == []


def test_list_cards_are_shared_and_lead_to_pages(tmp_path, monkeypatch):
    """The test above also covers cards: they are parts of ``Fragments``, keyed by the page's root path."""
    made = count_renders(monkeypatch)
    site = tmp_path / "site"
    pages = build_sample(site)
    shown = sum(page.count(b'<li class="bulletin-card') for page in pages.values())
    assert 0 < sum(name.startswith("card ") for name in made) < shown  # cards really are shared
    for path, page in pages.items():
        for card in re.findall(rb'<li class="bulletin-card.*?</li>', page, re.DOTALL):
            for link in re.findall(rb'(?:href|src)="([^"]+)"', card):
                target = site / posixpath.normpath(posixpath.join(posixpath.dirname(path), link.decode()))
                assert target.is_file() or (target / "index.html").is_file(), (path, link)
