"""Pictures' sizes read from their headers (generator/images.py): against what Chromium decodes from pictures its
own encoders made, SVG's attributes, broken and foreign files, and on a bulletin's page."""

import base64
import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.images import Size, image_size, picture_size

DRAW = """([type, quality]) => {
  const canvas = document.createElement("canvas");
  canvas.width = 37;
  canvas.height = 23;
  const context = canvas.getContext("2d");
  context.fillStyle = "#c62828";
  context.fillRect(0, 0, 20, 10);
  return canvas.toDataURL(type, quality);
}"""
DECODED = """async (url) => {
  const image = new Image();
  image.src = url;
  await image.decode();
  return [image.naturalWidth, image.naturalHeight];
}"""
# A GIF of 37 × 23 whose one frame holds a single pixel of the first colour (the other pixels stay background).
GIF = (b"GIF89a" + struct.pack("<HH", 37, 23) + b"\x80\0\0" + b"\xc6\x28\x28\xff\xff\xff"
       + b"," + struct.pack("<HHHH", 0, 0, 1, 1) + b"\0" + b"\x02\x02\x44\x01\0" + b";")


def webp_simple(extended: bytes) -> bytes:
    """The VP8 or VP8L chunk of an extended WebP alone in its RIFF: the simple format, which no canvas writes."""
    position = 12
    while position < len(extended):
        kind, (length,) = extended[position:position + 4], struct.unpack_from("<I", extended, position + 4)
        end = position + 8 + length + (length & 1)
        if kind in (b"VP8 ", b"VP8L"):
            return b"RIFF" + struct.pack("<I", 4 + end - position) + b"WEBP" + extended[position:end]
        position = end
    raise AssertionError("no VP8 or VP8L chunk")


def with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """The JPEG with one more segment right after its start of image."""
    return jpeg[:2] + struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload + jpeg[2:]


def exif(orientation: int, order: str) -> bytes:
    """An EXIF block whose first directory holds the orientation only, in either byte order."""
    mark = {"<": b"II*\0", ">": b"MM\0*"}[order]
    entry = struct.pack(order + "HHIHH", 0x0112, 3, 1, orientation, 0)
    return b"Exif\0\0" + mark + struct.pack(order + "IH", 8, 1) + entry + struct.pack(order + "I", 0)


@pytest.fixture(scope="module")
def chromium_tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def pictures(chromium_tab) -> dict[str, bytes]:
    """Pictures Chromium's encoders made (turned and padded copies too), and the hand-made GIF."""

    def drawn(kind: str, quality: float | None = None) -> bytes:
        return base64.b64decode(chromium_tab.evaluate(DRAW, [kind, quality]).split(",", 1)[1])

    jpeg, lossy, lossless = drawn("image/jpeg", .8), drawn("image/webp", .8), drawn("image/webp", 1.0)
    return {
        "png": drawn("image/png"), "gif": GIF, "jpeg": jpeg,
        "webp extended lossy": lossy, "webp extended lossless": lossless,
        "webp lossy": webp_simple(lossy), "webp lossless": webp_simple(lossless),
        "jpeg after a long comment": with_segment(jpeg, 0xFE, b"x" * 65000),
        "jpeg turned right (big-endian EXIF)": with_segment(jpeg, 0xE1, exif(6, ">")),
        "jpeg turned left (little-endian EXIF)": with_segment(jpeg, 0xE1, exif(8, "<")),
        "jpeg upside down": with_segment(jpeg, 0xE1, exif(3, "<")),
    }


def test_sizes_are_what_chromium_decodes(chromium_tab, pictures):
    for name, data in pictures.items():
        decoded = chromium_tab.evaluate(DECODED, "data:image/*;base64," + base64.b64encode(data).decode())
        assert image_size(io.BytesIO(data)) == tuple(decoded), name
    turned = image_size(io.BytesIO(pictures["jpeg turned right (big-endian EXIF)"]))
    assert turned == Size(23, 37) and image_size(io.BytesIO(pictures["jpeg"])) == Size(37, 23)


@pytest.mark.parametrize(("svg", "size"), [
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450" width="800" height="450">', (800, 450)),
    ('<svg viewBox="0 0 800 450">', (800, 450)),
    ("<svg viewBox='0,0,80.5,45'>", (80, 45)),  # commas between the numbers; a half rounds to even
    ('<svg width="400" viewBox="0 0 800 450">', (400, 225)),
    ('<svg height="90px" viewBox="0 0 800 450">', (160, 90)),
    ('<svg width="100%" height="100%" viewBox="0 0 640 360">', (640, 360)),
    ('<svg width="72pt" height="1in">', (96, 96)),
    ('<svg width="2cm" height="10mm">', (76, 38)),
    ('<?xml version="1.0"?>\n<!-- drawn for the bulletin -->\n<!DOCTYPE svg>\n<svg\n  width = "12"\n  height="34"\n>',
     (12, 34)),
    ("\ufeff<svg width='5' height='7'/>", (5, 7)),
])
def test_an_svg_is_as_wide_as_its_attributes_or_its_view_box_say(svg, size):
    assert image_size(io.BytesIO(svg.encode())) == size


@pytest.mark.parametrize("data", [
    b"",
    b"BM" + bytes(60),  # a bitmap: not a format of ours
    b"\x89PNG\r\n\x1a\n",  # a PNG's signature alone
    b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", 0, 10),  # no width
    b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sH", 13, b"IHDR", 1),  # cut off inside the width
    b"GIF89a\0\0\x05\0",
    b"GIF89a\x05\0",
    b"RIFF\0\0\0\0WEBPVP8 ",
    b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x24\0",
    b"\xff\xd8\xff\xd9",  # a JPEG's start and end, no frame
    b"\xff\xd8\xff\xe0\0\x01",  # a segment length below its own two bytes
    b"\xff\xd8\xff\xe0\0\x10JFIF",  # cut off inside a segment
    b"\xff\xd8\xff\xc0\0\x11\x08\0",  # cut off inside the frame header
    b"<svg>", b'<svg width="100%">', b'<svg width="1e400" height="1">', b'<svg viewBox="0 0 0 10">',
    b'<svg viewBox="0 0 ten 10">', b"<html><body>not a picture</body></html>",
])
def test_what_is_no_picture_of_ours_has_no_size(data):
    assert image_size(io.BytesIO(data)) is None


@given(st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\0\0\0\0WEBP", b"\xff\xd8", b"\xff\xd8\xff\xe1\0\x40Exif\0\0",
                        b'<svg width="', b'<svg viewBox="']),
       st.binary(max_size=300))
def test_any_bytes_after_a_signature_give_a_size_or_none(signature, rest):
    size = image_size(io.BytesIO(signature + rest))
    assert size is None or (size.width > 0 and size.height > 0)


def test_a_file_that_cannot_be_read_has_no_size(tmp_path):
    assert picture_size(tmp_path / "missing.png") is None
    assert picture_size(tmp_path) is None  # a folder


def test_a_bulletins_picture_carries_its_size(site_dir):
    site_dir.write("images/hop.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>')
    site_dir.write("images/cu.bmp", b"BM" + bytes(60))
    site_dir.add("bulletins/hop.md", title="Họp chi bộ", image="images/hop.svg")
    site_dir.add("bulletins/cu.md", title="Ảnh cũ", image="images/cu.bmp")
    site_dir.build()
    assert '<img src="../../images/hop.svg" alt="Họp chi bộ" width="640" height="360">' in site_dir.page("bulletins/hop")
    assert '<img src="../../images/cu.bmp" alt="Ảnh cũ">' in site_dir.page("bulletins/cu")
