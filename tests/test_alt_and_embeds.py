"""The words pages give a chart: its alt text, and the HTML and Markdown that embed it elsewhere."""
from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from app import create_app
from app.views.chart_embeds import markdown_url


def alt_texts(page: str) -> list[str]:
    """The alt text of every chart image of a page, as a reader hears it."""
    return [html.unescape(alt) for alt in re.findall(r'<img[^>]* alt="([^"]*)"', page)]


def embed_snippets(page: str) -> dict[str, str]:
    """A chart page's embed snippets, "html" and "markdown", as a reader copies them."""
    return {name: html.unescape(re.search(rf'<textarea id="embed-{name}"[^>]*>(.*?)</textarea>', page, re.S)[1])
            for name in ("html", "markdown")}


def test_an_untitled_chart_s_alt_text_says_what_it_draws_once(client):
    weather = alt_texts(client.get("/datasets/weather").get_data(as_text=True))
    assert weather[0].startswith("Line chart of temperature_c by date, 10958 rows. date from ")
    page = client.get("/d/weather/temperature?title=").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.startswith("Line chart of temperature_c by date, ")
    snippets = embed_snippets(page)  # words of the spec alone (test_embed_words.py)
    assert snippets["markdown"].startswith("![Line chart of temperature_c by date. y axis: °C.](")
    assert 'alt="Line chart of temperature_c by date. y axis: °C."' in snippets["html"]
    for alt in weather + alt_texts(client.get("/datasets/animals").get_data(as_text=True)) + [alt]:
        summary = alt.partition(",")[0]
        assert alt.count(summary) == 1, alt


def test_a_title_the_description_happens_to_start_with_is_kept(client):
    [alt] = alt_texts(client.get("/d/weather/temperature?title=Line").get_data(as_text=True))
    assert alt.startswith("Line. Line chart of temperature_c by date, ")
    [alt] = alt_texts(client.get("/d/animals/bears").get_data(as_text=True))
    assert alt.startswith("Bears. Bar chart of Bear by year, ")


@pytest.mark.parametrize(("title", "said"), [("Bears.", "Bears. "), ("How warm was it?", "How warm was it? "),
                                             ("Rain!", "Rain! "), ("More…", "More… "), ("  x \n", "x. ")])
def test_a_title_that_ends_its_sentence_itself_gets_no_full_stop_after_it(client, title, said):
    # "Bears.. Line chart of …", "x . Line chart of …": the title's own mark, then the alt text's.
    page = client.get("/d/weather/temperature", query_string={"title": title}).get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.startswith(f"{said}Line chart of temperature_c by date, "), alt
    snippets = embed_snippets(page)
    assert f'alt="{said}Line chart of temperature_c by date. y axis: °C."' in snippets["html"]


NASTY_TITLE = "5*3*2 `x` <http://a.b> &copy; [a](b) _c_ \\ ! ~~s~~ #1"


def test_the_markdown_snippet_escapes_what_markdown_would_read_as_syntax(client):
    # CommonMark shows the alt text's inline content as plain text: unescaped, "5*3*2 `x`
    # <http://a.b> &copy;" would come out as "532 x http://a.b ©". Each character that would be
    # read so is escaped with a backslash, and no other (test_embed_edges.py).
    page = client.get("/d/weather/temperature", query_string={"title": NASTY_TITLE}).get_data(as_text=True)
    markdown = embed_snippets(page)["markdown"]
    assert markdown.startswith(r"![5\*3\*2 \`x\` \<http://a.b> \&copy; \[a\](b) \_c\_ \\ ! \~\~s\~\~ #1. "
                               r"Line chart of temperature_c by date. y axis: °C.](")
    alt, _, url = markdown[2:].rpartition("](")
    unescaped = re.sub(r"\\(.)", r"\1", alt)
    assert unescaped == f"{NASTY_TITLE}. Line chart of temperature_c by date. y axis: °C."
    assert url == "http://localhost/d/weather/temperature.svg?title=" + urllib.parse.quote_plus(NASTY_TITLE) + ")"


def test_the_markdown_snippet_percent_encodes_what_would_end_its_url_early():
    assert markdown_url("https://a.example/x (1)\\y`z<w>;v?q=1&r=%2B") == \
        "https://a.example/x%20%281%29%5Cy%60z%3Cw%3E%3Bv?q=1&r=%2B"


def test_a_dataset_s_page_draws_each_number_but_its_x(client, data_dir):
    animals = alt_texts(client.get("/datasets/animals").get_data(as_text=True))
    assert [alt.partition(",")[0] for alt in animals] == [f"Line chart of {name} by year" for name in ("Bear", "Deer", "Wolf")]
    # A dataset whose only number is its first column still gets a chart of it: its histogram.
    (data_dir / "counts.csv").write_text("n,label\n1,a\n2,b\n")
    [only] = alt_texts(client.get("/datasets/counts").get_data(as_text=True))
    assert only.startswith("Histogram of n")


