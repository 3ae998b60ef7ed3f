"""The smaller image a phone asks for of a page's chart, as each page names it: a dashboard's, a dataset's
and a chart page's write the same `<picture>`, whose `<source>` names the chart's image URL drawn 360 px
wide; a chart that narrow already is its image alone, as is one that cannot be drawn on a chart's page, where
on a dashboard's its `<source>` names its image saying why, drawn at the phone's size, until a refreshing page can
draw it."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site

PICTURE = re.compile(r'<picture><source media="([^"]+)" srcset="([^"]+)" width="(\d+)" height="(\d+)">(?:<source [^>]+>)*'
                     r'<img(?: id="chart")? src="([^"]+)"')
# The <source>s after a picture's first: [media, image URL, width, height].
FITTED = re.compile(r'(?<!<picture>)<source media="([^"]+)" srcset="([^"]+)" width="(\d+)" height="(\d+)">')
BOARD = ('columns = 1\n'
         '[[charts]]\nid = "wide"\ndataset = "pond"\nwidth = 900\nheight = 300\ny = ["frogs"]\n'
         '[[charts]]\nid = "narrow"\ndataset = "pond"\nwidth = 300\ny = ["frogs"]\n'
         '[[charts]]\nid = "many"\ndataset = "many"\nkind = "bar"\nx = "who"\ny = ["n"]\n')
MANY = "who,n\n" + "".join(f"w{i},{i}\n" for i in range(150))  # more bars than a bar chart may show


def pictures(client, url: str, status: int = 200) -> list[tuple[str, ...]]:
    """The `<picture>`s of the page at `url`, which answers `status`: [media, phone's image URL, its width
    and height, image URL]."""
    page = client.get(url)
    assert page.status_code == status, page.get_data(as_text=True)[:300]
    return PICTURE.findall(page.get_data(as_text=True).replace("&amp;", "&"))


def test_each_page_names_the_phone_image_of_its_chart_drawn_360_px_wide_in_its_ratio(tmp_path):
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n", "many.csv": MANY}, BOARD).test_client()
    one_to_a_row = "(min-width: 100px) and (max-width: 539.98px)"
    [(media, phone, width, height, src), _] = pictures(client, "/d/m")  # not the narrow chart
    assert (media, width, height) == (one_to_a_row, "360", "120")
    assert src.startswith("/d/m/wide.svg?v=") and phone == src.replace("?", "?width=360&height=120&")
    [(media, phone, width, height, src)] = pictures(client, "/d/m/wide?height=450")
    assert (media, width, height) == (one_to_a_row, "360", "180")
    assert phone == src.replace("height=450", "height=180&width=360")
    assert pictures(client, "/d/m/narrow") == [] and pictures(client, "/d/m/many", 422) == []
    [(media, phone, width, height, src)] = pictures(client, "/datasets/pond")
    assert (media, width, height) == (f"{one_to_a_row}, (min-width: 740px) and (max-width: 999.98px)", "360", "202")
    assert src.startswith("/plot/pond.svg?") and "width=360&height=202" in phone


def test_a_dashboards_chart_that_cannot_be_drawn_names_its_image_saying_why_drawn_at_the_phones_size(tmp_path):
    # Its <picture> there from the first, which a refreshing page moves on to the phone's image once the chart can
    # be drawn, where it had none and showed the chart 640 px wide on a phone until the page was opened again.
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n", "many.csv": MANY}, BOARD).test_client()
    [_, (media, phone, width, height, src)] = pictures(client, "/d/m")
    assert (media, width, height) == ("(min-width: 100px) and (max-width: 539.98px)", "360", "202")
    assert src.startswith("/d/m/many.svg?v=") and phone == src.replace("?", "?width=360&height=202&")


def test_a_dashboards_chart_that_cannot_be_drawn_before_its_rows_are_read_keeps_its_files_size(tmp_path):
    # Its column gone, no spec is made over its dataset: it was sized 640 × 360 whatever its file said, and its
    # phone's image, which a refreshing page asks for once it can be drawn, 360 × 202 whatever its ratio.
    site = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n", "many.csv": MANY}, BOARD)
    (tmp_path / "data" / "pond.csv").write_text("day,toads\n1,3\n")
    client = site.test_client()
    # The narrow chart, 300 px wide in its file, has no phone's image, as when it can be drawn.
    found = pictures(client, "/d/m")
    assert [(width, height, src.split("?")[0]) for _, _, width, height, src in found] == [
        ("360", "120", "/d/m/wide.svg"), ("360", "202", "/d/m/many.svg")]
    media, phone, _, _, src = found[0]
    assert media == "(min-width: 100px) and (max-width: 539.98px)"
    assert phone == src.replace("?", "?width=360&height=120&")  # its image saying why, drawn at the phone's size
    # Each chart's <img>, as wide and high as its file says (the narrow one's height the default).
    page = client.get("/d/m").get_data(as_text=True)
    images = re.findall(r'<img [^>]*width="(\d+)" height="(\d+)"[^>]*data-chart="(\w+)"', page)
    assert images == [("900", "300", "wide"), ("300", "360", "narrow"), ("640", "360", "many")]


def test_a_chart_page_names_its_chart_drawn_at_the_width_each_wider_screen_shows_it(tmp_path):
    # A chart wider than 640 px was drawn at its own width on every screen from 540 px, shown narrower.
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n", "many.csv": MANY}, BOARD).test_client()
    page = client.get("/d/m/wide?width=1200&height=400").get_data(as_text=True).replace("&amp;", "&")
    [src] = re.findall(r'<img id="chart" src="([^"]+)"', page)
    fitted = FITTED.findall(page)
    assert [(media, width, height) for media, _, width, height in fitted] == [
        ("(min-width: 540px) and (max-width: 705.98px)", "640", "213"),
        ("(min-width: 706px) and (max-width: 865.98px)", "800", "267"),
        ("(min-width: 866px) and (max-width: 1025.98px)", "960", "320"),
        ("(min-width: 1026px) and (max-width: 1185.98px)", "1120", "373")]
    for _, url, width, height in fitted:
        assert url == src.replace("width=1200&height=400", f"width={width}&height={height}"), (url, src)
    # The widest a page shows a chart is 1382 px: a chart wider is asked for 1440 px wide on every screen from 1346.
    page = client.get("/d/m/wide?width=2000&height=400").get_data(as_text=True)
    assert FITTED.findall(page)[-1][0] == "(min-width: 1346px)" and FITTED.findall(page)[-1][2] == "1440"
    # A chart of 640 px or narrower, or one that cannot be drawn, names none.
    assert FITTED.findall(client.get("/d/m/wide?width=640").get_data(as_text=True)) == []
    assert FITTED.findall(client.get("/d/m/many").get_data(as_text=True)) == []
