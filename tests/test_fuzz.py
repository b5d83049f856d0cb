"""Fuzzing the readers: the only outcomes allowed are a value or our own error naming file and field."""

import html
import re
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.content import read_bulletin
from generator.errors import Problem
from generator.importer import FeedImporter, Fetched, Outcome, SourceError, read_feed
from generator.registry import load_registries
from generator.vietnamese import DateError, format_date, local, nfc, parse_date

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_words = st.sampled_from(["title", "date", "unit", "topics", "participants", "draft", "author", "image",
                              "source", "summary", "name", "role", "id", "parent", "aliases", ":", "-", "- ",
                              "---", "\n", "  ", "[", "]", "{", "}", ",", "'", '"', "&a", "*a", "!!python/object",
                              "2012-11-12", "12/11/2012 - 14:49", "Đảng ủy Khối", "dang-uy-khoi", "true", "null",
                              "#", "|", ">", "\t", "\ufeff", "\r\n", "..", "/etc/passwd", "javascript:x"])
yamlish = st.lists(st.one_of(yaml_words, st.text(max_size=8)), max_size=40).map("".join)
raw_bytes = st.binary(max_size=300)


def assert_problems(problems, name):
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == name and problem.line >= 1 and problem.field and problem.message


@FUZZ
@given(st.one_of(yamlish.map(lambda text: ("---\n" + text + "\n---\nNội dung\n").encode()),
                 yamlish.map(str.encode), raw_bytes))
def test_front_matter_reader(site_dir, data):
    site_dir.write("bulletins/x.md", data)
    registries, _ = load_registries(site_dir.content)
    bulletin, problems = read_bulletin(site_dir.content, "bulletins/x.md", registries)
    assert_problems(problems, "bulletins/x.md")
    assert bulletin is not None or any(problem.is_error for problem in problems)


# What a date that cannot be read is told: one of three sentences.
DATE_ERROR = re.compile(r"the date .+ does not exist; check the day, month and time"
                        r"|cannot read the date .+; write it as .+ \(day before month\)"
                        r"|must be a date such as .+, not .+", re.DOTALL)


@FUZZ
@given(st.one_of(yamlish, st.text(alphabet=string.digits + "/-: T+Zh", max_size=25), st.integers(), st.none(),
                 st.floats(allow_nan=True), st.dates(), st.datetimes()))
@example("0001-01-01T00:00+09:00")  # year 0 on Vietnamese clocks: it once reached the pages and broke the build
def test_date_parser(value):
    try:
        moment = parse_date(value)
    except DateError as error:
        assert DATE_ERROR.fullmatch(str(error)), str(error)
        if isinstance(value, str):  # the value as written, or as read
            assert repr(value) in str(error) or repr(nfc(value).strip()) in str(error), str(error)
    else:
        assert moment.tzinfo is not None
        shown = format_date(moment)  # what every page shows of it
        assert parse_date(shown) == local(moment).replace(second=0, microsecond=0)


@FUZZ
@given(yamlish, yamlish)
def test_registry_loader(site_dir, units, topics):
    site_dir.write("units.yml", units)
    site_dir.write("topics.yml", topics)
    registries, problems = load_registries(site_dir.content)
    for problem in problems:
        assert problem.path in ("units.yml", "topics.yml") and problem.field and problem.message
    for unit in registries.units:
        assert registries.tree.descendants(unit.id)[0] == unit.id


# --- the feed importer ------------------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "{{ 7*7 }}",
           "{% raw %}", "]]>", "../../x", "/etc/passwd", "C:\\x", "\u2028", "\x00", "&amp;lt;b&amp;gt;", "&lt;i&gt;",
           "---", "\n", "title: x", "Đảng ủy Khối", "2013-01-05T03:00:00Z", "Sat, 05 Jan 2013 03:00:00 GMT",
           "99/99/9999", "", " ", "<![CDATA[", "&#0;", "&#xD800;", "&#1114112;", "&nosuch;", "%00", "\ufeff", "\r\n", "'", '"',
           "&", "<", ">", "<p onclick=x>", "<a href='javascript:x'>a</a>", "http://bao.intranet/a", "tag:x,2012:/",
           "- ", "# ", "* ", "`", "|"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)),
                                                            max_size=6).map("".join))
