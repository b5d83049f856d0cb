"""The commands README.md and HUONG-DAN.md show run as written, in a new shell, after ``make site``.

An editor copies a command into a terminal where nothing is activated. So every command the documents
show (each line of an ``sh`` code block, and inline code that starts with a program: `make site`,
`.venv/bin/bulletins check`) runs here with ``bash -c`` in an empty environment, as ``env -i`` gives (a
basic PATH and HOME), in a copy of the project, and its exit code and one line of its output are asserted.
The lines of one code block run in order in one copy, as an editor types them; any other command in a copy
of its own. A synopsis (``.venv/bin/bulletins import NGUỒN_TIN [--unit ĐƠN_VỊ]``) cannot run: its options
must be the command's own, and an example of the command must run. A command the documents show that this
module neither runs (RUNS) nor lists with the reason (NOT_RUN) fails the test.

The empty environment holds no ``BULLETINS_LANG`` (the suite sets it for itself), so output is asserted in
Vietnamese, as editors see it; the one English run the documents show (``BULLETINS_LANG=en …``) in English.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli

REPO = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "HUONG-DAN.md")
SHELL_BLOCKS = {"sh", "bash", "shell", "console"}
# What the copy holds: what `make site` and the documented commands read.
PROJECT_FILES = ("content", "theme", "examples", "mkdocs.yml", "Makefile", "pyproject.toml", "constraints.txt")
PUBLISH_DEST = "/srv/www/bantin"  # the documents' example DEST; the test publishes into a temporary folder
TIMEOUT = 120  # seconds, for one command

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`([^`]+)`")
_ASSIGNMENTS = r"(?:[A-Z_]+=\S+\s+)*"
_COMMAND = re.compile(_ASSIGNMENTS + r"(?:make|bash|sudo|apt-get|\.venv/bin/[\w.-]+|bulletins|mkdocs|pytest|ruff)"
                      r"\s+\S.*")  # a program and at least one argument
_BARE_VENV_PROGRAM = re.compile(_ASSIGNMENTS + r"(?:bulletins|mkdocs|pytest|ruff)\s")
_COMMENT = re.compile(r"\s+#\s.*$")
_OPTION = re.compile(r"--[\w-]+")


@dataclass(frozen=True)
class Expect:
    """What a command must do: its exit code, and one whole line of its output (``…`` is any text)."""

    code: int
    line: str

    def found_in(self, output: str) -> bool:
        pattern = re.compile(".*".join(re.escape(part) for part in self.line.split("…")))
        return any(pattern.fullmatch(line.strip()) for line in output.splitlines())


RUNS = {
    "make site": Expect(0, "INFO    -  Documentation built in … seconds"),
    ".venv/bin/bulletins check": Expect(
        0, "Không có lỗi: 14 bản tin (13 đã đăng, 1 bản nháp, 0 hẹn giờ đăng), 9 đơn vị, 7 chủ đề, 0 cảnh báo."),
    "BULLETINS_LANG=en .venv/bin/bulletins check": Expect(
        0, "OK: 14 bulletin(s) (13 published, 1 draft, 0 scheduled), 9 unit(s), 7 topic(s), 0 warning(s)."),
    ".venv/bin/bulletins stats": Expect(0, "Bản tin: 13 đã đăng, 1 chưa đăng"),
    ".venv/bin/bulletins import --help": Expect(0, "Cách dùng: bulletins import [OPTIONS] SOURCE"),
    '.venv/bin/bulletins new --title "Chi bộ Phòng Người có công kiểm điểm cuối năm 2024" --unit "Chi bộ Phòng '
    'Người có công" --topic "Kiểm điểm" --date "20/12/2024 - 08:00"': Expect(
        0, "Đã ghi content/bulletins/2024/12/chi-bo-phong-nguoi-co-cong-kiem-diem-cuoi-nam-2024.md (bản nháp: …)"),
    ".venv/bin/bulletins import examples/nguon-tin.xml --dry-run": Expect(
        0, "Sẽ nhập 2, bỏ qua 0 vì đã có, từ chối 0 (từ examples/nguon-tin.xml)."),
    '.venv/bin/bulletins import examples/nguon-tin.xml --unit "Đảng bộ Khối Doanh nghiệp" --since 01/09/2024': Expect(
        0, "Đã nhập 1, bỏ qua 0 vì đã có, để lại 1 tin có ngày trước --since, từ chối 0 (từ examples/nguon-tin.xml)."),
    '.venv/bin/bulletins import examples/nguon-tin.xml --unit "Đảng bộ Khối Doanh nghiệp"': Expect(
        0, "Đã nhập 1, bỏ qua 1 vì đã có, từ chối 0 (từ examples/nguon-tin.xml)."),
    ".venv/bin/bulletins ingest examples/bai-bao/phan-xuong-lap-rap-kiem-diem-2024.txt --dry-run": Expect(
        0, "sẽ ghi content/bulletins/2024/12/chi-bo-phan-xuong-lap-rap-kiem-diem-danh-gia-dang-vien-nam-2024.md:"),
    ".venv/bin/bulletins ingest examples/bai-bao/": Expect(0, "Đã ghi 1 bản nháp; 0 tệp không cấu trúc hóa được."),
    f".venv/bin/bulletins publish {PUBLISH_DEST}": Expect(0, "Đã xuất bản …/www/bantin"),
    ".venv/bin/bulletins campaign kiem-diem-nqtw4-2012": Expect(
        0, "Chủ trì: Đảng ủy Khối Cơ quan Dân Chính Đảng; từ 01/08/2012 đến 30/11/2012: 4/4 đơn vị đã có bản tin, "
           "đạt 100%"),
    ".venv/bin/bulletins campaign --csv": Expect(
        0, "kiem-diem-nqtw4-2012,chi-bo-phong-nguoi-co-cong,Chi bộ Phòng Người có công,2,trễ hạn,2012-12-20,"
           "/bulletins/2012/12/mau-chi-bo-phong-nguoi-co-cong-kiem-diem-nqtw4/"),
}

_EXAMPLES_RUN = "the command's name in the text; its examples run (RUNS)"
NOT_RUN = {
    "make test": "runs this suite (installing chromium when missing): it would run this test again",
    "bash .ci/run": "CI's entry point, which runs make test",
    "apt-get install chromium": "installs a system package as root: what make test does when chromium is missing",
    "make serve": "a preview server that runs until stopped; tests/test_serve.py drives it",
    ".venv/bin/mkdocs serve": "a preview server that runs until stopped; tests/test_serve.py drives it",
    ".venv/bin/mkdocs serve --dirty": "what make serve runs, until stopped; tests/test_serve.py drives it",
    ".venv/bin/mkdocs build": "what make site runs (with --strict), and make site runs here",
    ".venv/bin/mkdocs build --strict": "what make site runs, and make site runs here",
    ".venv/bin/mkdocs build --dirty": "named in the developers' notes; tests/test_republish.py runs dirty builds and "
                                      "compares them with full ones",
    "make messages": "rewrites the message catalog from the source tree, which the copy does not hold; "
                     "tests/test_i18n.py checks the catalog is complete",
    "make lint": "ruff over the source tree, which the copy does not hold; make test runs it first",
    ".venv/bin/bulletins check path/to/content": "path/to/content stands for another content folder; the check "
                                                 "of content runs",
    ".venv/bin/bulletins import": _EXAMPLES_RUN,
    ".venv/bin/bulletins ingest": _EXAMPLES_RUN,
    ".venv/bin/bulletins new": _EXAMPLES_RUN,
    ".venv/bin/bulletins publish": _EXAMPLES_RUN,
}


@dataclass(frozen=True)
class Shown:
    """A command as a document shows it."""

    doc: str
    line: int
    text: str  # as written, a trailing comment included

    @property
    def command(self) -> str:
        """The command without its comment: its key in RUNS and NOT_RUN."""
        return _COMMENT.sub("", self.text)

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def is_synopsis(self) -> bool:
        """Whether it has optional parts ``[…]``, an ellipsis or a placeholder in capitals (DEST, ĐƠN_VỊ)."""
        return any(_is_placeholder(token) for token in self.command.split())


def _is_placeholder(token: str) -> bool:
    return any(mark in token for mark in ("[", "]", "...", "…")) or (
        token.isupper() and token.replace("_", "").isalpha())


def _scripts(doc: str) -> list[tuple[Shown, ...]]:
    """The commands of ``doc``: each shell code block's lines as one script, each inline command as one."""
    text = (REPO / doc).read_text(encoding="utf-8")
    scripts = []
    for fence in _FENCE.finditer(text):
        if fence.group(1) in SHELL_BLOCKS:
            first = text.count("\n", 0, fence.start(2)) + 1
            lines = enumerate(fence.group(2).splitlines(), first)
            scripts.append(tuple(Shown(doc, number, line.strip().removeprefix("$ ")) for number, line in lines
                                 if line.strip() and not line.lstrip().startswith("#")))
    prose = _FENCE.sub(lambda fence: "\n" * fence.group(0).count("\n"), text)  # line numbers kept
    for span in _INLINE.finditer(prose):
        code = " ".join(span.group(1).split())  # a span may go on over a line break
        if _COMMAND.fullmatch(code):
            scripts.append((Shown(doc, prose.count("\n", 0, span.start()) + 1, code),))
    return scripts


