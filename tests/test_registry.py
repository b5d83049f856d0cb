import unicodedata

import pytest

from generator.registry import LookupProblem, load_registries


def registries(site_dir, units=None, topics=None):
    if units is not None:
        site_dir.write("units.yml", units)
    if topics is not None:
        site_dir.write("topics.yml", topics)
    return load_registries(site_dir.content)


@pytest.mark.parametrize("name", [
    "dang-uy-khoi",
    "Đảng ủy Khối Cơ quan Dân Chính Đảng",
    "đảng  uỷ khối cơ quan dân chính đảng",
    unicodedata.normalize("NFD", "Đảng ủy Khối Cơ quan Dân Chính Đảng"),
    "Đảng ủy Khối",
    "Đảng bộ Khối Cơ quan Dân Chính Đảng",
])
def test_a_unit_is_found_by_id_name_short_name_or_alias_in_any_spelling(site_dir, name):
    found, problems = registries(site_dir)
    assert problems == []
    assert found.units.resolve(name).id == "dang-uy-khoi"


@pytest.mark.parametrize("name, unit_id", [
    ("Đảng bộ Khối Doanh nghiệp", "khoi-doanh-nghiep"),
    ("BTV Đảng ủy Khối Doanh nghiệp", "khoi-doanh-nghiep"),
    ("Đảng ủy Sở LĐ-TB&XH", "so-lao-dong"),
    ("Chi ủy (Chi bộ) Phòng Người có công", "chi-bo-nguoi-co-cong"),
])
def test_a_unit_is_found_by_the_names_newspapers_use_without_an_alias_for_them(site_dir, name, unit_id):
    found, _ = registries(site_dir)
    assert found.units.resolve(name).id == unit_id


def test_old_tone_placement_matches_the_registered_name(site_dir):
    found, _ = registries(site_dir)
    assert found.units.resolve("Chi bộ Phường Hoà Bình").id == "chi-bo-hoa-binh"


def test_an_unknown_unit_suggests_the_closest_names(site_dir):
    found, _ = registries(site_dir)
    with pytest.raises(LookupProblem) as error:
        found.units.resolve("Đảng ủy Khối Doanh nghiep")
    assert error.value.message == 'unknown unit "Đảng ủy Khối Doanh nghiep"'
    assert 'did you mean "Đảng ủy Khối Doanh nghiệp"' in error.value.hint
    assert "units.yml" in error.value.hint


def test_matching_does_not_guess_beyond_spelling(site_dir):
    found, _ = registries(site_dir)
    with pytest.raises(LookupProblem):
        found.units.resolve("Dang uy Khoi")


def test_a_name_shared_by_two_units_asks_for_the_id(site_dir):
    found, _ = registries(site_dir, units="- {id: a, name: Chi bộ 1, short: Chi bộ}\n- {id: b, name: Chi bộ 2, short: Chi bộ}\n")
    with pytest.raises(LookupProblem, match="could mean several units: a, b"):
        found.units.resolve("chi bộ")


def test_an_id_that_is_another_units_name_asks_for_the_id(site_dir):
    found, _ = registries(site_dir, units="- {id: a, name: Chi bộ 1}\n- {id: b, name: A}\n")
    with pytest.raises(LookupProblem, match='"A" could mean several units: a, b'):
        found.units.resolve("A")


def test_an_unknown_spelling_of_a_unit_gets_a_guess_as_written(site_dir):
    found, _ = registries(site_dir)
    with pytest.raises(LookupProblem) as error:
        found.units.resolve("Đảng bộ Khối Doanh nghiep")
    assert error.value.hint.startswith('did you mean "Đảng ủy Khối Doanh nghiệp"')


def test_roll_up_reaches_every_level(site_dir):
    found, _ = registries(site_dir)
    assert found.tree.descendants("dang-uy-khoi") == ("dang-uy-khoi", "so-lao-dong", "chi-bo-nguoi-co-cong")
    assert [unit.id for unit in found.tree.ancestors("chi-bo-nguoi-co-cong")] == ["so-lao-dong", "dang-uy-khoi"]
    assert [unit.id for unit in found.tree.roots] == ["dang-uy-khoi", "khoi-doanh-nghiep"]


def messages(problems):
    return [str(problem) for problem in problems]


def test_duplicate_id(site_dir):
    _, problems = registries(site_dir, units="- id: a\n  name: A\n- id: a\n  name: B\n")
    assert messages(problems) == ['units.yml:3: id: duplicate id "a" (first on line 1) (give each entry its own id)']


def test_unknown_parent_suggests_an_id(site_dir):
    _, problems = registries(site_dir, units="- id: dang-uy\n  name: A\n- id: b\n  name: B\n  parent: dang-uyy\n")
    assert messages(problems) == ['units.yml:5: parent: unit "b" has an unknown parent "dang-uyy" (did you mean "dang-uy"?)']


def test_parent_cycle(site_dir):
    units = "- {id: a, name: A, parent: c}\n- {id: b, name: B, parent: a}\n- {id: c, name: C, parent: b}\n- {id: d, name: D}\n"
    found, problems = registries(site_dir, units=units)
    assert len(problems) == 1
    assert problems[0].path == "units.yml" and problems[0].field == "parent"
    assert "their own ancestors: a → c → b → a" in problems[0].message


def test_an_id_must_be_an_ascii_slug(site_dir):
    _, problems = registries(site_dir, units="- id: Đảng ủy\n  name: A\n")
    assert messages(problems) == ["units.yml:1: id: 'Đảng ủy' is not an ASCII id (use \"dang-uy\")"]


def test_missing_name_and_unknown_key(site_dir):
    _, problems = registries(site_dir, topics="- id: a\n  nmae: A\n")
    assert messages(problems) == [
        "topics.yml:1: name: is missing (add the full name)",
        'topics.yml:2: nmae: warning: unknown field, ignored (did you mean "name"?)',
    ]


def test_registry_yaml_error_and_shape(site_dir):
    _, problems = registries(site_dir, units="- id: a\n  name: [A\n")
    assert len(problems) == 1 and problems[0].path == "units.yml" and "YAML syntax error" in problems[0].message
    _, problems = registries(site_dir, units="id: a\n")
    assert messages(problems) == ["units.yml:1: file: must be a list of entries (start each entry with '- id: ...')"]


def test_missing_units_file(site_dir):
    (site_dir.content / "units.yml").unlink()
    _, problems = registries(site_dir)
    assert messages(problems) == ["units.yml:1: file: the registry is missing (create units.yml with a list of entries (id, name, ...))"]