# Each value written escaped (XML stays well-formed, the value is data), raw (markup or broken XML), or as CDATA.
xml_value = st.tuples(hostile_text, st.sampled_from(["escaped", "raw", "cdata"])).map(
    lambda pair: {"escaped": html.escape(pair[0], quote=False), "raw": pair[0],
                  "cdata": f"<![CDATA[{pair[0]}]]>"}[pair[1]])
optional = st.one_of(st.none(), xml_value)
dates = st.one_of(st.none(), st.sampled_from(["2013-01-05T03:00:00Z", "Sat, 05 Jan 2013 03:00:00 GMT",
                                              "2013-01-05", "3000-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                                              "9999-12-31T23:59:59Z", "Fri, 31 Dec 9999 23:59:59 GMT"]), xml_value)


def element(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{value}</{tag}>"


def rss_item(fields: dict) -> str:
    return "<item>" + "".join(element(tag, fields[key]) for tag, key in (
        ("title", "title"), ("link", "link"), ("guid", "id"), ("pubDate", "date"), ("author", "author"),
        ("description", "summary"))) + "</item>"


def atom_entry(fields: dict) -> str:
    link = "" if fields["link"] is None else f'<link href="{html.escape(fields["link"])}"/>'
    author = "" if fields["author"] is None else f"<author><name>{fields['author']}</name></author>"
    return ("<entry>" + element("title", fields["title"]) + element("id", fields["id"]) + link
            + element("published", fields["date"]) + author + element("summary", fields["summary"])
            + element("content", fields["content"]) + "</entry>")


entries = st.lists(st.fixed_dictionaries({"title": optional, "link": optional, "id": optional, "date": dates,
                                          "author": optional, "summary": optional, "content": optional}), max_size=4)


@st.composite
def feeds(draw) -> bytes:
    """An RSS or Atom skeleton with hostile values, sometimes cut short or with bytes changed; or any bytes."""
    kind = draw(st.sampled_from(["rss", "atom", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    items, feed_date = draw(entries), draw(dates)
    if kind == "rss":
        text = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo</title>'
                f'{element("pubDate", feed_date)}{"".join(map(rss_item, items))}</channel></rss>')
    else:
        text = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Báo</title>'
                f'{element("updated", feed_date)}{"".join(map(atom_entry, items))}</feed>')
    data = text.encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(data))))
    return data if cut is None else data[:cut] + draw(st.binary(max_size=8))


@settings(max_examples=300, deadline=None)
@given(feeds())
def test_feed_importer(data):
    """A feed is refused with one line naming it, or each entry is imported, skipped or rejected with a line
    naming source and entry; every draft written passes the check; importing again writes nothing."""
    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as folder:
        content = Path(folder, "content")
        content.mkdir()
        (content / "units.yml").write_text("- id: dang-uy-khoi\n  name: Đảng ủy Khối\n", encoding="utf-8")
        registries, _ = load_registries(content)
        unit = registries.units.by_id["dang-uy-khoi"]
        source = "feeds/bao.xml"
        try:
            parsed = read_feed(source, Fetched(data))
        except SourceError as error:
            assert str(error).startswith(f"{source}: ") and "\n" not in str(error)
            event("feed refused")
            return
        report = FeedImporter(content, registries, [unit]).run(source, parsed)
        event(f"feed read, {min(report.count(Outcome.IMPORTED), 2)}+ entries imported")
        for number, result in enumerate(report.results, start=1):
            assert result.label.startswith(f"{source}: entry {number}")
            assert result.outcome is not Outcome.REJECTED or result.reason
        written = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))
        assert written == sorted(result.path for result in report.results if result.outcome is Outcome.IMPORTED)
        for path in written:
            assert path.startswith("bulletins/")
            bulletin, problems = read_bulletin(content, path, registries)
            assert bulletin is not None and bulletin.draft, [str(problem) for problem in problems]
            assert not any(problem.is_error for problem in problems), [str(problem) for problem in problems]
        again = FeedImporter(content, registries, [unit]).run(source, parsed)
        assert again.count(Outcome.IMPORTED) == 0
