"""What keeps a build fast and small in memory: compiled templates across a preview's rebuilds, parts of pages
rendered once and shared, bulletins' HTML held packed between MkDocs' two loops, and Python's garbage collector
kept off what a build reads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, Template
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.structure.pages import Page

from ..content import Bulletin, pack, unpack
from ..incremental import Fragments
from ..site import Site

COLLECT_AFTER = 0.5  # seconds after a preview build


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept across the rebuilds of one ``mkdocs serve``: MkDocs makes a new Jinja
    environment for every build, which would compile every template again. An edited template's checksum
    differs, so it is compiled afresh."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Rendering:
    """The templates, compiled once per process, and the parts of pages rendered once per build: Material's
    chrome per link key (``_link_key``), a bulletin's card."""

    def __init__(self):
        self.templates = CompiledTemplates()
        self.fragments = Fragments()
        self._cards: dict[tuple[str, bool], bytes] = {}
        self.card_template: Template | None = None

    def next_build(self) -> None:
        self.fragments.clear()
        self._cards.clear()

    def prepare(self, env: Environment, kept_in: Path | None = None) -> None:
        """Hand MkDocs' new Jinja environment the compiled templates and ``chrome`` for pages MkDocs renders
        without a page context (404.html). ``kept_in``: a folder that keeps them for later processes (a
        build; compiling Material's templates is a second), else they are kept in memory (a preview)."""
        if kept_in is not None:
            kept_in.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(kept_in))
        else:
            env.bytecode_cache = self.templates
        env.globals["chrome"] = render_in_place
        self.card_template = env.get_template("bulletins/card.html")

    def chrome(self, page: Page) -> Callable[[str, Callable[[], str]], str]:
        """``chrome(name, make)`` for ``page``: shared by the pages outside the nav with its link key."""
        return self.fragments.renderer(_link_key(page.url)) if page.file.inclusion.is_not_in_nav() else render_in_place

    def card_renderer(self, page_url: str, site: Site) -> Callable[..., Markup]:
        """``card(item, role, thumbnail)``: a bulletin's card in a list, rendered once per build with its links
        from a mark for the site root, which each page replaces with its path to the root (``../../don-vi/x/``);
        MkDocs would write some of them shorter (``../x/``), to the same place. An added bulletin moves every card
        of its units' and topics' pages to the next page: without sharing, each move rendered the card again."""
        root = _root_path(page_url)
        prefix = f"{root}/".encode() if root else b""

        def card(item: Bulletin, role: str | None = None, thumbnail: bool = False) -> Markup:
            if role is not None:  # a person's card shows the role held in that bulletin: it is shown once
                html = self._card_html(item, role, thumbnail, site)
            else:
                html = self._cards.get((item.path, thumbnail))
                if html is None:
                    html = self._cards[item.path, thumbnail] = self._card_html(item, None, thumbnail, site)
            return Markup(html.replace(_ROOT_MARK, prefix).decode())

        return card

    def _card_html(self, item: Bulletin, role: str | None, thumbnail: bool, site: Site) -> bytes:
        """A card's HTML in UTF-8, its links starting from ``_ROOT_MARK``: kept until the build ends, as a str of
        Vietnamese text it took 80% more (at 10,000 bulletins the cards were the largest thing rendering added)."""
        # With no page, MkDocs' url filter joins a path to base_url: "\0/don-vi/x/" here.
        return self.card_template.render(item=item, role=role, thumbnail=thumbnail, page=None, base_url="\0",
                                         bulletin_status_of=site.status).encode()


# Where a card's links start, replaced by each page's path to the root: no text of a page holds it (YAML and
# Markdown read no NUL).
_ROOT_MARK = b"\0/"


class PackedHtml:
    """Bulletins' HTML from its conversion to its page's rendering. MkDocs converts every page's Markdown before it
    renders any, holding all their HTML at once: 4.4 KB a bulletin, 440 MB at 100,000; packed, a third of it."""

    def __init__(self):
        self._held: dict[str, bytes] = {}

    def hold(self, page: Page, html: str) -> str:
        """Keep ``html``, the page's content until ``give_back``: what the page holds meanwhile (nothing)."""
        self._held[page.file.src_uri] = pack(html)
        return ""

    def give_back(self, page: Page) -> None:
        if (packed := self._held.pop(page.file.src_uri, None)) is not None:
            page.content = unpack(packed)

    def clear(self) -> None:
        self._held.clear()


def render_in_place(name: str, make: Callable[[], str]) -> str:
    """``chrome`` for a page that shares no part with others: each part rendered where it stands."""
    return make()


def _root_path(url: str) -> str:
    """The relative path from the page at ``url`` to the site root: ``../..`` from ``don-vi/x/``."""
    depth = len(url.strip("/").split("/")) if url.strip("/") else 0
    return "/".join([".."] * depth)


def _link_key(url: str) -> str:
    """Pages with the same key get the same relative links to the nav's sections and the assets.

    MkDocs writes each link relative to the page: ``don-vi/`` is ``../`` from ``don-vi/x/`` but
    ``../../don-vi/`` from ``luu-tru/2012/``. The targets are the site root, the sections and the assets,
    all one folder deep, so the page's first folder and its depth decide every link.
    """
    parts = url.strip("/").split("/")
    return f"{parts[0]}/{len(parts)}"


@contextmanager
def kept_from_collector() -> Iterator[None]:
    """What is made inside stays out of the cyclic garbage collector's passes (``gc.freeze``) until
    ``release_memory``: it lives until the build ends, and each full pass would walk every bulletin, page
    and index again, which was a third of a preview rebuild at 10,000 bulletins."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def release_memory(serving: bool) -> None:
    """Hand what this build read back to the garbage collector, in a preview: it collects it a moment after the
    build, while it waits for the next save (the server shows no page until a build has ended, and the
    collection would be a tenth of a rebuild if it ran inside the next one). A build's process ends with the
    build: handed back, all it read would be walked once more as Python exits (a second at 10,000 bulletins);
    kept out, only what is part of a reference cycle outlives it, in a program that builds many times in one
    process (the tests: about 2,000 objects a build of the sample site)."""
    if not serving:
        return
    gc.unfreeze()
    collect = threading.Timer(COLLECT_AFTER, gc.collect)
    collect.daemon = True
    collect.start()
