"""Emptying site/ before a full build: old files go, hidden ones stay, nothing is left behind."""

from pathlib import Path

from generator.sitedir import TRASH_PREFIX, Sweeper


def test_sweep_empties_the_folder_but_keeps_hidden_entries(tmp_path):
    site = tmp_path / "site"
    (site / "don-vi/x").mkdir(parents=True)
    (site / "don-vi/x/index.html").write_text("old")
    (site / "feed.xml").write_text("old")
    (site / ".nojekyll").write_text("")
    (site / f"{TRASH_PREFIX}stopped-build/a").mkdir(parents=True)  # an earlier build killed mid-sweep
    sweeper = Sweeper(site)
    sweeper.start()
    assert sorted(path.name for path in site.iterdir() if not path.name.startswith(TRASH_PREFIX)) == [".nojekyll"]
    sweeper.finish()
    assert [path.name for path in site.iterdir()] == [".nojekyll"]


def test_a_sweep_of_a_missing_folder_leaves_what_the_build_writes_next(tmp_path):
    """A first build has no site/: MkDocs makes it while the sweep would be running."""
    site = tmp_path / "site"
    sweeper = Sweeper(site)
    sweeper.start()
    (site / "don-vi").mkdir(parents=True)
    (site / "index.html").write_text("new")
    sweeper.finish()
    assert sorted(path.name for path in site.iterdir()) == ["don-vi", "index.html"]


def test_a_full_build_replaces_the_previous_output(site_dir):
    site_dir.add("bulletins/2013/cu.md", title="Bài cũ")
    site = site_dir.build()
    (site / ".nojekyll").write_text("")
    (site_dir.content / "bulletins/2013/cu.md").unlink()
    site_dir.add("bulletins/2013/moi.md", title="Bài mới")
    site_dir.build()
    assert not (site / "bulletins/2013/cu").exists()
    assert "Bài mới" in site_dir.page("bulletins/2013/moi/")
    assert (site / ".nojekyll").exists()
    assert not [path for path in site.iterdir() if path.name.startswith(TRASH_PREFIX)]
    assert Path(site / "pagefind/pagefind.js").is_file()


def test_a_sweep_keeps_the_entries_it_is_told_to(tmp_path):
    site = tmp_path / "site"
    (site / "pagefind/2024-abc").mkdir(parents=True)
    (site / "pagefind/2024-abc/index").write_text("part")
    (site / "index.html").write_text("old")
    sweeper = Sweeper(site, keep=("pagefind",))
    sweeper.start()
    sweeper.finish()
    assert [path.relative_to(site).as_posix() for path in sorted(site.rglob("*"))] == [
        "pagefind", "pagefind/2024-abc", "pagefind/2024-abc/index"]
