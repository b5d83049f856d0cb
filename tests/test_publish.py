"""`publish`: a failed publish leaves the live site exactly as it was; a good one swaps it in."""

import fcntl
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.publish import PublishError, Step, _files, broken_links, page_links, publish


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def live(site_dir, tmp_path):
    """A site published once to DEST."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin đầu")
    dest = tmp_path / "www" / "bantin"
    publish(site_dir.config_file(), dest, log=lambda message: None)
    return dest


def test_the_first_publish_keeps_a_copy_of_hard_links_for_the_next_to_start_from(live):
    previous = live.with_name("bantin.previous")
    assert snapshot(previous) == snapshot(live)
    assert all(path.stat().st_ino == (live / path.relative_to(previous)).stat().st_ino
               for path in previous.rglob("*") if path.is_file())


def test_publish_swaps_the_new_site_in_and_keeps_the_previous(site_dir, live):
    assert "Bản tin đầu" in (live / "index.html").read_text(encoding="utf-8")
    site_dir.add("bulletins/2013/b.md", title="Bản tin hai")
    publish(site_dir.config_file(), live, log=lambda message: None)
    assert "Bản tin hai" in (live / "index.html").read_text(encoding="utf-8")
    previous = live.with_name("bantin.previous")
    assert "Bản tin hai" not in (previous / "index.html").read_text(encoding="utf-8")
    assert sorted(path.name for path in live.parent.iterdir()) == ["bantin", "bantin.lock", "bantin.previous"]


@pytest.mark.parametrize("break_it, step, words", [
    (lambda s: s.add("bulletins/2013/c.md", unit="không có"), Step.CHECK, 'bulletins/2013/c.md:4: unit: unknown unit "không có"'),
    (lambda s: s.add("bulletins/2013/c.md", body="Xem [bài cũ](../../2011/khong-co/) và ![ảnh](../anh.png)."),
     Step.LINKS, "bulletins/2013/c/index.html: ../../2011/khong-co/"),
    (lambda s: setattr(s, "config_text", s.config_text.replace("name: material", "name: no-such-theme")),
     Step.BUILD, "mkdocs build failed"),
])
def test_a_failed_publish_leaves_the_live_site_byte_for_byte(site_dir, live, break_it, step, words):
    before = snapshot(live)
    break_it(site_dir)
    with pytest.raises(PublishError) as error:
        publish(site_dir.config_file(), live, log=lambda message: None)
    assert error.value.step is step
    assert words in str(error.value)
    assert snapshot(live) == before
    assert sorted(path.name for path in live.parent.iterdir() if ".new-" in path.name) == []  # nothing left


def test_the_link_check_names_page_and_link(site_dir, live):
    site_dir.add("bulletins/2013/c.md", body="![ảnh](../anh.png)")
    with pytest.raises(PublishError) as error:
        publish(site_dir.config_file(), live, log=lambda message: None)
    assert "bulletins/2013/c/index.html: ../anh.png" in str(error.value)


def test_two_publishes_at_once_are_refused(site_dir, live):
    with open(live.with_name("bantin.lock"), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(PublishError) as error:
            publish(site_dir.config_file(), live, log=lambda message: None)
    assert error.value.step is Step.LOCKED and "another publish" in str(error.value)


def test_broken_links_on_a_small_tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<a href="../b/">b</a><a href="../c/">c</a><img src="x.png">'
                                           '<a href="https://example.org/">out</a><a href="#top">top</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b/index.html").write_text('<a href="/a/">a</a>')
    assert broken_links(tmp_path) == ["a/index.html: ../c/", "a/index.html: x.png"]


def publish_command(*args, cwd):
    return subprocess.run([str(Path(sys.executable).parent / "bulletins"), "publish", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def test_the_publish_command_says_which_step_failed_in_its_exit_code(site_dir, tmp_path):
    site_dir.add("bulletins/2012/a.md", title="Bản tin đầu")
    site_dir.config_file()
    dest = tmp_path / "www" / "bantin"
    first = publish_command(dest, cwd=site_dir.root)  # --config defaults to ./mkdocs.yml
    assert (first.returncode, first.stdout) == (0, f"Published {dest}\n"), first.stderr
    assert "Bản tin đầu" in (dest / "index.html").read_text(encoding="utf-8")
    before = snapshot(dest.parent)
    site_dir.add("bulletins/2013/c.md", unit="không có")
    refused = publish_command(dest, "--config", site_dir.config_file(), cwd=tmp_path)
    assert refused.returncode == 3
    assert refused.stderr.startswith(f"publish: the check failed, {dest} is unchanged: the content has errors:\n"
                                     'bulletins/2013/c.md:4: unit: unknown unit "không có"')
    missing = publish_command(dest, "--config", "nowhere.yml", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (3, f"publish: the check failed, {dest} is unchanged: nowhere.yml: "
                                                        "cannot be read (No such file or directory)\n")
    with open(dest.with_name("bantin.lock"), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        locked = publish_command(dest, cwd=site_dir.root)
    assert locked.returncode == 7 and "another publish to" in locked.stderr
    assert snapshot(dest.parent) == before
    usage = publish_command(cwd=site_dir.root)
    assert usage.returncode == 2 and "Missing argument 'DEST'" in usage.stderr
    assert "Traceback" not in first.stderr + refused.stderr + missing.stderr + locked.stderr + usage.stderr


class _Reference(HTMLParser):
    """Python's HTML parser, the reference ``page_links`` must agree with."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
        self.links += [value for key, value in attrs if key == wanted.get(tag) and value]


