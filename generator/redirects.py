"""Old addresses of a bulletin (``aliases:``) and the small redirect pages that keep them working.

An alias is the address a bulletin had before its file was renamed or moved: ``bulletins/2012/11/old/``,
``/bulletins/2012/11/old/``, ``http://bantin.intranet/bulletins/2012/11/old/`` or a page of an older site
such as ``tin-tuc/123.html``. Each becomes a page at that address sending the reader on to the new one.
An alias that is already the address of something else is an error.
"""

from __future__ import annotations

import enum
import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit

from .errors import HintedError, Problem
from .i18n import N_, _

FIELD = "aliases"
_PAGE_SUFFIXES = (".html", ".htm")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Never in an address, even percent-encoded: they would only make a file name that no link can reach.
_NOT_IN_ADDRESS = re.compile(r'[\x00-\x1f\x7f<>"]')
_AS_SHOWN = N_("write the old address as the browser showed it, e.g. bulletins/2012/11/ten-cu/")


class AliasError(HintedError, ValueError):
    """An ``aliases`` entry that is not a page address of the site."""


class Claim(enum.Enum):
    """What already holds an address an alias names; each value is the whole sentence an editor reads."""

    FILE = N_("/{alias} is already the address of {name}")
    PAGE = N_("/{alias} is already the generated page /{name}")
    ALIAS = N_("/{alias} is already an alias of {name}")


@dataclass(frozen=True)
class Alias:
    """One old address (``url``, relative to the site root) and the front-matter line it was written on."""

    url: str
    line: int

    @property
    def file(self) -> str:
        """The output file a browser asks for at this address."""
        return self.url if self.url.endswith(_PAGE_SUFFIXES) else f"{self.url}index.html"


def alias_url(text: str) -> str:
    """The address an alias names, relative to the site root: ``bulletins/2012/11/old/`` or ``a/b.html``."""
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise AliasError(_("{text!r} is a {scheme}: address, not a page of a web site")
                         .format(text=text, scheme=scheme.group(1)),
                         _("write the old page's path, e.g. bulletins/2012/11/ten-cu/"))
    path = urlsplit(text).path if scheme else text
    if "?" in path or "#" in path:
        raise AliasError(_("{text!r} has a '?' or '#' part, which a static site cannot tell apart").format(text=text),
                         _("write only the address's path, e.g. bulletins/2012/11/ten-cu/"))
    if "\\" in unquote(path):
        raise AliasError(_("{text!r} is not a web address").format(text=text), _("use '/' between folders"))
    if _NOT_IN_ADDRESS.search(unquote(path)):
        raise AliasError(_("{text!r} has characters no web address holds (<, >, \" or control characters)")
                         .format(text=text), _(_AS_SHOWN))
    parts = [part for part in unquote(path).split("/") if part]
    if not parts:
        raise AliasError(_("{text!r} is the home page").format(text=text),
                         _("write the bulletin's old address, e.g. bulletins/2012/11/ten-cu/"))
    if any(part in (".", "..") for part in parts):
        raise AliasError(_("{text!r} climbs out of the site with '.' or '..'").format(text=text),
                         _("write the address from the site root, e.g. bulletins/2012/11/ten-cu/"))
    if parts[-1].endswith(".md"):
        raise AliasError(_("{text!r} is a file name, not an address").format(text=text), _(_AS_SHOWN))
    joined = "/".join(parts)
    return joined if joined.endswith(_PAGE_SUFFIXES) else f"{joined}/"


class Aliased(Protocol):
    """What a redirect needs of a bulletin; named here so that this module, which ``content`` imports for
    ``Alias``, need not import ``content`` back."""

    @property
    def path(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def aliases(self) -> tuple[Alias, ...]: ...


@dataclass(frozen=True)
class Redirect:
    """A page at ``alias.url`` pointing readers to ``target_url``."""

    source: str
    alias: Alias
    target_url: str
    title: str

    @property
    def file(self) -> str:
        return self.alias.file

    def html(self, site_url: str | None = None) -> str:
        here = posixpath.dirname(self.file)
        link = html.escape(posixpath.relpath(self.target_url, here or ".") + "/", quote=True)
        canonical = (f'\n<link rel="canonical" href="{html.escape(site_url.rstrip("/") + "/" + self.target_url)}">'
                     if site_url else "")
        title = html.escape(self.title)
        return (
            '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Đã chuyển: {title}</title>\n"
            '<meta name="robots" content="noindex">'
            f'{canonical}\n<meta http-equiv="refresh" content="0; url={link}">\n</head>\n<body>\n'
            f'<p>Bản tin đã chuyển sang địa chỉ mới: <a href="{link}">{title}</a>.</p>\n</body>\n</html>\n'
        )


def plan_redirects(bulletins: Iterable[Aliased], taken: Mapping[str, tuple[Claim, str]]
                   ) -> tuple[list[Redirect], list[Problem]]:
    """A redirect for every alias, and a problem for each alias whose address is already in use.

    ``taken`` maps each output file of the site (``don-vi/x/index.html``) to what is published there and its
    name (``(Claim.PAGE, "don-vi/x/")``). Aliases also must not repeat one another.
    """
    claimed = dict(taken)
    redirects, problems = [], []
    for bulletin in bulletins:
        own_file = f"{bulletin.url}index.html"
        for alias in bulletin.aliases:
            if alias.file == own_file:
                problems.append(Problem(bulletin.path, alias.line, FIELD,
                                        _("/{alias} is this bulletin's own address").format(alias=alias.url),
                                        _("remove it: only old addresses are aliases")))
            elif alias.file in claimed:
                claim, name = claimed[alias.file]
                problems.append(Problem(bulletin.path, alias.line, FIELD,
                                        _(claim.value).format(alias=alias.url, name=name),
                                        _("remove the alias, or rename the page that uses that address")))
            else:
                claimed[alias.file] = (Claim.ALIAS, bulletin.path)
                redirects.append(Redirect(bulletin.path, alias, bulletin.url, bulletin.title))
    return redirects, problems


def alias_problems(bulletins: list[Aliased]) -> list[Problem]:
    """Aliases clashing with a bulletin's address or with another alias (the rest is checked at build)."""
    taken = {f"{bulletin.url}index.html": (Claim.FILE, bulletin.path) for bulletin in bulletins}
    return plan_redirects(bulletins, taken)[1]
