import os

from generator.incremental import Fingerprints, ReadCache, digest
from generator.registry import load_registries


def test_the_cache_reads_a_file_again_only_when_it_or_a_registry_changed(site_dir):
    path = site_dir.add("bulletins/a.md", title="Một")
    registries, _ = load_registries(site_dir.content)
    cache = ReadCache()
    first, _ = cache.reader(site_dir.content)(site_dir.content, "bulletins/a.md", registries)
    again, _ = cache.reader(site_dir.content)(site_dir.content, "bulletins/a.md", registries)
    assert again is first
    site_dir.add("bulletins/a.md", title="Hai")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    edited, _ = cache.reader(site_dir.content)(site_dir.content, "bulletins/a.md", registries)
    assert edited.title == "Hai"
    units = site_dir.content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "- {id: moi, name: Mới}\n", encoding="utf-8")
    registries, _ = load_registries(site_dir.content)
    reread, _ = cache.reader(site_dir.content)(site_dir.content, "bulletins/a.md", registries)
    assert reread is not edited and reread.title == "Hai"


def test_fingerprints_tell_which_pages_changed_since_the_last_build():
    prints = Fingerprints()
    prints.next_build()
    assert prints.record("a", digest("x")) and prints.record("b", ("y", 1))
    prints.next_build()
    assert not prints.record("a", digest("x"))
    assert prints.record("b", ("y", 2))
    prints.next_build()
    assert prints.record("c", digest("x"))


def test_after_a_failed_build_every_page_is_written_again_and_gone_pages_still_go():
    prints = Fingerprints()
    prints.next_build()
    prints.record("a", "x"), prints.record("b", "y")
    prints.next_build()
    prints.record("a", "x")  # the build fails after this; "b" was deleted
    prints.invalidate()
    prints.next_build()
    assert prints.record("a", "x")
    assert prints.gone() == ["b"]


def test_fingerprints_of_a_build_that_keeps_no_values_compare_by_digest():
    """A build's process (not a preview) keeps the digests only: it compares with the stored ones and leaves the
    same digests for the next process as one that keeps the values."""
    keeping, digesting = Fingerprints(), Fingerprints()
    digesting.keep_values = False
    for prints in (keeping, digesting):
        prints.next_build()
        assert prints.record("a", ("x", 1)) and prints.record("b", ("y", 2))
    assert digesting.digests() == keeping.digests()
    stored = keeping.digests()
    again = Fingerprints()
    again.keep_values = False
    again.restore(stored)
    assert not again.record("a", ("x", 1))
    assert again.record("b", ("y", 3))
    assert again.record("c", ("z", 1))
    assert again.gone() == []
    assert set(again.digests()) == {"a", "b", "c"}
