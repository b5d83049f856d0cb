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


def test_shared_chrome_equals_chrome_rendered_per_page(tmp_path, monkeypatch):
    made = []
    shared_renderer = incremental.Fragments.renderer

    def counting(self, key):
        render = shared_renderer(self, key)
        return lambda name, make: render(name, lambda: made.append(name) or make())

    monkeypatch.setattr(incremental.Fragments, "renderer", counting)
    shared = build_sample(tmp_path / "shared")
    # The chrome is really shared: far fewer renders than pages outside the nav times five parts.
    assert len(shared) > 50 and 0 < len(made) < len(shared)
    monkeypatch.setattr(incremental.Fragments, "renderer", lambda self, key: lambda name, make: make())
    per_page = build_sample(tmp_path / "per-page")
    assert shared.keys() == per_page.keys()
    assert [path for path in shared if shared[path] != per_page[path]] == []


def test_shared_cards_equal_cards_rendered_each_time_and_lead_to_pages(tmp_path, monkeypatch):
    from generator import plugin

    renders = []
    original = plugin._Cards._render
    monkeypatch.setattr(plugin._Cards, "_render", lambda self, *args: renders.append(args) or original(self, *args))
    shared = build_sample(tmp_path / "shared")
    shown = sum(page.count(b'<li class="bulletin-card') for page in shared.values())
    assert 0 < len(renders) < shown  # cards really are shared
    monkeypatch.setattr(plugin._Cards, "renderer",
                        lambda self, url: lambda item, role=None, thumbnail=False: original(
                            self, item, role, thumbnail, "/".join([".."] * len(url.strip("/").split("/")))
                            if url.strip("/") else ""))
    each_time = build_sample(tmp_path / "each-time")
    assert [path for path in shared if shared[path] != each_time[path]] == []
    for path, page in shared.items():
        for card in re.findall(rb'<li class="bulletin-card.*?</li>', page, re.DOTALL):
            for link in re.findall(rb'(?:href|src)="([^"]+)"', card):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link.decode()))
                assert (tmp_path / "shared" / target).is_file() or (tmp_path / "shared" / target / "index.html").is_file()
