"""Related bulletins: unit > topics > participants > newer; the fast gathering equals ranking every pair."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import Bulletin, Person, pack
from generator.registry import Topic, Unit
from generator.related import RELATED, ReadingCache, rank, reading_links
from generator.vietnamese import VIETNAM

UNITS = {name: Unit(name, name.upper()) for name in ("u1", "u2", "u3", "u4")}
TOPICS = {name: Topic(name, name.upper()) for name in ("t1", "t2", "t3", "t4")}
START = datetime(2012, 1, 1, tzinfo=VIETNAM)


def make(path, day, units=("u1",), topics=(), people=()) -> Bulletin:
    return Bulletin(path=path, url=f"{path}/", title=path.upper(), date=START + timedelta(days=day),
                    units=tuple(UNITS[unit] for unit in units), topics=tuple(TOPICS[topic] for topic in topics),
                    participants=tuple(Person(name) for name in people), authors=(), summary=None, image=None,
                    image_caption=None, source=None, draft=False, packed=pack(""), body_start=0, body_length=0)


def newest_first(bulletins):
    return sorted(bulletins, key=lambda bulletin: (bulletin.date, bulletin.path), reverse=True)


def related_paths(bulletins, path, count=RELATED):
    return [bulletin.path for bulletin in reading_links(newest_first(bulletins), count)[path].related]


def test_the_primary_unit_outweighs_topics_which_outweigh_participants():
    bulletins = [
        make("base", 0, ("u1",), ("t1", "t2"), ("Lê Việt Triều", "Châu Hồng Thái")),
        make("same-unit-old", 1, ("u1",)),
        make("two-topics", 5, ("u2",), ("t1", "t2")),
        make("one-topic-two-people", 6, ("u2",), ("t1",), ("lê việt triều", "CHÂU HỒNG THÁI")),
        make("one-topic-new", 9, ("u3",), ("t2",)),
        make("people-only", 9, ("u3",), (), ("Lê Việt Triều",)),
        make("nothing-shared", 9, ("u4",), ("t3",), ("Người khác",)),
        make("secondary-unit-only", 9, ("u2", "u1")),
    ]
    assert related_paths(bulletins, "base") == [
        "same-unit-old", "two-topics", "one-topic-two-people", "one-topic-new", "people-only"]
    assert related_paths(bulletins, "base", count=10)[-1] == "people-only"  # nothing else is related


def test_newer_first_among_equals_and_at_most_five():
    bulletins = [make("base", 0, topics=("t1",))] + [make(f"n{day}", day, topics=("t1",)) for day in range(1, 9)]
    assert related_paths(bulletins, "base") == ["n8", "n7", "n6", "n5", "n4"]


def test_previous_and_next_follow_the_primary_unit():
    bulletins = newest_first([make("a", 1), make("b", 2, ("u2", "u1")), make("c", 3), make("d", 4, ("u2",)),
                              make("e", 5)])
    links = reading_links(bulletins)
    assert (links["c"].previous.path, links["c"].next.path) == ("a", "e")
    assert links["a"].previous is None and links["e"].next is None
    assert (links["b"].previous, links["b"].next.path) == (None, "d")


def brute_force(bulletins, count):
    """Rank every other bulletin: what the fast version must equal."""
    result = {}
    for bulletin in bulletins:
        others = [other for other in bulletins if other is not bulletin and any(rank(bulletin, other)[:3])]
        others.sort(key=lambda other: rank(bulletin, other), reverse=True)
        result[bulletin.path] = [other.path for other in others[:count]]
    return result


bulletin_fields = st.tuples(
    st.integers(0, 30),
    st.lists(st.sampled_from(sorted(UNITS)), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(sorted(TOPICS)), max_size=3, unique=True),
    st.lists(st.sampled_from(["An", "Bình", "Cúc", "Dũng", "Đạt", "Hòa", "Hoà"]), max_size=3, unique=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(bulletin_fields, max_size=40), st.integers(1, 6))
def test_gathering_candidates_from_indexes_equals_ranking_every_pair(fields, count):
    bulletins = newest_first(make(f"b{number:02d}", *values) for number, values in enumerate(fields))
    fast = {path: [b.path for b in reading.related] for path, reading in reading_links(bulletins, count).items()}
    assert fast == brute_force(bulletins, count)


def reading_paths(links):
    return {path: ([b.path for b in reading.related], reading.previous and reading.previous.path,
                   reading.next and reading.next.path) for path, reading in links.items()}


@settings(max_examples=150, deadline=None)
@given(st.lists(bulletin_fields, min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 40), st.one_of(st.none(), bulletin_fields)), min_size=1, max_size=4),
       st.integers(1, 6))
def test_links_kept_across_edits_equal_links_made_afresh(fields, edits, count):
    """Each edit replaces, adds (a number past the end) or deletes (None) one bulletin. Unchanged bulletins
    are the same objects from build to build, as the preview's read cache hands them."""
    site = {f"b{number:02d}": make(f"b{number:02d}", *values) for number, values in enumerate(fields)}
    cache = ReadingCache()
    cache.links(newest_first(site.values()), count)
    for number, values in edits:
        if values is None:
            site.pop(f"b{number:02d}", None)
        else:
            site[f"b{number:02d}"] = make(f"b{number:02d}", *values)
        bulletins = newest_first(site.values())
        assert reading_paths(cache.links(bulletins, count)) == reading_paths(reading_links(bulletins, count))


def test_a_bulletin_page_shows_related_and_the_units_neighbours(site_dir):
    site_dir.add("bulletins/a.md", title="Cũ", date="2012-01-01", topics=["nqtw4"])
    site_dir.add("bulletins/b.md", title="Giữa", date="2013-01-01", topics=["nqtw4"])
    site_dir.add("bulletins/c.md", title="Mới", date="2014-01-01", unit="khoi-doanh-nghiep", topics=["nqtw4"])
    site_dir.add("bulletins/d.md", title="Không liên quan", date="2015-01-01", unit="chi-bo-hoa-binh")
    site_dir.build()
    page = site_dir.page("bulletins/b/")
    related = page[page.index("Bản tin liên quan"):page.index("</ul>", page.index("Bản tin liên quan"))]
    assert [title for title in ("Cũ", "Mới", "Không liên quan") if f">{title}</a>" in related] == ["Cũ", "Mới"]
    assert related.index(">Cũ</a>") < related.index(">Mới</a>")  # same unit first, though older
    assert 'rel="prev" href="../a/"' in page and 'rel="next"' not in page
