"""The words pages give a chart: its alt text, and the HTML and Markdown that embed it elsewhere."""
from __future__ import annotations

import html
import re


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
    snippets = embed_snippets(page)
    assert snippets["markdown"].startswith("![Line chart of temperature_c by date, ")
    assert 'alt="Line chart of temperature_c by date, ' in snippets["html"]
    for alt in weather + alt_texts(client.get("/datasets/animals").get_data(as_text=True)) + [alt]:
        summary = alt.partition(",")[0]
        assert alt.count(summary) == 1, alt


def test_a_title_the_description_happens_to_start_with_is_kept(client):
    [alt] = alt_texts(client.get("/d/weather/temperature?title=Line").get_data(as_text=True))
    assert alt.startswith("Line. Line chart of temperature_c by date, ")
    [alt] = alt_texts(client.get("/d/animals/bears").get_data(as_text=True))
    assert alt.startswith("Bears. Bar chart of Bear by year, ")
