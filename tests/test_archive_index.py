"""The archive's index: years and months newest first, each month knowing its year, on Vietnamese clocks."""

from datetime import datetime

from generator.archive import index_years
from generator.site import load_site
from generator.vietnamese import VIETNAM

NOW = datetime(2030, 1, 1, tzinfo=VIETNAM)


def test_years_and_months_come_newest_first_and_each_month_knows_its_year(site_dir):
    for name, date in [("a", "2012-03-05"), ("b", "2012-11-01"), ("c", "2012-11-20"), ("d", "2013-01-01 06:00+09:00"),
                       ("e", "2012-12-31T23:30:00+07:00")]:
        site_dir.add(f"bulletins/{name}.md", date=date)
    years = index_years(load_site(site_dir.content, NOW).bulletins)
    assert [(year.year, year.url, year.count) for year in years] == [(2013, "luu-tru/2013/", 1),
                                                                   (2012, "luu-tru/2012/", 4)]
    assert [[(month.year, month.number, month.anchor, month.label, [item.path for item in month.bulletins])
             for month in year.months] for year in years] == [
        [(2013, 1, "thang-01", "Tháng 1/2013", ["bulletins/d.md"])],  # 04:00 on 1 January in Vietnam
        [(2012, 12, "thang-12", "Tháng 12/2012", ["bulletins/e.md"]),
         (2012, 11, "thang-11", "Tháng 11/2012", ["bulletins/c.md", "bulletins/b.md"]),
         (2012, 3, "thang-03", "Tháng 3/2012", ["bulletins/a.md"])]]
    assert [item.path for item in years[1].bulletins] == ["bulletins/e.md", "bulletins/c.md", "bulletins/b.md",
                                                        "bulletins/a.md"]
