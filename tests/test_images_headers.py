"""Pictures' sizes from headers made by hand, byte by byte (generator/images.py): each field where the format puts
it, the bits around it that are not the size, the shortest header that still says it, and what is cut off or
foreign. Fast, with no browser: tests/test_images.py checks the same reader against what Chromium decodes."""

import io
import struct

import pytest

from generator.images import Size, image_size

SVG_HEAD = 64 * 1024  # bytes of an SVG the reader looks at for its root element


def size_of(data: bytes) -> Size | None:
    return image_size(io.BytesIO(data))


def png(width: int, height: int, chunk: bytes = b"IHDR") -> bytes:
    """A PNG's signature and the start of its first chunk: exactly the 24 bytes the reader needs."""
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, chunk, width, height)


def gif(width: int, height: int, version: bytes = b"89a") -> bytes:
    """A GIF's signature and its screen's size: exactly the 10 bytes the reader needs."""
    return b"GIF" + version + struct.pack("<HH", width, height)


def riff(chunk: bytes, payload: bytes, kind: bytes = b"WEBP") -> bytes:
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(payload)) + kind + chunk + struct.pack("<I", len(payload)) + payload


def vp8(width: int, height: int, scale: int = 0, start: bytes = b"\x9d\x01\x2a") -> bytes:
    """A lossy WebP up to its sizes (30 bytes); ``scale`` fills the two bits above each 14-bit size."""
    return riff(b"VP8 ", b"\x50\x02\0" + start + struct.pack("<HH", scale << 14 | width, scale << 14 | height))


def vp8l(width: int, height: int, signature: int = 0x2F) -> bytes:
    """A lossless WebP up to the 30 bytes the reader needs: width - 1 and height - 1 in 14 bits each, then the alpha
    bit (set here), then the start of the picture's bits."""
    bits = 1 << 28 | (height - 1) << 14 | (width - 1)
    return riff(b"VP8L", bytes([signature]) + struct.pack("<I", bits) + bytes(5))


