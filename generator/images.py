"""A picture's size in pixels, read from the head of its file: a bulletin's ``<img>`` carries width and height, so
the page keeps its place while the picture loads. PNG, GIF, WebP, JPEG (turned as its EXIF orientation says) and
SVG; no picture library, and no more of a file is read than its header."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple


class Size(NamedTuple):
    width: int
    height: int


_HEAD = 32  # bytes: enough for the PNG, GIF and WebP headers
_SVG_HEAD = 64 * 1024  # an SVG's root element may follow an XML prolog, comments and a DOCTYPE
_LARGEST = 1 << 24  # pixels a side

_JPEG = b"\xff\xd8"
# JPEG markers: start-of-frame (every SOFn but DHT C4, JPG C8 and DAC CC), markers without a length.
_FRAME = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_NO_FRAME = frozenset({0xD9, 0xDA})  # end of image, start of scan: no frame header before them
_EXIF = b"Exif\0\0"
_ORIENTATION_TAG = 0x0112
_QUARTER_TURNS = frozenset({5, 6, 7, 8})  # EXIF orientations shown turned by 90°: width and height swap

_SVG_TAG = re.compile(rb"<svg\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LENGTH = re.compile(rb"\s*(\d*\.?\d+(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*")
_PIXELS_PER_UNIT = {None: 1.0, b"px": 1.0, b"pt": 96 / 72, b"pc": 16.0, b"mm": 96 / 25.4, b"cm": 96 / 2.54,
                    b"in": 96.0}
_NUMBERS = re.compile(rb"[\s,]+")


def picture_size(path: Path) -> Size | None:
    """The size of the picture at ``path``; None when it cannot be read or its format is not one of ours."""
    try:
        with path.open("rb") as stream:
            return image_size(stream)
    except OSError:
        return None


def image_size(stream: BinaryIO) -> Size | None:
    """The size of the picture ``stream`` holds, read from its start; None for another format or a broken header."""
    head = stream.read(_HEAD)
    if head.startswith(_JPEG):
        stream.seek(len(_JPEG))
        return _jpeg(stream)
    for signature, length, reader in _BY_SIGNATURE:
        if head.startswith(signature):
            return reader(head) if len(head) >= length else None
    return _svg(head + stream.read(_SVG_HEAD - _HEAD))


def _size(width: float, height: float) -> Size | None:
    """Whole pixels, at least one; None for a side of zero, below it or beyond any picture (an SVG's 1e400)."""
    if not (0 < width < _LARGEST and 0 < height < _LARGEST):
        return None
    return Size(max(1, round(width)), max(1, round(height)))


def _png(head: bytes) -> Size | None:
    return _size(*struct.unpack_from(">II", head, 16)) if head[12:16] == b"IHDR" else None


def _gif(head: bytes) -> Size | None:
    return _size(*struct.unpack_from("<HH", head, 6))


def _webp(head: bytes) -> Size | None:
    """The three WebP kinds: lossy (VP8), lossless (VP8L) and extended (VP8X, its canvas)."""
    if head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", head, 26)
        return _size(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and head[20] == 0x2F:
        (bits,) = struct.unpack_from("<I", head, 21)
        return _size((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
    if chunk == b"VP8X":
        return _size(int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1)
    return None


# Each format's signature, the bytes its reader needs, the reader.
_BY_SIGNATURE = ((b"\x89PNG\r\n\x1a\n", 24, _png), (b"GIF87a", 10, _gif), (b"GIF89a", 10, _gif), (b"RIFF", 30, _webp))


def _jpeg(stream: BinaryIO) -> Size | None:
    """Walk the segments after the start of image to the frame header; an EXIF segment before it may turn it."""
    orientation = 1
    while stream.read(1) == b"\xff":
        marker = stream.read(1)
        while marker == b"\xff":  # fill bytes
            marker = stream.read(1)
        if not marker or marker[0] in _NO_FRAME:
            return None
        if marker[0] in _STANDALONE:
            continue
        length = stream.read(2)
        size = struct.unpack(">H", length)[0] - 2 if len(length) == 2 else -1
        if size < 0:
            return None
        if marker[0] in _FRAME:
            frame = stream.read(5)  # precision, height, width
            if len(frame) < 5:
                return None
            height, width = struct.unpack_from(">HH", frame, 1)
            return _size(height, width) if orientation in _QUARTER_TURNS else _size(width, height)
        if marker == b"\xe1":
            segment = stream.read(size)
            if segment.startswith(_EXIF):
                orientation = _exif_orientation(segment[len(_EXIF):])
        else:
            stream.seek(size, io.SEEK_CUR)
    return None


def _exif_orientation(tiff: bytes) -> int:
    """The Orientation tag of the first image directory of an EXIF block (a TIFF header); 1 when absent."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    (directory,) = struct.unpack_from(order + "I", tiff, 4)
    if directory + 2 > len(tiff):
        return 1
    (count,) = struct.unpack_from(order + "H", tiff, directory)
    for entry in range(directory + 2, min(directory + 2 + 12 * count, len(tiff) - 11), 12):
        tag, _type, _count, value = struct.unpack_from(order + "HHIH", tiff, entry)
        if tag == _ORIENTATION_TAG:
            return value
    return 1


def _svg(head: bytes) -> Size | None:
    """The root element's width and height in absolute units; the viewBox gives a missing one (or both) by its
    proportions. A width in % or em has no size of its own: the viewBox decides."""
    tag = _SVG_TAG.search(head)
    if tag is None:
        return None
    attributes = {name: double or single for name, double, single in _ATTRIBUTE.findall(tag.group(1))}
    width, height = _length(attributes.get(b"width")), _length(attributes.get(b"height"))
    if width and height:
        return _size(width, height)
    box = _view_box(attributes.get(b"viewBox"))
    if box is None:
        return None
    box_width, box_height = box
    if width:
        return _size(width, width * box_height / box_width)
    if height:
        return _size(height * box_width / box_height, height)
    return _size(box_width, box_height)


def _length(value: bytes | None) -> float | None:
    found = _LENGTH.fullmatch(value) if value else None
    return float(found.group(1)) * _PIXELS_PER_UNIT[found.group(2)] if found else None


def _view_box(value: bytes | None) -> tuple[float, float] | None:
    numbers = _NUMBERS.split(value.strip()) if value else []
    try:
        _x, _y, width, height = map(float, numbers)
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None
