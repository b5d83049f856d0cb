"""Registries past their first problem: every later entry still read and checked, cycles reported once at a
stated line and cut out of the tree, the tree and the catalogs in Vietnamese order."""

import pytest

from generator.registry import LookupProblem, load_registries


def load(site_dir, units, topics=None):
    site_dir.write("units.yml", units)
    if topics is not None:
        site_dir.write("topics.yml", topics)
    return load_registries(site_dir.content)


def messages(problems):
    return [str(problem) for problem in problems]


def ids(units):
    return [unit.id for unit in units]


# --- every entry is read, whatever comes before it -------------------------------------------------

@pytest.mark.parametrize("bad_entry, problem", [
    ("- id: a\n  name: Lặp lại\n", 'units.yml:5: id: duplicate id "a" (first on line 1) (give each entry its own id)'),
    ("- Chỉ là chữ\n", "units.yml:5: entry: entry 3 must be a mapping "
                       "(write it as '- id: ...' with name and the other fields below)"),
    ("- id: c\n", "units.yml:5: name: is missing (add the full name)"),
])
def test_the_entries_after_a_bad_one_are_read_and_their_own_problems_reported(site_dir, bad_entry, problem):
    units = ("- id: a\n  name: Đơn vị A\n"
             "- id: b\n  name: Đơn vị B\n"
             + bad_entry
             + "- id: d\n  name: Đơn vị D\n  parent: b\n"
             + "- id: e\n  name: Đơn vị E\n  parent: khong-co\n")
    found, problems = load(site_dir, units)
    later = 5 + bad_entry.count("\n")
    assert messages(problems) == [
        problem, f'units.yml:{later + 5}: parent: unit "e" has an unknown parent "khong-co" (use the id of a unit '
                 'in units.yml)']
    assert found.units.resolve("Đơn vị D").parent == "b"
    assert found.tree.descendants("b") == ("b", "d")
    assert found.units.resolve("a").name == "Đơn vị A"  # a duplicate never replaces the first entry


def test_a_duplicate_id_names_the_line_of_the_first_entry(site_dir):
    units = "- name: Một\n  id: a\n- id: b\n  name: Hai\n- name: Ba\n  description: x\n  id: a\n"
    _, problems = load(site_dir, units)
    assert messages(problems) == ['units.yml:7: id: duplicate id "a" (first on line 2) (give each entry its own id)']


def test_an_empty_registry_and_a_missing_topic_registry_are_not_problems(site_dir):
    found, problems = load(site_dir, "")
    assert (problems, len(found.units), found.tree.roots) == ([], 0, [])
    (site_dir.content / "topics.yml").unlink()
    found, problems = load(site_dir, "- id: a\n  name: A\n")
    assert (problems, len(found.topics), ids(found.units)) == ([], 0, ["a"])


def test_both_registries_problems_come_sorted_by_file_and_line(site_dir):
    _, problems = load(site_dir, "- id: a\n  name: A\n  parent: z\n- id: a\n  name: B\n",
                       topics="- id: t\n- id: t\n  name: T\n")
    assert messages(problems) == [
        "topics.yml:1: name: is missing (add the full name)",
        'units.yml:3: parent: unit "a" has an unknown parent "z" (use the id of a unit in units.yml)',
        'units.yml:4: id: duplicate id "a" (first on line 1) (give each entry its own id)',
    ]


# --- cycles of parents ---------------------------------------------------------------------------

CYCLE = """\
- id: ngoai
  name: Ngoài vòng
  parent: a
- id: goc
  name: Gốc
- id: a
  name: A
  parent: c
- id: b
  name: B
  parent: a
- id: c
  name: C
  parent: b
- id: con
  name: Con của B
  parent: b
"""


def test_a_cycle_is_reported_once_at_the_parent_line_of_the_first_unit_of_the_cycle(site_dir):
    _, problems = load(site_dir, CYCLE)
    assert messages(problems) == ["units.yml:8: parent: units are their own ancestors: a → c → b → a "
                                  "(break the cycle by changing one parent)"]


def test_a_unit_that_is_its_own_parent_is_a_cycle(site_dir):
    _, problems = load(site_dir, "- id: goc\n  name: Gốc\n- id: a\n  name: A\n  parent: a\n")
    assert messages(problems) == ["units.yml:5: parent: units are their own ancestors: a → a "
                                  "(break the cycle by changing one parent)"]


def test_two_cycles_are_two_problems(site_dir):
    units = "- {id: a, name: A, parent: b}\n- {id: b, name: B, parent: a}\n- {id: c, name: C, parent: c}\n"
    _, problems = load(site_dir, units)
    assert [(problem.line, problem.message) for problem in problems] == [
        (1, "units are their own ancestors: a → b → a"), (3, "units are their own ancestors: c → c")]


