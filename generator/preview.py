"""What the editor's preview (``mkdocs serve``) shows of problems: a page that says them, never silence.

A bulletin with an error is shown as ``bulletin_error_page`` at its address while every other page keeps
building. An error that stops the whole build (a broken registry) is answered at every address with
``stopped_page`` (``PreviewBuilds``), where MkDocs' own server would keep the browser waiting without a word.
The terminal says each problem once (``SaidOnce``), not again on every save.

The pages are self-contained (their style inline, nothing loaded from anywhere), escaped, and in the reader's
language (``i18n``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

from markupsafe import Markup, escape

from .errors import Problem
from .i18n import _, language

STOPPED_STATUS = "503 Service Unavailable"

_STYLE = """\
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.25;color:#9b0000}
ol{padding-left:1.5rem}
li{margin:0 0 1rem;padding:.5rem 1rem;border-left:.3rem solid #9b0000;background:#fbeeee}
li.warning{border-color:#7a4d00;background:#fbf4e4}
li p{margin:.25rem 0}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;background:#0000000f;padding:0 .2em;overflow-wrap:anywhere}
a{color:#0b4f9c}
.cause{white-space:pre-line}"""

# Reloads the stopped page once the preview has built again. It asks MkDocs' live-reload address, as MkDocs'
# own script does: ``/livereload/0/0`` answers at once with the number of the last build (``PreviewBuilds``
# makes a failed build count too), and ``/livereload/<n>/<id>`` answers when a later one has ended (or after a
# minute). Between learning the number and waiting on it the page itself is asked again, so that a good build
# ending in between is not missed.
_RELOAD_WHEN_BUILT = """\
(function () {
  function ask(url) { return fetch(url, {cache: "no-store"}); }
  function wait(epoch) {
    ask("/livereload/" + epoch + "/" + Date.now()).then(function (answer) { return answer.text(); }).then(
      function (text) { if (parseFloat(text) > epoch) { location.reload(); } else { wait(epoch); } },
      function () { setTimeout(function () { wait(epoch); }, 3000); });
  }
  ask("/livereload/0/0").then(function (answer) { return answer.text(); }).then(function (epoch) {
    return ask(location.href).then(function (page) {
      if (page.status === 503) { wait(parseFloat(epoch)); } else { location.reload(); }
    });
  }, function () { setTimeout(function () { location.reload(); }, 3000); });
})();"""


def bulletin_error_page(problems: Sequence[Problem], url: str) -> str:
    """The page the preview shows at the address ``url`` of a bulletin whose file has errors, in its place."""
    files = sorted({problem.path for problem in problems})
    depth = len(url.strip("/").split("/")) if url.strip("/") else 0
    home = "../" * depth or "./"
    lead = escape(_("The preview shows this page instead of the bulletin until its file is fixed. Correct each "
                    "problem below and save the file: the bulletin comes back by itself."))
    others = escape(_("Every other page of the preview still works: {home}.")).format(
        home=Markup('<a href="{}">{}</a>').format(home, _("go to the home page")))
    return _page(_("Errors in {files}").format(files=", ".join(files)), _("This bulletin has errors"),
                 [lead, others], problems)


def stopped_page(cause: str, problems: Sequence[Problem] = ()) -> str:
    """The page the preview answers at every address while the last build failed: ``cause`` is what stopped
    it, ``problems`` the content's errors, if that was the cause. It reloads itself once a build succeeds."""
    lead = escape(_("No page can be built until this is fixed. Correct it and save the file: this page "
                    "reloads by itself when the preview has built again."))
    paragraphs = [lead, Markup('<span class="cause">{}</span>').format(cause)] if cause else [lead]
    return _page(_("The preview has stopped"), _("The preview has stopped"), paragraphs, problems,
                 script=_RELOAD_WHEN_BUILT)


def _page(title: str, heading: str, paragraphs: list[Markup], problems: Sequence[Problem], script: str = "") -> str:
    errors = [problem for problem in problems if problem.is_error]
    listed = [*errors, *(problem for problem in problems if not problem.is_error)]
    parts = [
        Markup('<!doctype html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               '<meta name="robots" content="noindex">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n'
               '<body>\n<main>\n<h1>{}</h1>\n').format(language(), title, Markup(_STYLE), heading),
        *(Markup("<p>{}</p>\n").format(paragraph) for paragraph in paragraphs),
    ]
    if listed:
        parts.append(Markup("<ol>\n{}</ol>\n").format(Markup("").join(_items(listed))))
    parts.append(Markup("</main>\n"))
    if script:
        parts.append(Markup("<script>\n{}\n</script>\n").format(Markup(script)))
    parts.append(Markup("</body>\n</html>\n"))
    return str(Markup("").join(parts))


def _items(problems: Iterable[Problem]) -> Iterator[Markup]:
    """Each problem as the check prints it, split into its parts: where, what is wrong, what to do."""
    for problem in problems:
        kind, label = ("error", _("Error")) if problem.is_error else ("warning", _("Warning"))
        where = escape(_("file {path}, line {line}, field {field}")).format(
            path=Markup("<code>{}</code>").format(problem.path), line=problem.line,
            field=Markup("<code>{}</code>").format(problem.field))
        todo = escape(_("What to do: {hint}")).format(hint=problem.hint) if problem.hint else ""
        yield Markup('<li class="{}">\n<p><strong>{}</strong>: {}</p>\n<p>{}</p>\n{}</li>\n').format(
            kind, label, where, problem.message, Markup("<p>{}</p>\n").format(todo) if todo else "")


class SaidOnce:
    """Which problems the terminal has said, so that a preview says each once rather than on every save.

    A problem still there at the next build is not said again; one fixed and then made again is. Builds are
    marked with ``next_build``, as ``incremental.Fingerprints`` does, and a failed one with ``build_failed``.
    """

    def __init__(self):
        self._before: set[Problem] = set()
        self._now: set[Problem] = set()

    def next_build(self) -> None:
        self._before, self._now = self._now, set()

    def build_failed(self) -> None:
        """A failed build stopped before it met every problem: those said before stay said."""
        self._now |= self._before

    def new(self, problems: Iterable[Problem]) -> list[Problem]:
        """Of ``problems``, those not said at the previous build nor yet at this one, in order."""
        problems = set(problems)
        fresh = sorted(problems - self._before - self._now)
        self._now |= problems
        return fresh


WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


class PreviewBuilds:
    """The preview's builds as the requests of its server see them.

    MkDocs' server holds every request until a build succeeds, and after a failed one for as long as the content
    stays broken: the browser waits without a word, and the terminal says the server "will appear stuck".
    ``builder`` wraps the server's builder so that a failed build ends as any other (the server goes on and
    reloads the browsers) with a page saying what stopped it, and ``app`` wraps its WSGI application so that every
    address answers with that page until a build succeeds. A request that comes during a build waits for its end,
    as MkDocs' own requests do; MkDocs' live-reload address is left to MkDocs.
    """

    def __init__(self):
        self._changed = threading.Condition()
        self._building = False
        self._stopped: str | None = None  # the page, while the last build failed

    def builder(self, build: Callable[[], None], stopped_page: Callable[[Exception], str]) -> Callable[[], None]:
        """``build``, which then raises nothing: a failure makes ``stopped_page(error)`` every address's page."""

        def build_or_stop() -> None:
            with self._changed:
                self._building = True
            page = None
            try:
                build()
            except Exception as error:  # said by stopped_page; raised on, it would leave the server waiting
                page = stopped_page(error)
            finally:
                with self._changed:
                    self._building, self._stopped = False, page
                    self._changed.notify_all()

        return build_or_stop

    def app(self, app: WsgiApp) -> WsgiApp:
        """``app``, except that after a failed build every address but live-reload's answers with its page (503)."""

        def serve(environ: dict, start_response: Callable) -> Iterable[bytes]:
            if environ.get("PATH_INFO", "").startswith("/livereload/"):
                return app(environ, start_response)
            with self._changed:
                self._changed.wait_for(lambda: not self._building)
                page = self._stopped
            if page is None:
                return app(environ, start_response)
            body = page.encode("utf-8")
            start_response(STOPPED_STATUS, [("Content-Type", "text/html; charset=utf-8"),
                                            ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))])
            return [body]

        return serve
