"""Material's chrome rendered once per link key is byte for byte what rendering it on every page gives."""

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
