"""Material's chrome rendered once per link key is byte for byte what rendering it on every page gives."""

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO
from generator import incremental


def build_sample(site):
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in site.rglob("*.html")}


def test_shared_chrome_equals_chrome_rendered_per_page(tmp_path, monkeypatch):
    shared = build_sample(tmp_path / "shared")
    monkeypatch.setattr(incremental.Fragments, "renderer", lambda self, key: lambda name, make: make())
    per_page = build_sample(tmp_path / "per-page")
    assert len(shared) > 50 and shared.keys() == per_page.keys()
    assert [path for path in shared if shared[path] != per_page[path]] == []
