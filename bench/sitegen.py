"""Generate a content folder of N bulletins with realistic metadata, for benchmarks.

Like the sample content: about 60 units in a three-level tree, 30 topics, three review campaigns, 2 to 6
participants each drawn from 2,000 people (half of them written with their role and unit), a summary, the
review's findings on two bulletins in five, dates over 15 years, about 3% drafts. Body text comes from
../shared/corpora/vntc-20k.jsonl.gz when it is there (read at run time, never copied into the repository), else
from generated sentences; past the corpus' end its texts come again under new titles ("…, kỳ 2"). The
three articles holding raw HTML are left out.

    python bench/sitegen.py OUT_DIR N
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "vntc-20k.jsonl.gz"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Châu", "Đinh", "Trương", "Lâm"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Hồng", "Việt", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hà", "Hải", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Long", "Mai", "Minh", "Nam", "Nga", "Phúc", "Phương", "Quang", "Sơn", "Tâm", "Thái", "Thảo",
         "Thủy", "Tiến", "Trang", "Triều", "Trung", "Tuấn", "Út", "Vân", "Việt", "Xuân", "Yến", "Ánh", "Ân"]
ROLES = ["Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ", "Chi ủy viên", "Đảng viên", "Trưởng phòng",
         "Phó Giám đốc", "Chủ nhiệm Ủy ban Kiểm tra"]
UNIT_KINDS = [("Đảng ủy Khối", 4), ("Đảng ủy", 4), ("Chi bộ", 3)]
PLACES = ["Cơ quan Dân Chính Đảng", "Doanh nghiệp", "Lao động - Thương binh và Xã hội", "Tài chính",
          "Giáo dục và Đào tạo", "Y tế", "Xây dựng", "Nội vụ", "Tư pháp", "Công Thương", "Nông nghiệp",
          "Giao thông Vận tải", "Tài nguyên và Môi trường", "Văn hóa", "Khoa học và Công nghệ", "Kế hoạch",
          "Ninh Kiều", "Bình Thủy", "Cái Răng", "Ô Môn", "Thốt Nốt", "Phong Điền", "Cờ Đỏ", "Vĩnh Thạnh"]
TOPIC_WORDS = ["Kiểm điểm", "Tự phê bình", "Xây dựng Đảng", "Công tác cán bộ", "Kiểm tra, giám sát",
               "Học tập và làm theo Bác", "Dân vận", "Tuyên giáo", "Phòng chống tham nhũng", "Chuyển đổi số"]
# Three articles of the corpus hold a web page's HTML, its pictures' links broken (bulletins publish stops).
RAW_HTML = re.compile(r"<[a-zA-Z]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORDS = ("đảng viên chi bộ kiểm điểm phê bình tự phê bình hội nghị ban thường vụ cấp ủy nghị quyết trung ương "
         "khuyết điểm hạn chế giải pháp khắc phục tập thể cá nhân lãnh đạo chỉ đạo tư tưởng chính trị đạo đức "
         "lối sống quy chế dân chủ đoàn kết thống nhất kiểm tra giám sát cán bộ quy hoạch đào tạo").split()


def units(rng: random.Random) -> list[dict]:
    """About 60 units: 4 roots, 4 children each, 2 to 4 grandchildren each."""
    found, places = [], iter(rng.sample(PLACES * 3, len(PLACES) * 3))
    for r in range(4):
        root = {"id": f"khoi-{r + 1}", "name": f"Đảng ủy Khối {next(places)} {r + 1}"}
        found.append(root)
        for c in range(4):
            child = {"id": f"{root['id']}-dv-{c + 1}", "name": f"Đảng ủy {next(places)} {r + 1}.{c + 1}",
                     "parent": root["id"]}
            found.append(child)
            for g in range(rng.randint(2, 4)):
                found.append({"id": f"{child['id']}-cb-{g + 1}", "name": f"Chi bộ {child['name'][8:]}.{g + 1}",
                              "parent": child["id"]})
    return found


def topics() -> list[dict]:
    return [{"id": f"chu-de-{n + 1}", "name": f"{TOPIC_WORDS[n % len(TOPIC_WORDS)]} {n // len(TOPIC_WORDS) + 1}"}
            for n in range(30)]


def people(rng: random.Random, count: int = 2000) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
                  if len(names) % 3 == 0 else f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}")
    return sorted(names)


def campaigns(all_topics: list[dict]) -> list[dict]:
    """Three campaigns led by the roots, each counting the bulletins of one topic within its dates."""
    return [{"id": f"dot-{year}", "name": f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}",
             "unit": f"khoi-{number + 1}", "topics": [all_topics[number]["id"]],
             "start": f"{year}-11-15", "deadline": f"{year}-12-31", "depth": 1}
            for number, year in enumerate((2016, 2020, 2024))]


def articles(rng: random.Random) -> Iterator[tuple[str, str]]:
    """(title, body) pairs: the VNTC corpus when present, else generated text."""
    if CORPUS.exists():
        for reading in itertools.count(1):
            with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
                for line in stream:
                    article = json.loads(line)
                    if RAW_HTML.search(article["body"]):
                        continue
                    title = article["title"].strip() or "Không tiêu đề"
                    yield (title if reading == 1 else f"{title}, kỳ {reading}"), article["body"]
    while True:
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + "."
                      for _ in range(rng.randint(3, 8))]
        yield " ".join(rng.choice(WORDS) for _ in range(8)).capitalize(), "\n\n".join(paragraphs)


def sentences(body: str) -> list[str]:
    """The body's sentences of a reasonable length for a summary or a finding."""
    return [sentence for sentence in SENTENCE_END.split(body.replace("\n", " "))
            if 40 <= len(sentence) <= 300]