def vp8x(width: int, height: int) -> bytes:
    """An extended WebP up to its canvas (30 bytes): width - 1 and height - 1 in three bytes each."""
    return riff(b"VP8X", b"\x10\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))


def segment(marker: int, payload: bytes = b"") -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def frame(width: int, height: int, marker: int = 0xC0) -> bytes:
    """A start-of-frame: precision, height, width, then three components."""
    return segment(marker, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\0\x02\x11\x01\x03\x11\x01")


def jpeg(*parts: bytes) -> bytes:
    return b"\xff\xd8" + b"".join(parts)


def tiff(order: str, entries: list[tuple[int, int]], *, directory: int = 8, count: int | None = None,
         tail: bytes | None = None) -> bytes:
    """A TIFF header and one image directory of SHORT ``(tag, value)`` entries at ``directory``; ``tail`` (by default
    the next directory's offset, 0) ends it."""
    mark = {"<": b"II*\0", ">": b"MM\0*"}[order]
    body = b"".join(struct.pack(order + "HHIHH", tag, 3, 1, value, 0) for tag, value in entries)
    padding = bytes(directory - 8)
    tail = struct.pack(order + "I", 0) if tail is None else tail
    return mark + struct.pack(order + "I", directory) + padding + struct.pack(
        order + "H", len(entries) if count is None else count) + body + tail


def exif(block: bytes) -> bytes:
    return segment(0xE1, b"Exif\0\0" + block)


ORIENTATION, WIDTH_TAG = 0x0112, 0x0100


def svg(attributes: str) -> bytes:
    return f"<svg {attributes}>".encode()


def svg_ending_at(end: int) -> bytes:
    """An SVG of 3 × 4 whose root element's last byte is the file's ``end``-th, after a long comment."""
    tag = svg('width="3" height="4"')
    return b"<!--" + b"x" * (end - len(tag) - 7) + b"-->" + tag


@pytest.mark.parametrize(("data", "size"), [
    (png(640, 4000), (640, 4000)),
    (png(0x123456, 1), (0x123456, 1)),
    (png(1, 0xFFFFFF), (1, 0xFFFFFF)),  # the largest side there is
    (png(3, 2) + b"rest of the file", (3, 2)),
    (gif(300, 2), (300, 2)),
    (gif(0xFFFF, 40000), (0xFFFF, 40000)),  # sizes of 16 bits without a sign
    (gif(2, 300, b"87a"), (2, 300)),
    (vp8(300, 2), (300, 2)),
    (vp8(2, 300, scale=3), (2, 300)),  # the scale bits are no part of the size
    (vp8l(300, 2), (300, 2)),
    (vp8l(16384, 1), (16384, 1)),  # 14 bits of width - 1: the largest
    (vp8l(1, 16384), (1, 16384)),
    (vp8x(70000, 3), (70000, 3)),
    (vp8x(3, 0xFFFFFF), (3, 0xFFFFFF)),
    (vp8x(5, 7) + b"ALPH", (5, 7)),  # the next chunk's name right after the canvas
])
def test_each_format_gives_its_width_and_height(data, size):
    assert size_of(data) == size


@pytest.mark.parametrize("data", [
    png(640, 400)[:-1],  # one byte short of the height
    png(640, 400, chunk=b"IDAT"),  # the header chunk must come first
    png(0, 400), png(640, 0),
    png(1 << 24, 1), png(1, 1 << 24),  # a side of 2^24 pixels or more is no picture's
    gif(300, 2)[:-1], gif(0, 2), gif(300, 0),
    vp8(300, 2)[:-1],
    vp8(300, 2, start=b"\x9d\x01\x2b"),  # no VP8 start code
    vp8(0, 2), vp8(300, 0),
    vp8l(300, 2, signature=0x2E),
    vp8x(1 << 24, 1), vp8x(1, 1 << 24),
    riff(b"VP8Z", bytes(20)),
    riff(b"VP8X", bytes(20), kind=b"WAVE"),
    b"GIF90a" + bytes(10),
])
def test_a_header_cut_off_wrong_or_out_of_bounds_has_no_size(data):
    assert size_of(data) is None


@pytest.mark.parametrize(("data", "size"), [
    (jpeg(frame(300, 2)), (300, 2)),
    (jpeg(frame(2, 300, marker=0xC2)), (2, 300)),  # progressive
    (jpeg(frame(300, 2))[:11], (300, 2)),  # the frame header's five bytes suffice
    (jpeg(segment(0xE0, b"JFIF\0\1\1\0\0\1\0\1\0\0"), segment(0xDB, bytes(65)), frame(300, 2)), (300, 2)),
    (jpeg(segment(0xC4, struct.pack(">BHH", 8, 7, 9)), frame(300, 2)), (300, 2)),  # a Huffman table, no frame
    (jpeg(segment(0xFE), frame(300, 2)), (300, 2)),  # an empty comment
    (jpeg(b"\xff\x01\xff\xd0", frame(300, 2)), (300, 2)),  # markers without a length
    (b"\xff\xd8\xff\xff\xff" + frame(300, 2)[1:], (300, 2)),  # fill bytes before a marker
    (jpeg(segment(0xFE, bytes(1000)), segment(0xFE, b"x" * 30), frame(300, 2)), (300, 2)),
    (jpeg(segment(0xFE, bytes(40000)), frame(300, 2)), (300, 2)),  # a length of 16 bits without a sign
    (jpeg(frame(40000, 0xFFFF)), (40000, 0xFFFF)),
    (jpeg(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + tiff(">", [(ORIENTATION, 6)])), frame(300, 2)), (300, 2)),
])
def test_a_jpegs_size_is_its_frames_after_any_other_segments(data, size):
    assert size_of(data) == size


@pytest.mark.parametrize("data", [
    b"\xff\xd8\xff",  # a marker's first byte, then the end
    b"\xff\xd8\xff\xff",
    jpeg(b"\xff\xd9", frame(300, 2)),  # the end of the image before any frame
    jpeg(segment(0xDA, bytes(10)), frame(300, 2)),  # a scan before any frame
    jpeg(b"\xff\xe0\x00"),  # a length cut off
    jpeg(b"\xff\xc0\x00"),
    jpeg(b"\xff\xc0\x00\x01" + frame(300, 2)),  # a length below its own two bytes
    jpeg(frame(300, 2))[:10],  # cut off inside the frame header
    jpeg(segment(0xFE, bytes(10))),  # no frame at all
    jpeg(b"\0", frame(300, 2)),  # no marker where a segment should start
    jpeg(frame(0, 2)),
])
def test_a_jpeg_without_a_whole_frame_header_has_no_size(data):
    assert size_of(data) is None


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize(("entries", "size"), [
    ([(ORIENTATION, 6)], (2, 300)),
    ([(ORIENTATION, 5)], (2, 300)),
    ([(ORIENTATION, 7)], (2, 300)),
    ([(ORIENTATION, 8)], (2, 300)),
    ([(ORIENTATION, 3)], (300, 2)),
    ([(ORIENTATION, 4)], (300, 2)),
    ([(WIDTH_TAG, 6), (ORIENTATION, 8)], (2, 300)),  # another tag first
    ([(WIDTH_TAG, 6)], (300, 2)),  # no orientation
])
def test_exif_orientations_that_turn_the_picture_swap_its_sides(order, entries, size):
    assert size_of(jpeg(exif(tiff(order, entries)), frame(300, 2))) == size


@pytest.mark.parametrize("block", [
    tiff("<", [(WIDTH_TAG, 1), (ORIENTATION, 6)], count=1),  # an entry beyond the directory's count
    tiff("<", [(ORIENTATION, 6)], tail=b"")[:-1],  # the entry cut off at its last byte
    tiff("<", [(ORIENTATION, 6)], directory=20)[:21],  # the directory's count cut off
    tiff("<", [(ORIENTATION, 6)], directory=4000)[:30],  # the directory beyond the block
    b"II*\0" + struct.pack("<I", 0xFFFFFFF2) + tiff("<", [(ORIENTATION, 6)], tail=b"")[8:],  # far beyond (not -14)
    tiff("<", [(WIDTH_TAG, ORIENTATION)], tail=struct.pack("<IHH", 0, 6, 0)),  # 274 wide: a value, not a tag
    b"II*\0\x08\0\0",  # shorter than a TIFF header
    b"XX*\0" + tiff("<", [(ORIENTATION, 6)])[4:],  # neither byte order
])
def test_exif_that_holds_no_whole_orientation_leaves_the_picture_as_it_is(block):
    assert size_of(jpeg(exif(block), frame(300, 2))) == (300, 2)


@pytest.mark.parametrize("block", [
    tiff("<", [(ORIENTATION, 6)], tail=b""),  # the entry ends the block exactly
    tiff(">", [(ORIENTATION, 6)], directory=40),
    tiff("<", [(ORIENTATION, 6)], count=0xFFFF),  # a count of 16 bits without a sign: read up to the block's end
])
def test_exif_read_up_to_its_last_byte_and_from_where_its_header_points(block):
    assert size_of(jpeg(exif(block), frame(300, 2))) == (2, 300)


def test_only_the_exif_before_the_frame_turns_it():
    assert size_of(jpeg(segment(0xE1, b"Exif\0\1" + tiff("<", [(ORIENTATION, 6)])), frame(300, 2))) == (300, 2)
    assert size_of(jpeg(exif(tiff("<", [(ORIENTATION, 6)])), exif(tiff("<", [(ORIENTATION, 1)])),
                        frame(300, 2))) == (300, 2)  # the last EXIF says


@pytest.mark.parametrize(("data", "size"), [
    (svg('width="0.4" height="0.3"'), (1, 1)),  # below a pixel: one
    (svg('width="2.5" height="3.5"'), (2, 4)),  # halves to even
    (svg('width=" 12 " height="3e1"'), (12, 30)),
    (svg('width="1pc" height="2.54cm"'), (16, 96)),
    (svg('height="10" viewBox="0 0 20 10"'), (20, 10)),
    (svg('width="10" viewBox=" 0 0 20 10 "'), (10, 5)),
    (svg('height="50%" viewBox="0 0 20 10"'), (20, 10)),
    (svg('viewBox="0 0 0.5 10"'), (1, 10)),  # a box narrower than a pixel is still a box
    (svg('viewBox="0 0 10 0.5"'), (10, 1)),
    (svg("width='7' height=\"8\""), (7, 8)),
    (svg_ending_at(SVG_HEAD), (3, 4)),
])
def test_an_svgs_size_from_its_attributes(data, size):
    assert size_of(data) == size


@pytest.mark.parametrize("data", [
    svg('width="10" viewBox="0 0 0 10"'), svg('height="10" viewBox="0 0 10 0"'),
    svg('viewBox="0 0 10 0"'), svg('viewBox="0 0 10"'),
    svg_ending_at(SVG_HEAD + 1),
])
def test_an_svg_without_a_size_in_its_first_64_kb_has_none(data):
    assert size_of(data) is None
