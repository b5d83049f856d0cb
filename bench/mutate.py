"""Mutation testing of the core modules: mutmut, one module at a time, each surviving mutant tried again in a
fresh process, and the kill rate per module written to bench/RESULTS.md.

    python bench/mutate.py [--budget SECONDS] [--keep] [MODULE ...]      (make mutate MODULES="...")

Each module is mutated in a scratch copy of the project, where:

- the module's ``functools`` caches are taken off: mutmut leaves decorated functions alone, and a cache warmed in
  the process it forks each mutant from would hide a mutant anyway (``match_key``, ``slugify``). A cache changes
  no result, only the time;
- ``[tool.mutmut]`` of pyproject.toml gets the module to mutate and the test files that exercise it (``TESTS``).

The programs the tests start (``bulletins``, ``mkdocs``) run the copy's code unmutated (``PYTHONPATH``): mutated
code needs mutmut's configuration, which mutmut looks for in the working folder, and they run elsewhere. So a
mutant is killed by what the tests check in their own process.

mutmut forks every mutant from one parent that has run the tests. Each mutant it reports as surviving is run
again here by pytest in a new process over all the module's test files (``MUTANT_UNDER_TEST``), and counts as
killed if they fail. Survivors named in bench/equivalent-mutants.md behave exactly like the original (the file
says why for each); the others are printed with their diff. mutmut runs for at most ``--budget`` seconds per
module; mutants it did not reach are counted apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
EQUIVALENT = BENCH / "equivalent-mutants.md"
MUTMUT = str(Path(sys.executable).parent / "mutmut")

# The tests that exercise each core module (pytest's arguments), kept to those that run in seconds: every mutant
# runs the ones that call the mutated function. Search's queries in a browser are left out (-k): each would build
# and index a site and start a browser again for every mutant; so is the indexing process killed midway, a test of
# indexer.py in a process of its own (unmutated) whose kill races the process under load. i18n's check of the
# catalog is left out too: it reads the .po file, not i18n's code, and fails while a message just added elsewhere
# awaits its translation, which stops mutmut before the first mutant.
TESTS = {
    "vietnamese": ["tests/test_vietnamese.py", "tests/test_registry.py", "tests/test_registry_rules.py",
                   "tests/test_content.py"],
    "registry": ["tests/test_registry.py", "tests/test_registry_rules.py", "tests/test_unit_names.py",
                 "tests/test_content.py"],
    "content": ["tests/test_content.py", "tests/test_bulletin_reading.py", "tests/test_registry_rules.py"],
    "schema": ["tests/test_schema.py", "tests/test_content.py", "tests/test_bulletin_reading.py",
               "tests/test_registry.py", "tests/test_registry_rules.py"],
    "listings": ["tests/test_listings.py", "tests/test_listing_pages.py", "tests/test_listings_campaigns.py"],
    "people": ["tests/test_people.py", "tests/test_people_index.py"],
    "archive": ["tests/test_archive.py", "tests/test_archive_index.py"],
    "feeds": ["tests/test_feeds.py", "tests/test_feed_xml.py"],
    "search": ["tests/test_search.py", "tests/test_search_parts.py", "tests/test_search_mutants.py",
               "tests/test_search_speed.py", "-k",
               "not sample_site_ and not search_page_turns and not query and not dj_and_d and not tone_placement and "
               "not equal_relevance and not filters_narrow and not neither_found and not killed_midway"],
    "unitnames": ["tests/test_unit_names.py", "tests/test_unit_name_keys.py", "tests/test_registry.py"],
    "i18n": ["tests/test_i18n.py", "tests/test_i18n_rules.py", "-k",
             "not every_message_has_a_vietnamese_translation"],
    "campaigns": ["tests/test_campaigns.py", "tests/test_campaigns_rules.py"],
    "findings": ["tests/test_findings.py", "tests/test_findings_proposals.py", "tests/test_bulletin_reading.py"],
    "buildcache": ["tests/test_buildcache.py"],
    "images": ["tests/test_images.py", "tests/test_images_headers.py", "-k", "not chromium"],
    "preview": ["tests/test_preview_errors.py", "tests/test_preview_pages.py", "-k",
                "not keeps_working and not until_fixed and not once_across_saves and not without_the_variable and "
                "not without_a_reload"],
}
DEFAULT_BUDGET = 3600  # seconds of mutmut per module
CACHE_DECORATOR = re.compile(r"^[ \t]*@(?:functools\.)?(?:lru_cache|cache)\b.*\n", re.MULTILINE)
MUTANT_NAME = re.compile(r"`(generator\.\w+\.\w+__mutmut_\d+)`")
RESULT_LINE = re.compile(r"^\s*(generator\.(\w+)\.\S+): (.+)$", re.MULTILINE)
KILLED = {"killed", "timeout", "segfault", "suspicious", "caught by type check"}
SURVIVED = {"survived", "no tests"}
SCRATCH_IGNORED = shutil.ignore_patterns(".venv", ".git", "site", "mutants", "test-artifacts", "__pycache__",
                                         ".pytest_cache", ".hypothesis", "out", ".axe")


@dataclass
class Outcome:
    """What became of one module's mutants."""

    module: str
    mutants: int
    killed: int
    killed_fresh: int  # of ``killed``: mutants mutmut saw survive, killed in a process of their own
    equivalent: list[str]
    surviving: list[str]
    not_reached: int

    @property
    def rate(self) -> float:
        checked = self.mutants - self.not_reached
        return 100 * self.killed / checked if checked else 0.0


