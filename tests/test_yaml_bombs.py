"""Hostile YAML and oversized files end at once with a message naming file, line and field: no traceback,
no memory blow-up (each run is a child process limited to 1 GiB of address space; an expanded alias bomb
needs gigabytes). Both ways in: `bulletins check` and `mkdocs build`. Times and memory: bench/hostile.py."""

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import bombs

BIN = Path(sys.executable).parent
MEMORY_LIMIT = 1 << 30
ALIKE = " (known fields: title, date, unit, topics, participants, author, summary, image, image_caption, source, source_name, guid, updated, review, draft, aliases, campaign, findings)"
SYNTAX_HINT = " (check indentation, colons and quotes; quote text containing ': ' or '#')"

EXPECTED = {
    "alias bomb": ["bulletins/x.md:5: front-matter: YAML syntax error: the value here is reused through an alias "
                   "(*name); aliases are not allowed, write the value out" + SYNTAX_HINT],
    "10 MB bulletin": ["bulletins/x.md:1: file: is 10 MB, larger than the 5 MB a bulletin may be "
                       "(split it or move images out)"],
    "10,000 keys": [*(f"bulletins/x.md:{5 + n}: field{n}: warning: unknown field, ignored" + ALIKE for n in range(5)),
                    "bulletins/x.md:10: field5: warning: and 9995 more unknown fields from here on, ignored" + ALIKE],
    "deep block mapping": ["bulletins/x.md:1004: front-matter: YAML syntax error: values are nested more than 1000 "
                           "levels deep" + SYNTAX_HINT],
    "deep flow list": ["bulletins/x.md:5: front-matter: YAML syntax error: values are nested more than 1000 levels "
                       "deep" + SYNTAX_HINT],
    "deep list just inside libyaml's limit": [
        "bulletins/x.md:5: topics: item 1: must be a name or id written as text, not a list ([[[[[[[...]]]]]]]) "
        "(write the id or the full name, e.g. dang-uy-khoi)"],
}


def limited_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, preexec_fn=limited_memory,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)


@pytest.fixture(params=list(bombs.CASES))
def bombed(request, site_dir):
    site_dir.write("bulletins/x.md", bombs.CASES[request.param])
    site_dir.config_file()
    return request.param, site_dir


def test_bulletins_check(bombed):
    case, site_dir = bombed
    result = run([BIN / "bulletins", "check", "content"], site_dir.root)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == EXPECTED[case]
    assert result.returncode == (0 if case == "10,000 keys" else 1)


def test_mkdocs_build(bombed):
    case, site_dir = bombed
    result = run([BIN / "mkdocs", "build"], site_dir.root)
    assert "Traceback" not in result.stdout + result.stderr
    for line in EXPECTED[case]:
        assert line in result.stderr
    if case == "10,000 keys":  # only warnings: the site is built, and Material never saw the 10,000 fields
        assert result.returncode == 0
        assert "field9999" not in (site_dir.site / "bulletins/x/index.html").read_text(encoding="utf-8")
    else:
        assert result.returncode == 1 and "Aborted with a BuildError!" in result.stdout
        assert not site_dir.site.exists()
