"""Vietnamese by default, English with BULLETINS_LANG=en: the catalog covers every message, and each command
speaks the reader's language (run as editors run it, in a child process without the suite's variable)."""

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from click.testing import CliRunner

from conftest import REPO
from generator.cli import CLICK_MODULES, main
from generator.i18n import LOCALE_DIR, translations

BULLETINS = str(Path(sys.executable).parent / "bulletins")
CATALOG = LOCALE_DIR / "vi" / "LC_MESSAGES" / "bulletins.po"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}  # as `make messages` extracts
_PERCENT_FIELD = re.compile(r"%\((\w+)\)[sdr]")


# --- the catalog --------------------------------------------------------------------------------

def extracted_messages() -> dict:
    """Every msgid of the package and of the Click modules the CLI speaks through, with where it is."""
    found = {message: f"generator/{path}:{line}" for path, line, message, _comments, _context
             in extract_from_dir(REPO / "generator", keywords=KEYWORDS)}
    for module in CLICK_MODULES:
        found.update((message, f"{module.__name__}:{line}") for line, message, _comments, _context
                     in extract_from_file("python", module.__file__, keywords=KEYWORDS))
    return found


def placeholders(text: str) -> set[str]:
    """``{name}``, ``{name!r}``, ``{byte:02x}`` and ``%(name)s`` fields; none in a text that is no format."""
    try:
        fields = {name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                  for _literal, name, spec, conversion in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: the text is never formatted
        fields = set()
    return fields | set(_PERCENT_FIELD.findall(text))


def translation_problem(message, msgid) -> str | None:
    if message is None:
        return "no entry"
    if message.fuzzy:
        return "fuzzy"
    if isinstance(msgid, tuple):  # Vietnamese has one form for every count: it says what the plural says
        english, vietnamese = msgid[1], message.string[0] if isinstance(message.string, tuple) else message.string
    else:
        english, vietnamese = msgid, message.string
    if not vietnamese:
        return "empty"
    if placeholders(vietnamese) != placeholders(english):
        return f"placeholders {sorted(placeholders(vietnamese))}, not {sorted(placeholders(english))}"
    return None


def test_every_message_has_a_vietnamese_translation_with_its_placeholders():
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="vi")
    problems = []
    for msgid, where in extracted_messages().items():
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        problem = translation_problem(catalog.get(singular), msgid)
        if problem:
            problems.append(f"{where}: {singular!r}: {problem}")
    assert not problems, f"{len(problems)} message(s) without a proper translation:\n" + "\n".join(problems)


def test_placeholders_are_read_the_way_format_reads_them():
    assert placeholders("{image!r} at {offset}, byte 0x{byte:02x}") == {"image!r", "offset", "byte:02x"}
    assert placeholders("%(prog)s, version %(version)s") == {"prog", "version"}
    assert placeholders("did not find expected ',' or '}'") == set()


# --- the commands -------------------------------------------------------------------------------
# Each runs once as an editor runs it, without the variable ("vi"), and once with BULLETINS_LANG=en.

LANGUAGES = ["vi", "en"]


def vietnamese(msgid: str) -> str:
    """The catalog's Vietnamese for ``msgid``; a message the catalog lacks fails the test."""
    translated = translations("vi").gettext(msgid)
    assert translated != msgid, f"the catalog has no Vietnamese for {msgid!r}"
    return translated


def said(lang: str, english: str, vietnamese_text: str | None = None) -> str:
    """What the command says in ``lang``: the English given, or its Vietnamese (given, or from the catalog)."""
    if lang == "en":
        return english
    return vietnamese_text if vietnamese_text is not None else vietnamese(english)


