"""How a build tells the content's problems: each said once in the terminal, then the error MkDocs stops with."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..errors import Problem
from ..i18n import ngettext
from ..preview import SaidOnce
from ..site import Site

log = get_plugin_logger(__name__)


def _plugin_message(message: str) -> str:
    """What the build stops with, naming the plugin: MkDocs prints it after ``ERROR -``."""
    return f"bulletins: {message}"


class ContentErrors(PluginError):
    """The content's errors, said in the terminal one a line before this is raised (``Problems.stop``);
    the preview shows them at every address until a build succeeds."""

    def __init__(self, problems: list[Problem]):
        count = sum(problem.is_error for problem in problems)
        super().__init__(_plugin_message(ngettext(
            "the content has {count} error: nothing is built until it is fixed",
            "the content has {count} errors: nothing is built until they are fixed", count).format(count=count)))
        self.problems = problems


class Problems:
    """The terminal's side of the content's problems, kept across a preview's rebuilds."""

    def __init__(self):
        self._said = SaidOnce()

    def next_build(self) -> None:
        self._said.next_build()

    def build_failed(self) -> None:
        """What a failed build said stays said: the next build says only what is new."""
        self._said.build_failed()

    def say(self, problems: Iterable[Problem]) -> None:
        """Each problem in the terminal, one a line; a preview's rebuild leaves out those said at the last one."""
        for problem in self._said.new(problems):
            (log.error if problem.is_error else log.warning)(str(problem))

    def say_site(self, site: Site) -> None:
        """The warnings of a site that builds, and how many drafts have some (drafts stop not even --strict)."""
        self.say([*site.warnings, *(problem for found in site.broken.values() for problem in found)])
        if count := len(site.draft_warnings):
            log.info(ngettext(
                "{count} warning about drafts, which are not published: `.venv/bin/bulletins check` lists it",
                "{count} warnings about drafts, which are not published: `.venv/bin/bulletins check` lists them",
                count).format(count=count))

    def stop(self, problems: list[Problem]) -> ContentErrors:
        """The error that stops the build, once its problems are said."""
        self.say(problems)
        return ContentErrors(problems)


def plugin_error(message: str) -> PluginError:
    """An error of the site's set-up, not of its content: MkDocs stops with it."""
    return PluginError(_plugin_message(message))

