"""Fuzzing the readers: the only outcomes allowed are a value or our own error naming file and field."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import read_bulletin
from generator.errors import Problem
from generator.registry import load_registries
from generator.vietnamese import DateError, parse_date

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


@FUZZ
@given(st.one_of(yamlish, st.text(alphabet=string.digits + "/-: T+Zh", max_size=25), st.integers(), st.none(),
                 st.floats(allow_nan=True), st.dates(), st.datetimes()))
def test_date_parser(value):
    try:
        moment = parse_date(value)
    except DateError as error:
        assert str(error)
    else:
        assert moment.tzinfo is not None


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
