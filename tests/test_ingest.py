"""`bulletins ingest`: the model article (plain text and HTML) becomes a draft with every part in place."""

import html
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.ingest import parse_article

BULLETINS = str(Path(sys.executable).parent / "bulletins")
MODEL = Path(__file__).parent / "data" / "can-tho-2012-11-12-kiem-diem-nqtw4.txt"
DRAFT = "bulletins/2012/11/chan-thanh-thang-than-cau-thi-trong-kiem-diem-tu-phe-binh-va-phe-binh.md"
TITLE = "Chân thành, thẳng thắn, cầu thị trong kiểm điểm, tự phê bình và phê bình"
CAPTION = "Ban Thường vụ Đảng ủy Khối Cơ quan Dân Chính Đảng Thành ủy Cần Thơ kiểm điểm theo tinh thần NQTW4."
PARTICIPANTS = [
    {"name": "Lê Việt Triều", "role": "Phó Bí thư Đảng ủy Khối", "unit": "dang-uy-khoi-co-quan-dan-chinh-dang"},
    {"name": "Châu Hồng Thái", "role": "Bí thư Đảng ủy Sở Lao động - Thương binh và Xã hội",
     "unit": "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi"},
    {"name": "Lê Văn Mến", "role": "Bí thư Chi bộ Liên hiệp Các tổ chức hữu nghị",
     "unit": "chi-bo-lien-hiep-cac-to-chuc-huu-nghi"},
    {"name": "Lê Văn Út", "role": "Trưởng Phòng Nghiệp vụ thuộc Liên hiệp Các tổ chức hữu nghị"},
]
# The model article's units, as the sample content registers them.
UNITS = """\
- id: thanh-uy-can-tho
  name: Thành ủy Cần Thơ
  short: Thành ủy
- id: dang-uy-khoi-co-quan-dan-chinh-dang
  name: Đảng ủy Khối Cơ quan Dân Chính Đảng
  short: Đảng ủy Khối
  aliases: [Đảng bộ Khối Cơ quan Dân Chính Đảng]
  parent: thanh-uy-can-tho
- id: dang-uy-so-lao-dong-thuong-binh-va-xa-hoi
  name: Đảng ủy Sở Lao động - Thương binh và Xã hội
  parent: dang-uy-khoi-co-quan-dan-chinh-dang
- id: chi-bo-lien-hiep-cac-to-chuc-huu-nghi
  name: Chi bộ Liên hiệp Các tổ chức hữu nghị
  parent: dang-uy-khoi-co-quan-dan-chinh-dang
"""


