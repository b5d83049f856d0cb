"""Reading content files: strict UTF-8, BOM and CRLF accepted, NFC on the way in."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem
from .i18n import _
from .vietnamese import nfc
from .yamlsource import YamlDocument, YamlSyntaxError, load_yaml

MAX_BYTES = 5 * 1024 * 1024


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """The file's text in NFC with LF line ends, or None and the reason it cannot be read."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # never more: a huge file costs no more memory than this
            size = os.fstat(stream.fileno()).st_size
    except OSError as error:
        return None, [Problem(name, 1, "file", _("cannot be read: {reason}").format(reason=error.strerror),
                              _("check the file's permissions"))]
    if len(data) > MAX_BYTES:
        return None, [Problem(name, 1, "file", _("is {size} MB, larger than the {limit} MB a bulletin may be")
                              .format(size=max(size, len(data)) // 1024 // 1024, limit=MAX_BYTES // 1024 // 1024),
                              _("split it or move images out"))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(name, line, "file", _("is not valid UTF-8 (byte 0x{byte:02x} at offset {offset})")
                              .format(byte=data[error.start], offset=error.start),
                              _("save the file as UTF-8 in your editor"))]
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), []


def read_yaml_file(path: Path, name: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    try:
        return load_yaml(text), []
    except YamlSyntaxError as error:
        return None, [Problem(name, error.line, "file", error.message, _("check indentation, colons and quotes"))]
