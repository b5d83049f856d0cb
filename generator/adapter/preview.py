"""The preview's server (``mkdocs serve``): the system's file events instead of MkDocs' polling, and a page at
every address after a failed build; the only code that reaches into MkDocs' private attributes."""

from __future__ import annotations

from mkdocs.exceptions import Abort, BuildError, MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer

from ..i18n import _
from ..preview import PreviewBuilds, stopped_page
from .problems import ContentErrors

log = get_plugin_logger(__name__)

# What a save, a new file, a deletion, a rename or a touch raise; not a read (the build reads every file).
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileAttribEvent, FileDeletedEvent, FileMovedEvent]


def serve(server: LiveReloadServer, builds: PreviewBuilds, watcher: str) -> LiveReloadServer:
    """The server, watching natively unless ``watcher`` is ``polling``, its builds wrapped by ``builds``."""
    if watcher == "native":
        watch_natively(server)
    server.builder = builds.builder(server.builder, _stopped_page)
    server.set_app(builds.app(server.get_app()))
    return server


def _stopped_page(error: Exception) -> str:
    """What every address of the preview answers after a failed build. MkDocs has printed a build error
    (ours with the content's problems, said before) and raised ``Abort`` while handling it; any other error
    is printed here, where MkDocs' server would have printed it."""
    cause = error.__context__ if isinstance(error, Abort) and isinstance(error.__context__, BuildError) else error
    if cause is error:
        log.error(str(error), exc_info=None if isinstance(error, MkDocsException) else error)
    problems = cause.problems if isinstance(cause, ContentErrors) else []
    return stopped_page(str(cause), [problem for problem in problems if problem.is_error])


class _NativeObserver(Observer):
    """The system's file events, started by ``watch_natively`` already when MkDocs' server starts it."""

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def watch_natively(server: LiveReloadServer) -> None:
    """Move what MkDocs' server watches to the system's file events, before the server starts.

    MkDocs polls: every half second it lists and stats every file of the content folder (10,000 bulletins: a
    tenth of a second of a core each time, taken from a rebuild), and a save waits up to half a second to be
    seen. The server keeps its watches in ``_watch_refs`` (MkDocs 1.6, which is no longer developed). The
    watches are started here, so that where the system refuses one (its limit of watches reached, a folder
    gone) the server keeps polling instead of failing as it starts.
    """
    polling, native = server.observer, _NativeObserver()
    moved = {}
    for path, watch in server._watch_refs.items():
        for handler in polling._handlers.get(watch, ()):
            moved[path] = native.schedule(handler, path, recursive=watch.is_recursive, event_filter=CHANGES)
    try:
        native.start()
    except OSError as error:
        native.unschedule_all()
        log.warning(_("the system's file events cannot watch everything ({error}): the preview polls for changes; "
                      "write `watcher: polling` under `- bulletins:` in mkdocs.yml to go straight to polling").format(
            error=error))
        return
    for watch in server._watch_refs.values():
        polling.unschedule(watch)
    server._watch_refs.update(moved)
    server.observer = native
