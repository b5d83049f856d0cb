"""`bulletins ingest`: every newspaper layout of issue 13 (tests/fixtures/ingest/, one file each), the model
article as text and as a saved page, and the command's options, through the real command line."""

from __future__ import annotations

import html
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.ingest import parse_article
from generator.registry import load_registries
from generator.suggest import Suggester

BULLETINS = str(Path(sys.executable).parent / "bulletins")
MODEL = Path(__file__).parent / "data" / "can-tho-2012-11-12-kiem-diem-nqtw4.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
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
IMAGE_NOTE = "image: the caption's picture was not ingested; copy it into content/images/ and add image: with its path"
# The model article's units as the sample content registers them, and the units the fixtures report on.
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
- id: chi-bo-phong-nguoi-co-cong
  name: Chi bộ Phòng Người có công
  parent: dang-uy-so-lao-dong-thuong-binh-va-xa-hoi
- id: chi-bo-lien-hiep-cac-to-chuc-huu-nghi
  name: Chi bộ Liên hiệp Các tổ chức hữu nghị
  parent: dang-uy-khoi-co-quan-dan-chinh-dang
- id: dang-uy-khoi-doanh-nghiep
  name: Đảng ủy Khối Doanh nghiệp
  parent: thanh-uy-can-tho
- id: chi-bo-cong-ty-cap-thoat-nuoc
  name: Chi bộ Công ty Cấp thoát nước
  parent: dang-uy-khoi-doanh-nghiep
- id: khoi-cac-co-quan-quang-binh
  name: Đảng ủy Khối các cơ quan tỉnh Quảng Bình
- id: khoi-doanh-nghiep-gia-lai
  name: Đảng ủy Khối Doanh nghiệp tỉnh Gia Lai
"""
TOPICS = """\
- id: nqtw4
  name: Nghị quyết Trung ương 4 (khóa XI)
  aliases: [NQTW4]
- id: nqtw4-khoa-xii
  name: Nghị quyết Trung ương 4 (khóa XII)
- id: neu-guong
  name: Trách nhiệm nêu gương