def reference_links(html: str) -> list[str]:
    parser = _Reference()
    parser.feed(html)
    parser.close()
    return parser.links


@pytest.mark.parametrize("html", [
    '<a href="x/">x</a><A HREF=\'y/\'>y</A><a href=z/>z</a><a title="t" href = "w.html">w</a>',
    '<img alt="a > b" src="hinh.png"><img src=""><img>',
    '<a href="/tim-kiem/?q=1&amp;nam=2012">e</a><a href="a&#39;b">f</a>',
    '<!-- <a href="bo-qua/">c</a> --><a href="giu/">g</a>',
    '<script>var s = \'<a href="trong-script/">\';</script><script src="js/a.js"></script>',
    '<style>a[href="trong-style/"]{}</style><link rel="stylesheet" href="css/a.css">',
    '<a href="mot/" href="hai/">hai thuộc tính</a><a\nhref="dong-moi/"\n>x</a><abbr href="khong/">y</abbr>',
    '<source src="v.webm"><iframe src="khung/"></iframe><SCRIPT SRC="hoa.js"></SCRIPT>',
])
def test_page_links_reads_markup_as_pythons_parser(html):
    assert page_links(html) == reference_links(html)


def test_page_links_agree_with_pythons_parser_on_every_built_page(site_dir):
    """Every page of a real build: bulletins, listings, feeds' links, Material's scripts and the search page."""
    site_dir.add("bulletins/2012/a.md", title="Bản tin có <ký tự> & liên kết", body="[một](../b/) và ![ảnh](x.png)")
    site = site_dir.build()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert page_links(html) == reference_links(html), path


def test_the_link_check_lists_files_as_os_walk_does(tmp_path):
    """Files at every depth, symbolic links to files (even broken ones) counted as files, links to folders
    neither counted nor followed."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "index.html").write_text("x")
    (tmp_path / "goc.html").write_text("x")
    (tmp_path / "a" / "tep-lien-ket").symlink_to(tmp_path / "goc.html")
    (tmp_path / "a" / "lien-ket-hong").symlink_to(tmp_path / "khong-co")
    (tmp_path / "thu-muc-lien-ket").symlink_to(tmp_path / "a")
    walked = {os.path.relpath(os.path.join(folder, name), tmp_path)
              for folder, _folders, names in os.walk(tmp_path) for name in names}
    assert _files(tmp_path) == walked == {"goc.html", "a/b/index.html", "a/tep-lien-ket", "a/lien-ket-hong"}


def test_content_errors_stop_a_republish_before_it_touches_the_previous_site(site_dir, live):
    """The build starts at once, but publish copies the live site into its folder (from DEST.previous) only once the
    content is checked: a content error leaves DEST and DEST.previous as they were, and no build behind."""
    site_dir.add("bulletins/2013/b.md", title="Bản tin hai")
    publish(site_dir.config_file(), live, log=lambda message: None)
    before = snapshot(live.parent)
    assert any(name.startswith("bantin.previous/") for name in before)
    site_dir.add("bulletins/2013/c.md", unit="không có")
    with pytest.raises(PublishError) as error:
        publish(site_dir.config_file(), live, log=lambda message: None)
    assert error.value.step is Step.CHECK
    assert snapshot(live.parent) == before


def test_a_build_told_to_wait_for_its_folder_stops_if_publish_goes_away(site_dir):
    """What the build does when the publish that started it ends without saying the folder is ready."""
    waiting, ready = os.pipe()
    os.close(ready)
    site = site_dir.root / "moi"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-q", "-f",
                             str(site_dir.config_file()), "-d", str(site)],
                            cwd=site_dir.root, capture_output=True, text=True, pass_fds=(waiting,),
                            env={**os.environ, "BULLETINS_OUTPUT_READY_FD": str(waiting), "NO_MKDOCS_2_WARNING": "1"})
    os.close(waiting)
    assert result.returncode != 0
    assert "bulletins publish stopped before the output folder was ready" in result.stderr
    assert not site.exists()