def scratch_copy(module: str, folder: Path) -> Path:
    """The project copied into ``folder`` and set up to mutate ``module`` (see the module's docstring)."""
    project = folder / "project"
    shutil.copytree(REPO, project, ignore=SCRATCH_IGNORED)
    source = project / "generator" / f"{module}.py"
    source.write_text(CACHE_DECORATOR.sub("", source.read_text(encoding="utf-8")), encoding="utf-8")
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    mutmut = {**settings["mutmut"], "only_mutate": [f"generator/{module}.py"],
              "pytest_add_cli_args_test_selection": TESTS[module]}
    (project / "pyproject.toml").write_text(
        _toml_table("tool.pytest.ini_options", settings["pytest"]["ini_options"]) + _toml_table("tool.mutmut", mutmut),
        encoding="utf-8")
    return project


def _toml_table(name: str, values: dict) -> str:
    """Strings, numbers, booleans and lists of them are written alike in JSON and TOML."""
    return f"[{name}]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()) + "\n"


def run_mutmut(project: Path, budget: float) -> dict[str, str]:
    """Run mutmut for at most ``budget`` seconds; every mutant's status, by name."""
    environment = {**os.environ, "PYTHONPATH": str(project)}
    with subprocess.Popen([MUTMUT, "run", "--max-children", "1"], cwd=project, env=environment,
                          stdout=subprocess.DEVNULL, start_new_session=True) as process:
        try:
            process.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
    listed = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=project, capture_output=True, text=True,
                            check=True)
    return {name: status for name, _module, status in RESULT_LINE.findall(listed.stdout)}


def killed_in_a_fresh_process(project: Path, module: str, mutant: str) -> bool:
    """Whether the module's test files fail with ``mutant`` in a process of its own (nothing cached before)."""
    environment = {**os.environ, "PYTHONPATH": str(project), "MUTANT_UNDER_TEST": mutant}
    result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS[module]],
                            cwd=project / "mutants", env=environment, capture_output=True)
    return result.returncode != 0