def run(*args, cwd):
    return subprocess.run([BULLETINS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def split(text: str) -> tuple[dict, str]:
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(front), body.strip()


def as_html(text: str) -> str:
    """The model article as a saved web page: furniture, a script, the caption broken by <br>."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    date, unit, title, *rest = blocks
    paragraphs = "".join(f"<p>{'<br>'.join(map(html.escape, block.splitlines()))}</p>\n" for block in rest
                         if block != "Chia sẻ bài viết")
    return (f"<!DOCTYPE html><html><head><title>Báo Cần Thơ</title><script>alert('x')</script>"
            f"<style>p {{}}</style></head><body><nav>Trang chủ</nav>\n"
            f'<div class="date">{date}</div>\n<p><strong>{html.escape(unit)}</strong></p>\n<h1>{html.escape(title)}</h1>\n'
            f'{paragraphs}<div class="share"><a href="#">Chia sẻ bài viết</a></div></body></html>')


@pytest.fixture
def model_site(site_dir):
    site_dir.write("units.yml", UNITS)
    site_dir.write("topics.yml", "- id: nqtw4\n  name: Nghị quyết Trung ương 4 (khóa XI)\n  aliases: [NQTW4]\n")
    return site_dir


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_the_model_article_comes_out_with_every_part(model_site, kind):
    source = model_site.root / f"bai.{kind}"
    text = MODEL.read_text(encoding="utf-8")
    source.write_text(text if kind == "txt" else as_html(text), encoding="utf-8")
    result = run("ingest", source, cwd=model_site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"wrote content/{DRAFT} from {source} (a draft: confirm its 8 review item(s), then delete "
                             "review and draft: true)\n")
    meta, body = split((model_site.content / DRAFT).read_text(encoding="utf-8"))
    assert meta["title"] == TITLE
    assert meta["date"] == "2012-11-12 14:49"
    assert meta["unit"] == ["dang-uy-khoi-co-quan-dan-chinh-dang", "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi",
                            "chi-bo-lien-hiep-cac-to-chuc-huu-nghi"]  # Thành ủy, above them, is left out
    assert meta["topics"] == ["nqtw4"]
    assert meta["author"] == "Nguyễn Huy"
    assert meta["image_caption"] == CAPTION
    assert meta["participants"] == PARTICIPANTS
    assert meta["draft"] is True
    assert meta["review"][-1] == ("image: the caption's picture was not ingested; copy it into content/images/ and "
                                  "add image: with its path")
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("Sau khi Ban Thường vụ (BTV) Đảng ủy Khối Cơ quan Dân Chính Đảng Thành ủy")
    assert paragraphs[-1].endswith("nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng\".")
    for left_out in ("Chia sẻ", "NGUYỄN HUY", "ĐẢNG BỘ KHỐI", "14:49", TITLE, "kiểm điểm theo tinh thần NQTW4.\n",
                     "alert", "Trang chủ"):
        assert left_out not in body
    check = run("check", cwd=model_site.root)
    assert check.returncode == 0, check.stdout
    assert "OK: 1 bulletin(s) (0 published, 1 draft, 0 scheduled)" in check.stderr


def test_a_second_ingest_never_replaces_the_draft(model_site):
    assert run("ingest", MODEL, cwd=model_site.root).returncode == 0
    draft = model_site.content / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8") + "Biên tập viên đã sửa.\n", encoding="utf-8")
    again = run("ingest", MODEL, cwd=model_site.root)
    assert again.returncode == 1
    assert again.stderr == (f"{MODEL}: content/{DRAFT} already exists; nothing was written (edit that file, or "
                            "delete it to ingest again)\n")
    assert draft.read_text(encoding="utf-8").endswith("Biên tập viên đã sửa.\n")


def test_an_unknown_unit_line_is_refused_unless_a_unit_is_given(model_site):
    source = model_site.root / "bai.txt"
    source.write_text("05/01/2013 - 08:00\n\nĐẢNG ỦY PHƯỜNG AN HÒA:\n\nHọp chi bộ\n\nNội dung.\n", encoding="utf-8")
    refused = run("ingest", source, "--dry-run", cwd=model_site.root)
    assert refused.returncode == 1
    assert refused.stderr == (f'{source}: unit line: unknown unit "ĐẢNG ỦY PHƯỜNG AN HÒA" (Use an id, name or alias '
                              "from units.yml, or add the unit there; or give --unit); nothing was written\n")
    given = run("ingest", source, "--unit", "thanh-uy-can-tho", cwd=model_site.root)
    assert given.returncode == 0, given.stderr
    meta, body = split((model_site.content / "bulletins/2013/01/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert (meta["unit"], body) == ("thanh-uy-can-tho", "Nội dung.")
    assert meta["review"] == ['unit: the unit line "ĐẢNG ỦY PHƯỜNG AN HÒA" names no unit in units.yml']


def test_every_failure_names_its_file_and_the_others_are_still_ingested(model_site):
    undated = model_site.root / "khong-ngay.txt"
    undated.write_text("ĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG:\n\nTiêu đề\n\nNội dung.\n", encoding="utf-8")
    latin = model_site.root / "latin1.txt"
    latin.write_bytes("12/11/2012\n\nRéunion\n".encode("latin-1"))
    result = run("ingest", undated, MODEL, latin, model_site.root / "khong-co.txt", cwd=model_site.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{undated}: no date line such as '12/11/2012 - 14:49' at the top; add one; nothing was written",
        f"{latin}:3: file: is not valid UTF-8 (byte 0xe9 at offset 13) (save the file as UTF-8 in your editor); "
        "nothing was written",
        f"{model_site.root / 'khong-co.txt'}: no such file; nothing was written",
    ]
    assert (model_site.content / DRAFT).is_file()


def test_text_that_looks_like_markup_stays_text(model_site):
    source = model_site.root / "bai.txt"
    source.write_text("12/11/2012\n\nĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG:\n\nTiêu đề\n\n"
                      "Đoạn có <script>alert(1)</script> và *sao* {: onclick=x }\n\n# không phải tiêu đề\n",
                      encoding="utf-8")
    assert run("ingest", source, cwd=model_site.root).returncode == 0
    _, body = split((model_site.content / "bulletins/2012/11/tieu-de.md").read_text(encoding="utf-8"))
    assert body == "Đoạn có &lt;script&gt;alert(1)&lt;/script&gt; và \\*sao\\* \\{: onclick=x \\}\n\n\\# không phải tiêu đề"


@pytest.mark.parametrize("byline, authors", [
    ("Bài, ảnh: NGUYỄN HUY", ["Nguyễn Huy"]),
    ("Bài và ảnh: TRẦN VĂN AN - LÊ THỊ ÚT", ["Trần Văn An", "Lê Thị Út"]),
    ("Tin: TTXVN", ["TTXVN"]),
    ("Bài: Minh Châu, Hoàng Yến.", ["Minh Châu", "Hoàng Yến"]),
])
def test_bylines(byline, authors):
    article = parse_article(f"12/11/2012\n\nTiêu đề\n\nĐoạn.\n\n{byline}\n\nChia sẻ bài viết\n")
    assert (article.authors, article.paragraphs) == (authors, ["Đoạn."])


def test_the_parts_of_the_model_article():
    article = parse_article(MODEL.read_text(encoding="utf-8"))
    assert (article.date_line, article.unit_line, article.title, article.caption) == (
        "12/11/2012 - 14:49", "ĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG", TITLE, CAPTION)