def participant(rng: random.Random, name: str, unit_ids: list[str]) -> str | dict:
    """Half as the sample writes them (name, role, unit), half in the short form "name, role"."""
    role = rng.choice(ROLES)
    return {"name": name, "role": role, "unit": rng.choice(unit_ids)} if rng.random() < 0.5 else f"{name}, {role}"


def findings(rng: random.Random, body: str) -> dict | None:
    """Two bulletins in five carry a review's findings, sentences of their own text."""
    found = sentences(body)
    if rng.random() >= 0.4 or len(found) < 3:
        return None
    return {kind: rng.sample(found, rng.randint(1, min(3, len(found))))
            for kind in ("strengths", "shortcomings", "remedies")}


def yaml_list(items: list[dict]) -> str:
    return "\n".join("- " + json.dumps(item, ensure_ascii=False) for item in items) + "\n"


def generate(out: Path, count: int, seed: int = 1) -> Path:
    """Write ``out/content`` (registries, ``count`` bulletins, an index page); return the content folder."""
    rng = random.Random(seed)
    content = out / "content"
    (content / "bulletins").mkdir(parents=True, exist_ok=True)
    all_units, all_topics, all_people = units(rng), topics(), people(rng)
    (content / "units.yml").write_text(yaml_list(all_units), encoding="utf-8")
    (content / "topics.yml").write_text(yaml_list(all_topics), encoding="utf-8")
    (content / "campaigns.yml").write_text(yaml_list(campaigns(all_topics)), encoding="utf-8")
    (content / "index.md").write_text("---\ntitle: Trang chủ\n---\n\nBản tin kiểm điểm.\n", encoding="utf-8")
    start, source = datetime(2011, 1, 1), articles(rng)
    for number in range(count):
        title, body = next(source)
        when = start + timedelta(minutes=rng.randrange(15 * 365 * 24 * 60))
        unit_ids = [unit["id"] for unit in rng.sample(all_units, rng.choice([1, 1, 1, 2]))]
        meta = {
            "title": title,
            "date": f"{when:%Y-%m-%d %H:%M}",
            "unit": unit_ids,
            "topics": [topic["id"] for topic in rng.sample(all_topics, rng.randint(1, 3))],
            "participants": [participant(rng, name, unit_ids) for name in rng.sample(all_people, rng.randint(2, 6))],
            "author": rng.choice(all_people),
            "summary": next(iter(sentences(body)), title),
            "findings": findings(rng, body),
            "draft": rng.random() < 0.03,
        }
        front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()
                          if value is not None)
        path = content / "bulletins" / f"{when:%Y}" / f"{when:%m}" / f"bai-{number:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    return content


def ensure(out: Path, count: int) -> Path:
    """``out/content`` as this version of the generator makes it, generated again if it is missing or older."""
    stamp = out / "sitegen.stamp"
    wanted = hashlib.sha256(Path(__file__).read_bytes() + f"{count} {CORPUS.exists()}".encode()).hexdigest()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return out / "content"
    shutil.rmtree(out / "content", ignore_errors=True)
    content = generate(out, count)
    stamp.write_text(wanted, encoding="utf-8")
    return content


if __name__ == "__main__":
    folder = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"wrote {int(sys.argv[2])} bulletins to {folder}")