def mutate(module: str, budget: float, equivalent: set[str], keep: bool) -> Outcome:
    folder = Path(tempfile.mkdtemp(prefix=f"mutate-{module}-"))
    try:
        project = scratch_copy(module, folder)
        statuses = run_mutmut(project, budget)
        counts = Counter(statuses.values())
        survivors = [name for name, status in statuses.items() if status in SURVIVED]
        still = [name for name in survivors if not killed_in_a_fresh_process(project, module, name)]
        surviving = [name for name in still if name not in equivalent]
        for name in surviving:
            print(subprocess.run([MUTMUT, "show", name], cwd=project, capture_output=True, text=True).stdout)
        fresh_kills = len(survivors) - len(still)
        return Outcome(module, len(statuses), sum(counts[status] for status in KILLED) + fresh_kills, fresh_kills,
                       [name for name in still if name in equivalent], surviving,
                       sum(count for status, count in counts.items() if status not in KILLED | SURVIVED))
    finally:
        if keep:
            print(f"{module}: the scratch copy is kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


# --- bench/RESULTS.md -------------------------------------------------------------------------------

HEADING = "## Mutation testing (`make mutate`)"
INTRODUCTION = f"""{HEADING}

mutmut 3.8.1 over each core module, its test files as in `bench/mutate.py` (`TESTS`). A mutant mutmut reports as
surviving is run again in a fresh process, and counts as killed if the tests fail there (*of which fresh*).
*Equivalent*: survivors that behave exactly like the original, each listed with why in
`bench/equivalent-mutants.md`. *Not reached*: mutants left when the time budget ran out (not in the rate). A `+`
after the commit: the module or its tests had uncommitted changes. mutmut does not mutate module-level constants,
nor decorated functions (`@property`, `@cached_property`); the run takes the module's `functools` caches off so
that cached functions are mutated.

| module | date | commit | mutants | killed | of which fresh | equivalent | other survivors | not reached | killed % |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|
"""
ROW = re.compile(r"^\| (\w+) \|.*\|$", re.MULTILINE)


def commit(module: str) -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    paths = [f"generator/{module}.py", *(argument for argument in TESTS[module] if argument.endswith(".py"))]
    changed = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=REPO, capture_output=True,
                             text=True).stdout
    return head.strip() + ("+" if changed.strip() else "")


def row(outcome: Outcome) -> str:
    return (f"| {outcome.module} | {date.today().isoformat()} | {commit(outcome.module)} | {outcome.mutants} | "
            f"{outcome.killed} | {outcome.killed_fresh} | {len(outcome.equivalent)} | {len(outcome.surviving)} | "
            f"{outcome.not_reached} | "
            f"{outcome.rate:.1f} |")


def write_results(outcomes: list[Outcome]) -> None:
    """The section's table with a row per module: this run's rows replace the earlier ones of their modules."""
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find(HEADING)
    if start < 0:
        text, start = text.rstrip("\n") + "\n\n", len(text.rstrip("\n")) + 2
    end = text.find("\n## ", start + len(HEADING))
    end = len(text) if end < 0 else end + 1
    rows = {match.group(1): match.group(0) for match in ROW.finditer(text[start:end])
            if match.group(1) in TESTS}
    rows |= {outcome.module: row(outcome) for outcome in outcomes}
    table = "".join(rows[module] + "\n" for module in TESTS if module in rows)
    RESULTS.write_text(text[:start] + INTRODUCTION + table + ("\n" if end < len(text) else "") + text[end:],
                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"of {', '.join(TESTS)} (default: all)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="seconds of mutmut per module")
    parser.add_argument("--keep", action="store_true", help="keep each scratch copy (mutants/ with mutmut's data)")
    arguments = parser.parse_args()
    if unknown := set(arguments.modules) - set(TESTS):
        parser.error(f"not a core module: {', '.join(sorted(unknown))}")
    equivalent = set(MUTANT_NAME.findall(EQUIVALENT.read_text(encoding="utf-8")))
    for module in arguments.modules or list(TESTS):
        outcome = mutate(module, arguments.budget, equivalent, arguments.keep)
        print(row(outcome))
        for name in outcome.surviving:
            print(f"surviving: {name}")
        write_results([outcome])  # after each module: a long run stopped half-way keeps what it measured


if __name__ == "__main__":
    main()