def test_a_chart_page_writes_a_title_s_line_breaks_in_its_alt_text_as_spaces(client):
    # As the embed snippets and a dataset's page write theirs: a screen reader reads the alt text
    # as one sentence, and a title's line break is where the drawing wraps it, not a pause.
    page = client.get("/d/weather/temperature", query_string={"title": "Two\nlines\r\nhere"}).get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.startswith("Two lines here. Line chart of temperature_c by date, ")


def test_a_dashboard_writes_its_charts_titles_line_breaks_in_their_alt_texts_as_spaces(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "broken.toml").write_text('title = "Split\\nboard"\n[[charts]]\nid = "c"\ndataset = "animals"\n'
                                        'title = "Bears\\nper year"\ny = ["Bear"]\n')
    client = create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]}).test_client()
    [alt] = alt_texts(client.get("/d/broken").get_data(as_text=True))
    assert alt.startswith("Bears per year. Line chart of Bear by year, ")
    index = alt_texts(client.get("/").get_data(as_text=True))
    assert index[0].startswith("Bears per year. Line chart of Bear by year, ")  # its card: the first chart
    # refresh.js sets each image's alt text from versions.json: as the page writes it.
    polled = client.get("/d/broken/versions.json").get_json()["charts"]["c"]["alt"]
    assert polled.startswith("Bears per year. Line chart of Bear by year, ")


def test_the_front_page_s_cards_say_what_their_charts_draw_as_their_pages_do(client):
    # A card's thumbnail is the first chart of the dashboard or dataset: its alt text is that chart's,
    # not the card's title again ("Animal sightings: first chart", "Weather: 6 columns").
    index = client.get("/").get_data(as_text=True)
    cards = dict(re.findall(r'<img src="(/[^"?]+)\?[^"]*"[^>]* alt="([^"]*)"', index))
    animals = alt_texts(client.get("/d/animals").get_data(as_text=True))[0]
    assert html.unescape(cards["/d/animals/all.svg"]) == animals
    assert animals.startswith("Sightings per year. Line chart of Bear, Deer, Wolf by year, ")
    weather = alt_texts(client.get("/datasets/weather").get_data(as_text=True))[0]
    assert html.unescape(cards["/plot/weather.svg"]) == weather
    assert weather.startswith("Line chart of temperature_c by date, 10958 rows.")
    # A dashboard that opens on a range: its card's chart, whose URL names none, draws those rows too.
    stations = alt_texts(client.get("/d/stations").get_data(as_text=True))[0]
    [card] = [alt for src, alt in cards.items() if src.startswith("/d/stations/")]
    assert html.unescape(card) == stations and "2025" in stations


def test_a_front_page_card_whose_chart_cannot_be_drawn_says_why_as_its_dashboard_does(tmp_path):
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir(), boards.mkdir()
    (data / "zoo.csv").write_text("year,Bear,Gone\n2019,3,1\n2020,5,2\n")
    (boards / "zoo.toml").write_text('title = "Zoo"\n[[charts]]\nid = "gone"\ndataset = "zoo"\ny = ["Gone"]\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]}).test_client()
    (data / "zoo.csv").write_text("year,Bear\n2019,3\n2020,5\n")  # its column gone after the start
    index = client.get("/")
    assert index.status_code == 200
    [board] = alt_texts(client.get("/d/zoo").get_data(as_text=True))
    assert board.startswith("This chart cannot be drawn: ") and "Gone" in board
    assert alt_texts(index.get_data(as_text=True))[0] == board


def test_a_chart_page_offers_its_png_for_an_e_mail_with_the_htmls_size_and_alt_text(client):
    # Gmail and Outlook show no SVG image: a pasted SVG snippet was a broken image in a mail.
    page = client.get("/d/weather/temperature?theme=dark&from=2024-01-01").get_data(as_text=True)
    email = html.unescape(re.search(r'<textarea id="embed-email"[^>]*>(.*?)</textarea>', page, re.S)[1])
    svg = embed_snippets(page)["html"]
    src = html.unescape(re.search(r'src="([^"]*)"', email)[1])
    assert src == "http://localhost/d/weather/temperature.png?theme=dark&from=2024-01-01&scale=2"
    assert email == svg.replace(re.search(r'src="[^"]*"', svg)[0], f'src="{html.escape(src)}"')
    answer = client.get(src.removeprefix("http://localhost"))
    assert answer.status_code == 200 and answer.content_type == "image/png"
    assert (int.from_bytes(answer.data[16:20], "big"), int.from_bytes(answer.data[20:24], "big")) == (1280, 720)