SCRIPTS = [script for doc in DOCS for script in _scripts(doc)]
SHOWN = [shown for script in SCRIPTS for shown in script]
SYNOPSES = [shown for shown in SHOWN if shown.is_synopsis]


def _runnable() -> list[tuple[Shown, ...]]:
    """Scripts with a command to run; a single command shown again is run once."""
    seen: set[str] = set()
    runnable = []
    for script in SCRIPTS:
        commands = tuple(shown for shown in script if not shown.is_synopsis and shown.command not in NOT_RUN)
        if commands and (len(script) > 1 or commands[0].command not in seen):
            runnable.append(commands)
            seen.update(shown.command for shown in commands)
    return runnable


RUNNABLE = _runnable()


def test_every_shown_command_is_run_or_listed():
    commands = {shown.command for shown in SHOWN if not shown.is_synopsis}
    unknown = [f"{shown.where}: {shown.command}" for shown in SHOWN
               if shown.command in commands - RUNS.keys() - NOT_RUN.keys()]
    assert not unknown, "commands shown but neither in RUNS nor in NOT_RUN:\n" + "\n".join(unknown)
    stale = (RUNS.keys() | NOT_RUN.keys()) - commands
    assert not stale, f"RUNS or NOT_RUN name commands the documents no longer show: {sorted(stale)}"