def run(lang: str, *args, cwd):
    """The real command in a child process, the variable taken away for ``vi`` (the editors' default)."""
    env = {key: value for key, value in os.environ.items() if key != "BULLETINS_LANG"}
    if lang == "en":
        env["BULLETINS_LANG"] = "en"
    return subprocess.run([BULLETINS, *args], cwd=cwd, env=env, capture_output=True, text=True)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (help is wrapped to the terminal)."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new(lang, site_dir):
    result = run(lang, "new", "--title", "Họp chi bộ", "--unit", "dang-uy-khoi", "--date", "12/11/2012",
                 cwd=site_dir.root)
    path = "content/bulletins/2012/11/hop-chi-bo.md"
    assert result.stdout == said(lang, f"Wrote {path} (a draft: remove 'draft: true' when it is ready)\n",
                                 f"Đã ghi {path} (bản nháp: xóa dòng 'draft: true' khi bản tin đã sẵn sàng)\n")
    draft = (site_dir.root / path).read_text(encoding="utf-8")
    assert said(lang, "#     role: Role\n", "#     role: Chức vụ\n") in draft
    assert said(lang, "\nThe bulletin's text.\n", "\nNội dung bản tin.\n") in draft


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check(lang, site_dir):
    site_dir.write("bulletins/a.md", "")
    result = run(lang, "check", cwd=site_dir.root)
    assert result.stderr == said(lang, "1 error(s), 0 warning(s): correct the errors, then run `.venv/bin/bulletins "
                                       "check` again.\n",
                                 "1 lỗi, 0 cảnh báo: sửa các lỗi rồi chạy lại `.venv/bin/bulletins check`.\n")
    assert result.stdout.startswith(said(lang, "bulletins/a.md:1: file: is empty (start it with '---'",
                                         "bulletins/a.md:1: file: trống (mở đầu tệp bằng '---'"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stats(lang, site_dir):
    site_dir.add("bulletins/a.md")
    result = run(lang, "stats", cwd=site_dir.root)
    assert result.stdout.startswith(said(lang, "Bulletins: 1 published, 0 not yet published\n",
                                         "Bản tin: 1 đã đăng, 0 chưa đăng\n"))
    assert "\n" + said(lang, "Unit (with sub-units)", "Đơn vị (gồm đơn vị trực thuộc)") in result.stdout


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo thử</title><link>http://bao.intranet/</link>
<item><title>Chi bộ họp kiểm điểm cuối năm</title><link>http://bao.intranet/tin/1</link>
<guid>http://bao.intranet/tin/1</guid><pubDate>Mon, 12 Nov 2012 07:49:00 GMT</pubDate>
<description>&lt;p&gt;Chi bộ đã họp kiểm điểm.&lt;/p&gt;</description></item>
</channel></rss>
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_import(lang, site_dir):
    (site_dir.root / "feed.xml").write_text(FEED, encoding="utf-8")
    result = run(lang, "import", "feed.xml", "--unit", "dang-uy-khoi", "--dry-run", cwd=site_dir.root)
    summary = said(lang, "Would import {imported}, skipped {present} as already present, rejected {rejected} "
                         "(from {source}).")
    assert result.stderr.endswith(summary.format(imported=1, present=0, rejected=0, source="feed.xml") + "\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ingest(lang, site_dir):
    (site_dir.root / "trong.txt").write_text("", encoding="utf-8")
    result = run(lang, "ingest", "trong.txt", cwd=site_dir.root)
    summary = said(lang, "Wrote {written} draft(s); {failed} file(s) could not be ingested.")
    assert result.returncode == 1
    assert result.stderr.endswith(summary.format(written=0, failed=1) + "\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_publish(lang, site_dir, tmp_path):
    site_dir.add("bulletins/a.md", unit="không có")
    site_dir.config_file()
    dest = tmp_path / "www"
    result = run(lang, "publish", str(dest), cwd=site_dir.root)
    assert result.returncode == 3
    assert result.stderr.startswith(said(lang, f"publish: the check failed, {dest} is unchanged: the content has "
                                               "errors:\n",
                                         f"publish: kiểm tra không đạt, {dest} giữ nguyên: nội dung có lỗi:\n"))
    assert not dest.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", [[], ["new"], ["check"], ["stats"], ["import"], ["ingest"], ["publish"]])
def test_help(lang, command, tmp_path):
    result = run(lang, *command, "--help", cwd=tmp_path)
    usage = " ".join(["bulletins", *command])
    assert result.stdout.startswith(said(lang, "Usage: ", "Cách dùng: ") + f"{usage} [OPTIONS]")
    assert said(lang, "\nOptions:\n", "\nTùy chọn:\n") in result.stdout
    assert said(lang, "Show this message and exit.", "Hiện hướng dẫn này rồi thoát.") in result.stdout
    command_help = (main.commands[command[0]] if command else main).help  # English: the suite sets the variable
    assert flat(said(lang, command_help)) in flat(result.stdout)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_clicks_own_errors(lang, tmp_path):
    result = run(lang, "new", "--titel", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert said(lang, "Error: No such option '--titel'. (Did you mean one of: '--help', '--title', '--unit'?)",
                "Lỗi: Không có tùy chọn '--titel'. (Có phải bạn muốn viết '--help', '--title', '--unit'?)"
                ) in result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_follows_the_variable_set_after_the_cli_was_imported(lang):
    """Help texts are defined at import time and translated when shown: one process shows either."""
    result = CliRunner().invoke(main, ["check", "--help"], env={"BULLETINS_LANG": "en" if lang == "en" else None})
    assert flat(said(lang, "Check every bulletin and both registries; exit 1 on any error.")) in flat(result.output)
    assert said(lang, "Show this message and exit.", "Hiện hướng dẫn này rồi thoát.") in result.output
