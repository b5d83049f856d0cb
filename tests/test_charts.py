"""The bulletins-per-year chart: its numbers, its geometry, and its text alternative in a real build."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from generator.charts import BAR, PLOT_HEIGHT, SLOT, TOP, year_chart, year_counts
from generator.content import Bulletin, pack
from generator.registry import Unit
from generator.vietnamese import VIETNAM


def dated(*moments: datetime) -> list[Bulletin]:
    unit = Unit("u", "U")
    return [Bulletin(path=f"b{n}", url=f"b{n}/", title="T", date=moment, units=(unit,), topics=(), participants=(),
                     authors=(), summary=None, image=None, image_caption=None, source=None, draft=False, packed=pack(""),
                     body_start=0, body_length=0) for n, moment in enumerate(moments)]


def year(number: int, month: int = 6) -> datetime:
    return datetime(number, month, 1, tzinfo=VIETNAM)


def test_every_year_from_first_to_last_is_counted_zeros_included():
    bulletins = dated(year(2012), year(2012, 11), year(2015), year(2015, 12))
    assert year_counts(bulletins) == {2012: 2, 2013: 0, 2014: 0, 2015: 2}


def test_the_year_is_taken_on_vietnamese_clocks():
    new_year_in_hanoi = datetime(2012, 12, 31, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert year_counts(dated(new_year_in_hanoi)) == {2013: 1}


def test_bars_are_proportional_and_the_text_gives_every_number():
    chart = year_chart(dated(year(2012), year(2012), year(2012), year(2012), year(2014), year(2014)))
    assert [(bar.year, bar.count, bar.height) for bar in chart.bars] == [
        (2012, 4, PLOT_HEIGHT), (2013, 0, 0), (2014, 2, PLOT_HEIGHT / 2)]
    assert [bar.y for bar in chart.bars] == [TOP, TOP + PLOT_HEIGHT, TOP + PLOT_HEIGHT / 2]
    assert [bar.x for bar in chart.bars] == [(SLOT - BAR) / 2 + n * SLOT for n in range(3)]
    assert chart.width == 3 * SLOT and chart.total == 6
    assert chart.text == "2012: 4 bản tin; 2013: 0 bản tin; 2014: 2 bản tin."


def test_many_years_label_every_other_year_and_the_last():
    chart = year_chart(dated(*(year(1990 + n) for n in range(30))))
    labelled = [bar.year for bar in chart.bars if bar.show_year]
    assert labelled == [*range(1990, 2020, 2), 2019]


def test_no_bulletins_no_chart():
    assert year_chart([]) is None


def test_the_unit_page_draws_the_chart_of_its_roll_up(site_dir):
    site_dir.add("bulletins/a.md", date="2012-05-01", unit="dang-uy-khoi")
    site_dir.add("bulletins/b.md", date="2014-05-01", unit="chi-bo-nguoi-co-cong")
    site_dir.add("bulletins/c.md", date="2014-06-01", unit="chi-bo-nguoi-co-cong")
    site_dir.build()
    page = site_dir.page("don-vi/dang-uy-khoi/")
    assert 'role="img" aria-labelledby="year-chart-title year-chart-desc"' in page
    assert '<desc id="year-chart-desc">2012: 1 bản tin; 2013: 0 bản tin; 2014: 2 bản tin.</desc>' in page
    heights = [float(h) for h in re.findall(r'class="year-chart__bar"[^>]*height="([\d.]+)"', page)]
    assert heights == [PLOT_HEIGHT / 2, 0, PLOT_HEIGHT]
    assert "kể cả các đơn vị trực thuộc" in page[page.index("<figcaption>"):]
    assert "year-chart" not in site_dir.page("don-vi/khoi-doanh-nghiep/")  # no bulletins, no chart
    assert "<script" not in page[page.index('<figure class="year-chart">'):page.index("</figure>")]