"""
# The review lines ingest writes itself (the units, topics and participants proposed are counted, not quoted).
OWN_REVIEW_FIELDS = ("date", "unit", "title", "summary", "author", "source_name", "image_caption", "image")


@dataclass(frozen=True)
class Layout:
    """What one fixture must come out as."""

    draft: str  # the draft's path in the content folder
    meta: dict  # its front-matter, review lines aside
    guesses: list[str]  # the review lines ingest writes itself
    proposals: int  # the review lines of proposed units, topics and participants
    opening: str  # how the text starts: a paper's or agency's prefix is taken out of it
    ending: str  # how it ends: no byline, no furniture after it
    paragraphs: int
    left_out: tuple[str, ...] = ()  # what the text must not hold (furniture, bylines, captions)


def bulletin_meta(title, date, unit, *, source_name, author, participants=(), topics=(), **fields) -> dict:
    meta = {"title": title, "date": date, "unit": unit, "topics": list(topics), "participants": list(participants),
            "author": author, **fields, "source_name": source_name, "draft": True}
    return {key: value for key, value in meta.items() if value not in ([], None)}


def person(name: str, role: str, unit: str) -> dict:
    return {"name": name, "role": role, "unit": unit}


LAYOUTS = {
    # "07:06 | 17/09/2024 GMT+7"; a unit line, a blank line, the title; "(VOV) -"; a role before "chủ trì";
    # a caption broken over two lines; "Bài, ảnh:"; a view counter and "Chia sẻ bài viết".
    "gio-truoc-ngay.txt": Layout(
        draft="bulletins/2024/09/so-ket-cong-tac-xay-dung-dang-chin-thang-dau-nam.md",
        meta=bulletin_meta(
            "Sơ kết công tác xây dựng Đảng chín tháng đầu năm", "2024-09-17 07:06", "dang-uy-khoi-doanh-nghiep",
            participants=[person("Nguyễn Thanh Bình", "Phó Bí thư Đảng ủy Khối Doanh nghiệp",
                                 "dang-uy-khoi-doanh-nghiep")],
            author="Nguyễn Huy", image_caption="Đồng chí Nguyễn Thanh Bình phát biểu kết luận hội nghị.",
            source_name="Đài Tiếng nói Việt Nam"),
        guesses=[IMAGE_NOTE], proposals=1, opening="Chiều 16/9, Đảng ủy Khối Doanh nghiệp tổ chức",
        ending="chuẩn bị chu đáo cho đại hội chi bộ nhiệm kỳ mới.", paragraphs=3,
        left_out=("VOV", "NGUYỄN HUY", "Lượt xem", "1.532", "Chia sẻ", "kết luận hội nghị.")),
    # "Thứ Hai, 12/11/2012, 14:49 (GMT+7)"; the unit line directly above the title (the newcomer's report);
    # "ND -"; roles before "chủ trì" and "dự và phát biểu"; "(Ảnh: Tuấn Sơn)"; initials "N.ĐỨC"; Google News.
    "thu-ngay-gio-gmt.txt": Layout(
        draft="bulletins/2012/11/chi-bo-lien-hiep-cac-to-chuc-huu-nghi-kiem-diem-tap-the-chi-uy.md",
        meta=bulletin_meta(
            "Chi bộ Liên hiệp Các tổ chức hữu nghị kiểm điểm tập thể chi ủy", "2012-11-12 14:49",
            ["dang-uy-khoi-co-quan-dan-chinh-dang", "chi-bo-lien-hiep-cac-to-chuc-huu-nghi"], topics=["nqtw4"],
            participants=[
                person("Phạm Thị Lan", "Bí thư Chi bộ Liên hiệp Các tổ chức hữu nghị",
                       "chi-bo-lien-hiep-cac-to-chuc-huu-nghi"),
                person("Trần Minh Khoa", "Ủy viên Ban Thường vụ Đảng ủy Khối", "dang-uy-khoi-co-quan-dan-chinh-dang"),
            ],
            author="N.Đức", image_caption="Đồng chí Trần Minh Khoa phát biểu chỉ đạo hội nghị. (Ảnh: Tuấn Sơn)",
            source_name="Báo Nhân Dân"),
        guesses=['author: the last line, "N.ĐỨC", was taken for the byline', IMAGE_NOTE], proposals=4,
        opening="Sáng 10/11, Chi bộ Liên hiệp Các tổ chức hữu nghị tổ chức hội nghị",
        ending="báo cáo kết quả vào cuối quý.", paragraphs=3,
        left_out=("ND -", "ĐẢNG BỘ KHỐI", "N.ĐỨC", "Google News", "Tuấn Sơn")),
    # "Thứ ba, ngày 17/01/2017 05:34 GMT+7"; a kicker above the title and a "*" sub-deck under it; "QĐND -";
    # "Ông X - role cho biết"; a "Tin liên quan" box with a ">>" link; "Thực hiện: ANH DŨNG - QUÁCH HÙNG".
    "thu-ngay-chu-ngay.txt": Layout(
        draft="bulletins/2017/01/dang-uy-so-lao-dong-thuong-binh-va-xa-hoi-chinh-don-le-loi-lam-viec.md",
        meta=bulletin_meta(
            "Đảng ủy Sở Lao động - Thương binh và Xã hội chỉnh đốn lề lối làm việc", "2017-01-17 05:34",
            "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi", topics=["nqtw4-khoa-xii"],
            participants=[person("Hồ Văn Tài", "Bí thư Đảng ủy Sở Lao động - Thương binh và Xã hội",
                                 "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi")],
            author=["Anh Dũng", "Quách Hùng"],
            summary="Rà soát từng biểu hiện suy thoái trong cán bộ, đảng viên. Công khai kết quả khắc phục trước "
                    "chi bộ.",
            source_name="Báo Quân đội nhân dân"),
        guesses=['title: the line above the title was left out of it: "Thực hiện Nghị quyết Trung ương 4 (khóa XII)"',
                 "summary: taken from the lines under the title that open with *"], proposals=3,
        opening="Ngày 16/1, Ban Thường vụ Đảng ủy Sở Lao động", ending="theo dõi sát sao trong sáu tháng.",
        paragraphs=2, left_out=("QĐND", "Tin liên quan", "Phòng Người có công", ">>", "tổng kết năm 2016", "*",
                                "Rà soát từng", "ANH DŨNG")),
    # "08:21, ngày 16-04-2021"; no unit line (the unit named most leads); "(CT)-"; a caption ending "_Ảnh:
    # TTXVN"; a closing "./." then "Văn Dũng- Minh Đạt"; "Có thể bạn quan tâm" and what follows it.
    "gio-ngay-gach-ngang.txt": Layout(
        draft="bulletins/2021/04/chi-bo-phong-nguoi-co-cong-hoc-tap-chuyen-de-nam-2021.md",
        meta=bulletin_meta(
            "Chi bộ Phòng Người có công học tập chuyên đề năm 2021", "2021-04-16 08:21", "chi-bo-phong-nguoi-co-cong",
            participants=[person("Đoàn Thị Mai", "Bí thư Chi bộ Phòng Người có công", "chi-bo-phong-nguoi-co-cong")],
            author=["Văn Dũng", "Minh Đạt"], image_caption="Quang cảnh buổi sinh hoạt chuyên đề. (Ảnh: TTXVN)",
            source_name="Báo Cần Thơ"),
        guesses=['author: the last line, "Văn Dũng- Minh Đạt", was taken for the byline', IMAGE_NOTE], proposals=2,
        opening="Sáng 15/4, Chi bộ Phòng Người có công tổ chức",
        ending="được chi bộ kiểm tra vào kỳ sinh hoạt cuối quý.", paragraphs=2,
        left_out=("(CT)", "./.", "Văn Dũng", "Có thể bạn quan tâm", "dân vận khéo", "Giá vàng", "Quang cảnh")),
    # The title above "18/05/2012 06:04 GMT+7"; "(CTO)-"; a "Bài liên quan" box; a role before "nhấn mạnh";
    # "Bài và ảnh:"; "BẠN ĐỌC PHẢN HỒI" and the readers' comments.
    "ngay-gio-gmt.txt": Layout(
        draft="bulletins/2012/05/dang-uy-so-lao-dong-thuong-binh-va-xa-hoi-quan-triet-nghi-quyet-moi.md",
        meta=bulletin_meta(
            "Đảng ủy Sở Lao động - Thương binh và Xã hội quán triệt nghị quyết mới", "2012-05-18 06:04",
            "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi",
            participants=[person("Trương Ngọc Hân", "Phó Bí thư Đảng ủy Sở Lao động - Thương binh và Xã hội",
                                 "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi")],
            author="Thanh Tâm", source_name="Báo Cần Thơ"),
        guesses=[], proposals=2, opening="Ngày 17/5, Đảng ủy Sở Lao động - Thương binh và Xã hội tổ chức",
        ending="chương trình công tác của từng phòng, ban.", paragraphs=2,
        left_out=("CTO", "Bài liên quan", "chuyên trang", "Kết nạp", "Thanh Tâm", "PHẢN HỒI", "Nguyễn Văn Tư",
                  "06:04")),
    # "05/03/2019 - 10:15"; "(QBĐT) -"; "Tin, ảnh:".
    "ngay-gach-gio-quang-binh.txt": Layout(
        draft="bulletins/2019/03/ket-nap-12-dang-vien-moi-trong-quy-i.md",
        meta=bulletin_meta(
            "Kết nạp 12 đảng viên mới trong quý I", "2019-03-05 10:15", "khoi-cac-co-quan-quang-binh",
            participants=[person("Lê Quang Vinh", "Bí thư Đảng ủy Khối các cơ quan tỉnh Quảng Bình",
                                 "khoi-cac-co-quan-quang-binh")],
            author="Phan Phương", source_name="Báo Quảng Bình"),
        guesses=[], proposals=1, opening="Đảng ủy Khối các cơ quan tỉnh Quảng Bình vừa trao quyết định",
        ending="giữ gìn phẩm chất, tích cực học tập.", paragraphs=2, left_out=("QBĐT", "Tin, ảnh", "Phan Phương")),
    # "TCCS -"; the byline "PV".
    "thu-sau-tap-chi-cong-san.txt": Layout(
        draft="bulletins/2019/12/doi-moi-sinh-hoat-chi-bo-o-dang-bo-khoi-co-quan-dan-chinh-dang.md",
        meta=bulletin_meta(
            "Đổi mới sinh hoạt chi bộ ở Đảng bộ Khối Cơ quan Dân Chính Đảng", "2019-12-20 09:15",
            "dang-uy-khoi-co-quan-dan-chinh-dang", author="PV", source_name="Tạp chí Cộng sản"),
        guesses=['author: the last line, "PV", was taken for the byline'], proposals=1,
        opening="Những năm qua, Đảng bộ Khối", ending="tranh luận cởi mở tại buổi sinh hoạt.", paragraphs=2,
        left_out=("TCCS", "PV")),
    # "15:40 | 02/02/2023 GMT+7"; a unit line with a dash in the name; "VTV.vn -"; "Tin:". Nothing to guess.
    "vtv-gio-ngay.txt": Layout(
        draft="bulletins/2023/02/trao-huy-hieu-30-nam-tuoi-dang.md",
        meta=bulletin_meta("Trao Huy hiệu 30 năm tuổi Đảng", "2023-02-02 15:40",
                           "dang-uy-so-lao-dong-thuong-binh-va-xa-hoi", author="Hải Yến",
                           source_name="Đài Truyền hình Việt Nam"),
        guesses=[], proposals=0, opening="Sáng 2/2, nhân kỷ niệm 93 năm", ending="của chi bộ trong nhiều năm.",
        paragraphs=2, left_out=("VTV", "Hải Yến")),
    # "KTĐT -"; a role before "cho biết"; a bare name as the byline.
    "kinh-te-do-thi.txt": Layout(
        draft="bulletins/2022/10/dang-uy-khoi-doanh-nghiep-giam-sat-viec-thuc-hien-quy-dinh-neu-guong.md",
        meta=bulletin_meta(
            "Đảng ủy Khối Doanh nghiệp giám sát việc thực hiện quy định nêu gương", "2022-10-09 16:30",
            ["dang-uy-khoi-doanh-nghiep", "chi-bo-cong-ty-cap-thoat-nuoc"], topics=["neu-guong"],
            participants=[person("Đặng Hữu Phước", "Bí thư Chi bộ Công ty Cấp thoát nước",
                                 "chi-bo-cong-ty-cap-thoat-nuoc")],
            author="Minh Khôi", source_name="Báo Kinh tế & Đô thị"),
        guesses=['author: the last line, "Minh Khôi", was taken for the byline'], proposals=4,
        opening="Đoàn giám sát của Đảng ủy Khối Doanh nghiệp", ending="việc nêu gương của từng đảng viên.",
        paragraphs=2, left_out=("KTĐT", "Minh Khôi")),
    # "(GLO)-" written against the dash; a byline in capitals.
    "gia-lai.txt": Layout(
        draft="bulletins/2020/06/dang-uy-khoi-doanh-nghiep-tinh-gia-lai-tap-huan-nghiep-vu-cong-tac-dang.md",
        meta=bulletin_meta(
            "Đảng ủy Khối Doanh nghiệp tỉnh Gia Lai tập huấn nghiệp vụ công tác đảng", "2020-06-22 07:45",
            "khoi-doanh-nghiep-gia-lai", author="Hà Duy", source_name="Báo Gia Lai"),
        guesses=[], proposals=1, opening="Ngày 21/6, Đảng ủy Khối Doanh nghiệp tỉnh Gia Lai mở lớp",
        ending="quy trình kết nạp đảng đúng quy định.", paragraphs=2, left_out=("GLO", "HÀ DUY")),
    # A page saved from a browser: the site's header (with today's date), menus, breadcrumbs, share buttons, a
    # related box, tags, comments, a sidebar and the footer around the article; "(CT)-" in bold; a figure.
    "trang-luu-tu-trinh-duyet.html": Layout(
        draft="bulletins/2024/03/chi-bo-cong-ty-cap-thoat-nuoc-sinh-hoat-chuyen-de-ve-neu-guong.md",
        meta=bulletin_meta(
            "Chi bộ Công ty Cấp thoát nước sinh hoạt chuyên đề về nêu gương", "2024-03-06 15:20",
            "chi-bo-cong-ty-cap-thoat-nuoc", topics=["neu-guong"],
            participants=[person("Võ Thành Nhân", "Bí thư Chi bộ Công ty Cấp thoát nước",
                                 "chi-bo-cong-ty-cap-thoat-nuoc")],
            author="Minh Huyền", image_caption="Đảng viên chi bộ thảo luận tại buổi sinh hoạt. (Ảnh: Ngọc Trâm)",
            source_name="Báo Cần Thơ"),
        guesses=[IMAGE_NOTE], proposals=3, opening="Chiều 5/3, Chi bộ Công ty Cấp thoát nước thuộc Đảng ủy Khối",
        ending="vừa tham gia công tác đoàn thể.", paragraphs=4,
        left_out=("Trang chủ", "Tìm kiếm", "Facebook", "Zalo", "In bài", "Tin liên quan", "sơ kết quý I",
                  "Từ khóa", "Bình luận", "Đọc nhiều", "Giá xăng", "Lý Tự Trọng", "28/11/2024", "MINH HUYỀN",
                  "Ngọc Trâm", "dataLayer", "display")),
}


def ingest(site, *args):
    return CliRunner().invoke(main, ["ingest", *map(str, args), "--content-dir", str(site.content)])


def run(*args, cwd):
    return subprocess.run([BULLETINS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


def split(text: str) -> tuple[dict, str]:
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(front), body.strip()


def own_review(review: list[str]) -> list[str]:
    return [line for line in review if line.split(":", 1)[0] in OWN_REVIEW_FIELDS]


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
    site_dir.write("topics.yml", TOPICS)
    return site_dir


def write_article(site, text: str, name: str = "bai.txt") -> Path:
    path = site.root / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_layout_comes_out_right(model_site, name):
    layout = LAYOUTS[name]
    result = ingest(model_site, FIXTURES / name)
    assert result.exit_code == 0, result.output
    count = len(layout.guesses) + layout.proposals
    to_do = (f"confirm its {count} review item{'s' if count > 1 else ''}, then delete review and draft: true"
             if count else "delete draft: true when it is ready")
    assert result.stdout == f"wrote {model_site.content / layout.draft} from {FIXTURES / name} (a draft: {to_do})\n"
    assert result.stderr == "Wrote 1 draft(s); 0 file(s) could not be ingested.\n"
    meta, body = split((model_site.content / layout.draft).read_text(encoding="utf-8"))
    review = meta.pop("review", [])
    assert meta == layout.meta
    assert own_review(review) == layout.guesses
    assert len(review) == len(layout.guesses) + layout.proposals
    paragraphs = body.split("\n\n")
    assert (len(paragraphs), paragraphs[0][:len(layout.opening)], paragraphs[-1][-len(layout.ending):]) == (
        layout.paragraphs, layout.opening, layout.ending)
    assert [text for text in layout.left_out if text in body] == []


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_the_model_article_comes_out_with_every_part(model_site, kind):
    source = model_site.root / f"bai.{kind}"
    text = MODEL.read_text(encoding="utf-8")
    source.write_text(text if kind == "txt" else as_html(text), encoding="utf-8")
    result = run("ingest", source, cwd=model_site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"wrote content/{DRAFT} from {source} (a draft: confirm its 13 review items, then "
                             "delete review and draft: true)\n")
    assert result.stderr == "Wrote 1 draft(s); 0 file(s) could not be ingested.\n"
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
    assert "source_name" not in meta
    assert own_review(meta["review"]) == [IMAGE_NOTE]
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


def test_an_ingest_speaks_vietnamese_by_default(model_site, monkeypatch):
    """As an editor's shell runs it, without BULLETINS_LANG: the line per file, the summary, the draft's opening
    comments and review lines, and why an article without a date line stops."""
    monkeypatch.delenv("BULLETINS_LANG")
    result = run("ingest", MODEL, cwd=model_site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"đã ghi content/{DRAFT} từ {MODEL} (bản nháp: xác nhận 13 mục trong review, rồi "
                             "xóa review và draft: true)\n")
    assert result.stderr == "Đã ghi 1 bản nháp; 0 tệp không cấu trúc hóa được.\n"
    text = (model_site.content / DRAFT).read_text(encoding="utf-8")
    assert text.startswith(f"---\n# Cấu trúc hóa từ {MODEL.name}\n# Bản nháp do chương trình tạo: xác nhận từng mục trong "
                           f"review, rồi xóa review và draft.\ntitle: {TITLE}\n")
    review = split(text)[0]["review"]
    assert 'topics nqtw4: bài nêu "NQTW4" 5 lần' in review
    assert own_review(review) == ["image: ảnh của chú thích chưa được lấy về; chép ảnh vào content/images/ rồi thêm "
                                  "image: với đường dẫn của ảnh"]
    undated = write_article(model_site, "ĐẢNG ỦY KHỐI DOANH NGHIỆP:\nHọp chi bộ tháng Ba\n\nNội dung cuộc họp.\n")
    refused = run("ingest", undated, cwd=model_site.root)
    assert refused.returncode == 1
    assert refused.stderr == (f"{undated}: date: đầu bài không có dòng ngày giờ như '12/11/2012 - 14:49' (thêm dòng "
                              "ấy, hoặc ghi ngày bằng --date)\nĐã ghi 0 bản nháp; 1 tệp không cấu trúc hóa được.\n")


def test_a_folder_is_ingested_a_line_per_file_then_a_summary(model_site):
    result = ingest(model_site, FIXTURES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" from ")[1].split(" (a draft")[0] for line in lines] == [
        str(FIXTURES / name) for name in sorted(LAYOUTS)]
    assert result.stderr == f"Wrote {len(LAYOUTS)} draft(s); 0 file(s) could not be ingested.\n"
    assert sorted(path.relative_to(model_site.content).as_posix()
                  for path in (model_site.content / "bulletins").rglob("*.md")) == sorted(
        layout.draft for layout in LAYOUTS.values())
    check = CliRunner().invoke(main, ["check", str(model_site.content)])
    assert check.exit_code == 0, check.output
    assert "unknown field" not in check.stdout  # source_name is a field of the schema


def test_a_dry_run_prints_each_draft_and_writes_nothing(model_site):
    source = FIXTURES / "thu-ngay-gio-gmt.txt"
    target = model_site.content / LAYOUTS["thu-ngay-gio-gmt.txt"].draft
    result = ingest(model_site, "--dry-run", source)
    assert result.exit_code == 0, result.output
    heading, draft = result.stdout.split("\n", 1)
    assert heading == f"would write {target}:"
    meta, body = split(draft)
    assert (meta["title"], meta["source_name"], meta["author"]) == (
        "Chi bộ Liên hiệp Các tổ chức hữu nghị kiểm điểm tập thể chi ủy", "Báo Nhân Dân", "N.Đức")
    assert body.startswith("Sáng 10/11, Chi bộ Liên hiệp")
    assert result.stderr == "Would write 1 draft(s); 0 file(s) could not be ingested.\n"
    assert not (model_site.content / "bulletins").exists()
    assert ingest(model_site, source).exit_code == 0
    again = ingest(model_site, "--dry-run", source)
    assert again.exit_code == 1
    assert again.stderr == (f"{source}: {target} already exists; nothing was written (edit that file, or delete it to "
                            "ingest again)\nWould write 0 draft(s); 1 file(s) could not be ingested.\n")


def test_topics_given_come_first_and_are_not_to_confirm(model_site):
    source = FIXTURES / "thu-ngay-gio-gmt.txt"
    result = ingest(model_site, "--topic", "Trách nhiệm nêu gương", source)
    assert result.exit_code == 0, result.output
    meta, _ = split((model_site.content / LAYOUTS["thu-ngay-gio-gmt.txt"].draft).read_text(encoding="utf-8"))
    assert meta["topics"] == ["neu-guong", "nqtw4"]
    assert [line for line in meta["review"] if line.startswith("topics")] == [
        'topics nqtw4: "NQTW4" is named in the text']


def test_the_date_option_dates_only_articles_without_a_date_line(model_site):
    undated = write_article(model_site, "ĐẢNG ỦY KHỐI DOANH NGHIỆP:\nHọp chi bộ tháng Ba\n\nNội dung cuộc họp.\n")
    dated = FIXTURES / "gia-lai.txt"
    refused = ingest(model_site, undated)
    assert refused.exit_code == 1
    assert refused.stderr == (f"{undated}: date: no date line such as '12/11/2012 - 14:49' at the top (add one, or "
                              "give the date with --date)\nWrote 0 draft(s); 1 file(s) could not be ingested.\n")
    result = ingest(model_site, "--date", "05/03/2013 - 08:30", undated, dated)
    assert result.exit_code == 0, result.output
    meta, _ = split((model_site.content / "bulletins/2013/03/hop-chi-bo-thang-ba.md").read_text(encoding="utf-8"))
    assert (meta["date"], meta["unit"]) == ("2013-03-05 08:30", "dang-uy-khoi-doanh-nghiep")
    assert meta["review"] == ["date: the article has no date line; the date given with --date was used"]
    assert (model_site.content / LAYOUTS["gia-lai.txt"].draft).is_file()  # its own date, 22/06/2020, is kept
    wrong = ingest(model_site, "--date", "31/02/2013", undated)
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("--date: the date '31/02/2013' does not exist")


@pytest.mark.parametrize("date_line, expected", [
    ("12/11/2012 - 14:49", "2012-11-12 14:49"),
    ("07:06 | 17/09/2024 GMT+7", "2024-09-17 07:06"),
    ("Thứ Hai, 12/11/2012, 14:49 (GMT+7)", "2012-11-12 14:49"),
    ("Thứ ba, ngày 17/01/2017 05:34 GMT+7", "2017-01-17 05:34"),
    ("08:21, ngày 16-04-2021", "2021-04-16 08:21"),
    ("18/05/2012 06:04 GMT+7", "2012-05-18 06:04"),
    ("Chủ nhật, 03/03/2024 23:30 GMT+0", "2024-03-04 06:30"),  # another offset, written in Vietnamese time
    ("Cập nhật lúc 9h05 ngày 01.02.2020", "2020-02-01 09:05"),
])
def test_date_lines(model_site, date_line, expected):
    source = write_article(model_site, f"{date_line}\n\nĐẢNG ỦY KHỐI DOANH NGHIỆP:\n\nHọp chi bộ\n\nNội dung.\n")
    result = ingest(model_site, source)
    assert result.exit_code == 0, result.output
    draft = next((model_site.content / "bulletins").rglob("hop-chi-bo.md"))
    meta, body = split(draft.read_text(encoding="utf-8"))
    assert (meta["date"], meta["title"], body) == (expected, "Họp chi bộ", "Nội dung.")
    assert "review" not in meta


def test_a_date_line_without_time_or_that_does_not_exist(model_site):
    no_time = write_article(model_site, "Thứ Ba, 12/03/2013\n\nĐẢNG ỦY KHỐI DOANH NGHIỆP:\n\nHọp chi bộ\n\nNội dung.\n")
    assert ingest(model_site, no_time).exit_code == 0
    meta, _ = split((model_site.content / "bulletins/2013/03/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert (meta["date"], meta["review"]) == ("2013-03-12 00:00", ["date: the date line gives no time; 00:00 was used"])
    impossible = write_article(model_site, "ĐẢNG ỦY KHỐI DOANH NGHIỆP:\n31/02/2013 - 14:49\nHọp chi bộ\n\nNội dung.\n",
                               "sai-ngay.txt")
    refused = ingest(model_site, impossible)
    assert refused.stderr.splitlines()[0] == (f'{impossible}:2: date: the date line "31/02/2013 - 14:49" names a day or '
                                              "time that does not exist (check the day and month)")


def test_an_unknown_unit_line_is_refused_unless_a_unit_is_given(model_site):
    source = write_article(model_site, "05/01/2013 - 08:00\n\nĐẢNG ỦY PHƯỜNG AN HÒA:\n\nHọp chi bộ\n\nNội dung.\n")
    refused = run("ingest", source, "--dry-run", cwd=model_site.root)
    assert refused.returncode == 1
    assert refused.stderr == (f'{source}:3: unit: unknown unit "ĐẢNG ỦY PHƯỜNG AN HÒA" (Use an id, name or alias from '
                              "units.yml, or add the unit there; or give the unit with --unit)\n"
                              "Would write 0 draft(s); 1 file(s) could not be ingested.\n")
    given = run("ingest", source, "--unit", "thanh-uy-can-tho", cwd=model_site.root)
    assert given.returncode == 0, given.stderr
    meta, body = split((model_site.content / "bulletins/2013/01/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert (meta["unit"], body) == ("thanh-uy-can-tho", "Nội dung.")
    assert meta["review"] == ['unit: the unit line was left out, as --unit was given: unknown unit "ĐẢNG ỦY PHƯỜNG AN '
                              'HÒA"']


def test_an_article_naming_no_unit_needs_the_unit_option(model_site):
    source = write_article(model_site, "05/01/2013 - 08:00\n\nHọp chi bộ\n\nNội dung không nêu đơn vị nào.\n")
    refused = ingest(model_site, source)
    assert refused.stderr.splitlines()[0] == (f"{source}: unit: no unit line (in capitals, ending with a colon) and no "
                                              "unit from units.yml named in the text (give the unit with --unit)")
    assert ingest(model_site, "--unit", "Chi bộ Phòng Người có công", source).exit_code == 0
    meta, _ = split((model_site.content / "bulletins/2013/01/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert (meta["unit"], "review" in meta) == ("chi-bo-phong-nguoi-co-cong", False)


def test_every_failure_names_its_file_and_the_others_are_still_ingested(model_site):
    undated = write_article(model_site, "ĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG:\n\nTiêu đề\n\nNội dung.\n", "khong-ngay.txt")
    latin = model_site.root / "latin1.txt"
    latin.write_bytes("12/11/2012\n\nRéunion\n".encode("latin-1"))
    empty_folder = model_site.root / "trong"
    empty_folder.mkdir()
    missing = model_site.root / "khong-co.txt"
    result = run("ingest", undated, MODEL, latin, missing, empty_folder, cwd=model_site.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{undated}: date: no date line such as '12/11/2012 - 14:49' at the top (add one, or give the date with "
        "--date)",
        f"{latin}:3: file: is not valid UTF-8 (byte 0xe9 at offset 13) (save the file as UTF-8 in your editor)",
        f"{missing}: file: no such file (check the name and the folder)",
        f"{empty_folder}: file: is a folder holding no article (.txt, .html or .htm file) (give the articles' files "
        "or their folder)",
        "Wrote 1 draft(s); 4 file(s) could not be ingested.",
    ]
    assert (model_site.content / DRAFT).is_file()


def test_a_second_ingest_never_replaces_the_draft(model_site):
    assert run("ingest", MODEL, cwd=model_site.root).returncode == 0
    draft = model_site.content / DRAFT
    draft.write_text(draft.read_text(encoding="utf-8") + "Biên tập viên đã sửa.\n", encoding="utf-8")
    again = run("ingest", MODEL, cwd=model_site.root)
    assert again.returncode == 1
    assert again.stderr == (f"{MODEL}: content/{DRAFT} already exists; nothing was written (edit that file, or "
                            "delete it to ingest again)\nWrote 0 draft(s); 1 file(s) could not be ingested.\n")
    assert draft.read_text(encoding="utf-8").endswith("Biên tập viên đã sửa.\n")


def test_text_that_looks_like_markup_stays_text(model_site):
    source = write_article(model_site, "12/11/2012\n\nĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG:\n\nTiêu đề\n\n"
                                       "Đoạn có <script>alert(1)</script> và *sao* {: onclick=x }\n\n# không phải tiêu đề\n")
    assert ingest(model_site, source).exit_code == 0
    _, body = split((model_site.content / "bulletins/2012/11/tieu-de.md").read_text(encoding="utf-8"))
    assert body == "Đoạn có &lt;script&gt;alert(1)&lt;/script&gt; và \\*sao\\* \\{: onclick=x \\}\n\n\\# không phải tiêu đề"


def test_an_unknown_prefix_is_kept_as_written_and_noted(model_site):
    source = write_article(model_site, "12/11/2012 - 14:49\n\nHọp chi bộ\n\n(PLO) - Chi bộ Phòng Người có công họp "
                                       "thường kỳ.\n")
    assert ingest(model_site, source).exit_code == 0
    meta, body = split((model_site.content / "bulletins/2012/11/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert (meta["source_name"], body) == ("PLO", "Chi bộ Phòng Người có công họp thường kỳ.")
    assert own_review(meta["review"]) == ['source_name: "PLO" opens the text but is no paper or agency known to the '
                                          "program; write its full name"]


def test_a_second_picture_s_caption_is_taken_out_and_noted(model_site):
    source = write_article(model_site, "12/11/2012 - 14:49\n\nHọp chi bộ\n\nChi bộ Phòng Người có công họp.\n\n"
                                       "Quang cảnh buổi họp. (Ảnh: Hà Linh)\n\nĐảng viên biểu quyết._Ảnh: TTXVN\n\n"
                                       "Buổi họp kết thúc lúc 11 giờ.\n")
    assert ingest(model_site, source).exit_code == 0
    meta, body = split((model_site.content / "bulletins/2012/11/hop-chi-bo.md").read_text(encoding="utf-8"))
    assert meta["image_caption"] == "Quang cảnh buổi họp. (Ảnh: Hà Linh)"
    assert body == "Chi bộ Phòng Người có công họp.\n\nBuổi họp kết thúc lúc 11 giờ."
    assert own_review(meta["review"]) == [
        'image_caption: the caption of another picture was taken out of the text: "Đảng viên biểu quyết. (Ảnh: TTXVN)"',
        IMAGE_NOTE]


@pytest.mark.parametrize("byline, authors", [
    ("Bài, ảnh: NGUYỄN HUY", ["Nguyễn Huy"]),
    ("Bài và ảnh: TRẦN VĂN AN - LÊ THỊ ÚT", ["Trần Văn An", "Lê Thị Út"]),
    ("Tin, ảnh: Phan Phương", ["Phan Phương"]),
    ("Thực hiện: ANH DŨNG - QUÁCH HÙNG", ["Anh Dũng", "Quách Hùng"]),
    ("Tin: TTXVN", ["TTXVN"]),
    ("Bài: Minh Châu, Hoàng Yến.", ["Minh Châu", "Hoàng Yến"]),
    ("N.ĐỨC", ["N.Đức"]),
    ("PV", ["PV"]),
    ("Văn Dũng- Minh Đạt", ["Văn Dũng", "Minh Đạt"]),
])
def test_bylines(byline, authors):
    article = parse_article(f"12/11/2012\n\nTiêu đề\n\nĐoạn cuối của bài./.\n\n{byline}\n\nChia sẻ bài viết\n")
    assert (article.authors, article.paragraphs) == (authors, ["Đoạn cuối của bài."])


@pytest.mark.parametrize("last", ["Hội nghị kết thúc lúc 11 giờ.", "Kết luận", "TP Cần Thơ, ngày 12 tháng 11"])
def test_a_last_paragraph_that_is_no_name_stays_text(last):
    article = parse_article(f"12/11/2012\n\nTiêu đề\n\nĐoạn đầu.\n\n{last}\n")
    assert (article.authors, article.paragraphs) == ([], ["Đoạn đầu.", last])


def test_a_second_date_line_is_neither_the_date_nor_the_title():
    article = parse_article("Thứ Hai, 12/11/2012, 14:49 (GMT+7)\nCập nhật lúc 08:05 ngày 13/11/2012\n\nHọp chi bộ\n\n"
                            "Nội dung.\n\nCập nhật: 14/11/2012 09:00\n")
    assert (article.date_line.text, article.title, article.paragraphs) == (
        "Thứ Hai, 12/11/2012, 14:49 (GMT+7)", "Họp chi bộ", ["Nội dung."])


def test_the_parts_of_the_model_article():
    article = parse_article(MODEL.read_text(encoding="utf-8"))
    assert (article.date_line.text, article.date_line.number, article.unit_line.text, article.title,
            article.caption) == ("12/11/2012 - 14:49", 1, "ĐẢNG BỘ KHỐI CƠ QUAN DÂN CHÍNH ĐẢNG:", TITLE, CAPTION)


@pytest.mark.parametrize("text, people", [
    ("Đồng chí Nguyễn Thanh Bình, Phó Bí thư Đảng ủy Khối Doanh nghiệp chủ trì hội nghị.",
     [("Nguyễn Thanh Bình", "Phó Bí thư Đảng ủy Khối Doanh nghiệp", "dang-uy-khoi-doanh-nghiep")]),
    ("đồng chí Trần Minh Khoa, Ủy viên Ban Thường vụ Đảng ủy Khối dự và phát biểu chỉ đạo.",
     [("Trần Minh Khoa", "Ủy viên Ban Thường vụ Đảng ủy Khối", "dang-uy-khoi-co-quan-dan-chinh-dang")]),
    ("Ông Hồ Văn Tài - Bí thư Chi bộ Phòng Người có công cho biết chi bộ đã họp.",
     [("Hồ Văn Tài", "Bí thư Chi bộ Phòng Người có công", "chi-bo-phong-nguoi-co-cong")]),
    ("đồng chí Lê Văn Nam, Bí thư Chi bộ Phòng Người có công và đồng chí Mai Thị Hoa, Phó Bí thư Đảng ủy Khối "
     "Doanh nghiệp cùng dự.",
     [("Lê Văn Nam", "Bí thư Chi bộ Phòng Người có công", "chi-bo-phong-nguoi-co-cong"),
      ("Mai Thị Hoa", "Phó Bí thư Đảng ủy Khối Doanh nghiệp", "dang-uy-khoi-doanh-nghiep")]),
    ("bà Võ Thu Hà, Ủy viên dự khuyết Ban Chấp hành Đảng bộ, Trưởng Ban Quản lý dự án nói: đúng.",
     [("Võ Thu Hà", "Ủy viên dự khuyết Ban Chấp hành Đảng bộ", None)]),
    ("ông Phan Văn Lộc, nguyên Bí thư Chi bộ Phòng Người có công, đã phát biểu.",
     [("Phan Văn Lộc", "nguyên Bí thư Chi bộ Phòng Người có công", "chi-bo-phong-nguoi-co-cong")]),
    ("ông Đỗ Minh, Trưởng đoàn công tác - sẽ làm việc tiếp.", [("Đỗ Minh", "Trưởng đoàn công tác", None)]),
    ("Đảng viên Lê Văn Út, Trưởng Phòng Nghiệp vụ, nhấn mạnh", [("Lê Văn Út", "Trưởng Phòng Nghiệp vụ", None)]),
])
def test_roles_end_where_the_role_ends(model_site, text, people):
    registries, problems = load_registries(model_site.content)
    assert problems == []
    found = Suggester(registries).participants(text)
    assert [(person.name, person.role, person.unit) for person in found] == people
