"""The plugin's options in mkdocs.yml, and what it sets in MkDocs' own configuration: heading ids, the nav,
the glossary."""

from __future__ import annotations

import posixpath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from ..campaigns import URL_PREFIX as CAMPAIGNS_URL
from ..i18n import _
from ..listings import HOME_LATEST, PER_PAGE
from ..site import Site
from ..vietnamese import heading_slug
from .problems import plugin_error

CAMPAIGNS_INDEX = f"{CAMPAIGNS_URL}index.md"
DEFAULT_NAV = [{"Trang chủ": "index.md"}, {"Đơn vị": "don-vi/index.md"}, {"Đợt kiểm điểm": CAMPAIGNS_INDEX},
               {"Chủ đề": "chu-de/index.md"},
               {"Nhân vật": "nhan-vat/index.md"}, {"Lưu trữ": "luu-tru/index.md"}]


class BulletinsConfig(base.Config):
    per_page = c.Type(int, default=PER_PAGE)
    home_latest = c.Type(int, default=HOME_LATEST)
    feeds = c.Type(bool, default=True)
    # How `mkdocs serve` notices a save: the system's file events (inotify on Linux), or MkDocs' own polling,
    # for folders whose changes raise no events (network shares, some Docker mounts).
    watcher = c.Choice(("native", "polling"), default="native")


def prepare_config(config: MkDocsConfig) -> None:
    """Before the content is read: directory URLs required, ASCII heading ids, the default nav."""
    if not config.use_directory_urls:
        raise plugin_error(_("set use_directory_urls: true in mkdocs.yml (pages are at don-vi/<id>/ and so on)"))
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", heading_slug)
    if config.nav is None:
        config.nav = DEFAULT_NAV


def fit_config_to(config: MkDocsConfig, site: Site) -> None:
    """Once the content is read: no campaigns tab without campaigns (it would be a broken link), and the
    glossary handed to Markdown's ``abbr`` extension."""
    if not site.campaigns:
        config.nav = _without_page(config.nav, CAMPAIGNS_INDEX)
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    config.mdx_configs.setdefault("abbr", {})["glossary"] = site.glossary.terms


def _without_page(nav: list, src_uri: str) -> list:
    """The nav without its entries for the page ``src_uri``, and without sections left empty by that."""
    kept = []
    for entry in nav:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, list):
            target = _without_page(target, src_uri)
            if not target:
                continue
        elif posixpath.normpath(target) == src_uri:
            continue
        kept.append(target if title is None else {title: target})
    return kept