def test_commands_are_spelled_as_they_run_in_a_new_shell():
    """``bulletins`` alone is "command not found" in a new shell: the program is in ``.venv/bin/``."""
    bare = [f"{shown.where}: {shown.command}" for shown in SHOWN if _BARE_VENV_PROGRAM.match(shown.command)]
    assert not bare, "spell these .venv/bin/<program> …:\n" + "\n".join(bare)


def test_synopses_name_real_commands_and_options():
    ran = {" ".join(command.split()[:2]) for command in RUNS}
    wrong = []
    for shown in SYNOPSES + [shown for shown in SHOWN if NOT_RUN.get(shown.command) == _EXAMPLES_RUN]:
        program, name, *_ = shown.command.split()
        if f"{program} {name}" not in ran:
            wrong.append(f"{shown.where}: no example of {program} {name} runs")
        if program == ".venv/bin/bulletins":
            wrong += _unknown_options(shown, name)
    assert not wrong, "\n".join(wrong)


def _unknown_options(shown: Shown, name: str) -> list[str]:
    command = cli.main.commands.get(name)
    if command is None:
        return [f"{shown.where}: bulletins has no command {name}"]
    options = {option for param in command.params for option in param.opts}
    return [f"{shown.where}: bulletins {name} has no option {option}"
            for option in sorted(set(_OPTION.findall(shown.command)) - options)]


def test_example_bulletins_pass_the_check(tmp_path):
    """The bulletins the documents show in full (front-matter and text) are valid as written."""
    content = shutil.copytree(REPO / "content", tmp_path / "content")
    examples = [fence.group(2) for doc in DOCS for fence in _FENCE.finditer((REPO / doc).read_text(encoding="utf-8"))
                if fence.group(1) == "markdown" and fence.group(2).startswith("---\n")]
    assert examples
    for number, example in enumerate(examples):
        (content / f"bulletins/2012/11/vi-du-{number}.md").write_text(example, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["check", str(content)])
    assert result.exit_code == 0, result.output
    assert "vi-du-" not in result.output  # not even a warning


def test_readme_opens_with_the_guide_and_the_guides_links_reach_its_headings():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](HUONG-DAN.md)" in "\n".join(readme.splitlines()[:4])
    guide = (REPO / "HUONG-DAN.md").read_text(encoding="utf-8")
    anchors = {_github_anchor(heading) for heading in re.findall(r"^#+ (.+)$", guide, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", guide))
    assert links and links <= anchors, links - anchors


def _github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (letters with diacritics stay)."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@pytest.mark.parametrize("script", RUNNABLE, ids=[script[0].where for script in RUNNABLE])
def test_shown_commands_run_as_written(script, tmp_path):
    project = _copy_project(tmp_path / "project")
    home = tmp_path / "home"
    home.mkdir()
    fresh_shell = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home)}
    for shown in script:
        expect = RUNS.get(shown.command)
        assert expect, f"{shown.where}: add {shown.command!r} to RUNS or NOT_RUN"
        text = shown.text.replace(PUBLISH_DEST, str(tmp_path / "www" / "bantin"))
        result = subprocess.run(["bash", "-c", text], cwd=project, env=fresh_shell, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=TIMEOUT)
        output = result.stdout + result.stderr
        assert (result.returncode, expect.found_in(output)) == (expect.code, True), \
            f"{shown.where}: {shown.text}\nexit code {result.returncode}, output:\n{output[-3000:]}"


def _copy_project(root: Path) -> Path:
    """A copy of what the documented commands read, after ``make site``'s set-up.

    ``.venv`` holds links to the project's installed environment and a stamp of its own newer than
    ``pyproject.toml``, so ``make site`` finds its install done and only builds (an older stamp would make it
    install the copy into the project's environment).
    """
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    venv = root / ".venv"
    venv.mkdir()
    for entry in (REPO / ".venv").iterdir():
        if entry.name != ".installed-stamp":
            os.symlink(entry, venv / entry.name)
    (venv / ".installed-stamp").touch()
    return root