def test_the_units_of_a_cycle_become_roots_and_the_rest_of_the_tree_stays(site_dir):
    found, _ = load(site_dir, CYCLE)
    assert ids(found.tree.roots) == ["a", "b", "c", "goc"]
    assert [found.units.by_id[unit_id].parent for unit_id in ("a", "b", "c")] == [None, None, None]
    assert found.tree.descendants("a") == ("a", "ngoai")
    assert found.tree.descendants("b") == ("b", "con")
    assert ids(found.tree.ancestors("ngoai")) == ["a"]
    assert ids(found.tree.ancestors("con")) == ["b"]
    assert found.tree.ancestors("c") == ()


# --- order ---------------------------------------------------------------------------------------

TREE = """\
- {id: z-khoi, name: Đảng ủy Khối Cơ quan}
- {id: a-dong, name: Chi bộ Đông, parent: z-khoi}
- {id: d-dan, name: Chi bộ Dân, parent: z-khoi}
- {id: b-ap, name: Chi bộ Ấp, parent: z-khoi}
- {id: c-an, name: Chi bộ Ăn, parent: z-khoi}
- {id: e-to, name: Tổ Một, parent: d-dan}
- {id: y-ban, name: Ban Tuyên giáo}
"""


def test_units_and_sub_units_come_in_vietnamese_order_of_their_names(site_dir):
    found, problems = load(site_dir, TREE)
    assert problems == []
    assert ids(found.units) == ["y-ban", "c-an", "b-ap", "d-dan", "a-dong", "z-khoi", "e-to"]
    assert ids(found.tree.roots) == ["y-ban", "z-khoi"]
    assert ids(found.tree.children["z-khoi"]) == ["c-an", "b-ap", "d-dan", "a-dong"]
    assert found.tree.descendants("z-khoi") == ("z-khoi", "c-an", "b-ap", "d-dan", "e-to", "a-dong")
    assert ids(found.tree.ancestors("e-to")) == ["d-dan", "z-khoi"]
    assert found.tree.descendants("e-to") == ("e-to",)


def test_topics_come_in_vietnamese_order_of_their_names(site_dir):
    found, _ = load(site_dir, "- {id: a, name: A}\n",
                    topics="- {id: t1, name: Đoàn kết}\n- {id: t2, name: Dân vận}\n- {id: t3, name: Ăn ở}\n")
    assert ids(found.topics) == ["t3", "t2", "t1"]


# --- what a lookup says ----------------------------------------------------------------------------

def test_an_unknown_name_with_nothing_close_says_only_what_to_do(site_dir):
    found, _ = load(site_dir, TREE, topics="- {id: t1, name: Đoàn kết}\n")
    with pytest.raises(LookupProblem) as unit:
        found.units.resolve("Hội Cựu chiến binh")
    assert (unit.value.message, unit.value.hint) == (
        'unknown unit "Hội Cựu chiến binh"', "Use an id, name or alias from units.yml, or add the unit there")
    with pytest.raises(LookupProblem) as topic:
        found.topics.resolve("Đoàn kêt")
    assert (topic.value.message, topic.value.hint) == (
        'unknown topic "Đoàn kêt"',
        'did you mean "Đoàn kết"? Use an id, name or alias from topics.yml, or add the topic there')


def test_a_name_of_several_topics_lists_their_ids_in_order(site_dir):
    found, _ = load(site_dir, TREE, topics="- {id: t2, name: Hai, aliases: [Chung]}\n"
                                          "- {id: t1, name: Một, aliases: [chung]}\n")
    with pytest.raises(LookupProblem) as error:
        found.topics.resolve("CHUNG")
    assert (error.value.message, error.value.hint) == ('"CHUNG" could mean several topics: t1, t2', "write the id")


def test_a_guess_for_an_unknown_name_looks_past_case_and_tone_placement(site_dir):
    found, _ = load_registries(site_dir.content)
    with pytest.raises(LookupProblem) as error:
        found.units.resolve("ĐẢNG ỦY KHỐI DOANH NGHIEP")
    assert error.value.hint.startswith('did you mean "Đảng ủy Khối Doanh nghiệp"')


def test_entries_keep_every_field_they_are_given(site_dir):
    found, _ = load(site_dir, "- {id: a, name: Đơn vị A, short: A, aliases: [Ạ], description: Giới thiệu A.}\n"
                              "- {id: b, name: Đơn vị B, parent: a}\n",
                    topics="- {id: t, name: Chủ đề, aliases: [CĐ], description: Giới thiệu chủ đề.}\n")
    a, b, topic = found.units.by_id["a"], found.units.by_id["b"], found.topics.by_id["t"]
    assert (a.id, a.name, a.short, a.aliases, a.parent, a.description) == (
        "a", "Đơn vị A", "A", ("Ạ",), None, "Giới thiệu A.")
    assert (b.short, b.aliases, b.parent, b.description) == (None, (), "a", None)
    assert (topic.id, topic.name, topic.aliases, topic.description) == ("t", "Chủ đề", ("CĐ",), "Giới thiệu chủ đề.")
    assert (a.url, topic.url, a.names, b.names, topic.names) == (
        "don-vi/a/", "chu-de/t/", ("Đơn vị A", "A", "Ạ"), ("Đơn vị B",), ("Chủ đề", "CĐ"))
