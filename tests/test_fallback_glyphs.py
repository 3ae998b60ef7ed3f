"""Characters DejaVu Sans lacks, drawn as boxes in a PNG, a PDF and text=path: an emoji's variation
selector, or a flag's tags, draw no box of their own over the text after them."""
from __future__ import annotations

import io
import re
import urllib.parse
import zlib

import numpy as np
import pytest
from PIL import Image

# "🌡️ temp": the thermometer then U+FE0F, as emoji are typed. The thermometer is drawn from
# matplotlib's last-resort font, as a box, and the selector was drawn as a second box, laid over
# the space and the "t" after it, which it took no room from.
WITH_SELECTOR = "\U0001f321\ufe0f temp"
WITHOUT = "\U0001f321 temp"
# England's flag: the black flag, "gbeng" in tag letters and the cancel tag, drawn as the black flag.
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f temp"
BLACK_FLAG = "\U0001f3f4 temp"


def chart(client, url: str, label: str) -> bytes:
    """The bytes of `url` (a chart of the sample animals) with its x axis titled `label`."""
    response = client.get(f"{url}{'&' if '?' in url else '?'}xlabel={urllib.parse.quote(label)}")
    assert response.status_code == 200, response.data[:300]
    return response.data


@pytest.mark.parametrize("labels", [(WITH_SELECTOR, WITHOUT), (ENGLAND, BLACK_FLAG)])
@pytest.mark.parametrize("url", ["/plot/animals.pdf", "/plot/animals.svg?text=path"])
def test_an_emojis_variation_selector_or_tags_draw_nothing_in_a_pdf_or_as_paths(client, url, labels):
    assert drawn(chart(client, url, labels[0])) == drawn(chart(client, url, labels[1]))


def drawn(chart_bytes: bytes) -> list[bytes]:
    """What a chart draws, without the words that name its axis titles as given: a PDF's streams (its
    pages and fonts), not its Subject; an SVG without its <desc> and the hash of it its ids are named by."""
    if chart_bytes.startswith(b"%PDF"):
        streams = re.findall(rb"stream\r?\n(.*?)endstream", chart_bytes, flags=re.S)
        assert streams
        return [zlib.decompressobj().decompress(stream) for stream in streams]
    svg = re.sub(rb"<desc[^>]*>.*?</desc>", b"", chart_bytes, flags=re.S)
    # Its ids are named after a hash of its words.
    prefix = re.search(rb'aria-labelledby="([^"-]+)-desc"', svg).group(1)
    return [svg.replace(prefix, b"ID")]


@pytest.mark.parametrize("labels", [(WITH_SELECTOR, WITHOUT), (ENGLAND, BLACK_FLAG)])
def test_an_emojis_variation_selector_or_tags_draw_nothing_in_a_png(client, labels):
    # The same pixels but for a shade at the edges of glyphs placed a fraction of a pixel apart
    # (about 2 pixels' worth in all); the selector's box was some 45 pixels of ink.
    chosen, alone = (np.asarray(Image.open(io.BytesIO(chart(client, "/plot/animals.png", label)))
                                .convert("L"), dtype=float) for label in labels)
    assert np.abs(chosen - alone).sum() / 255 < 10


# "東́": a Chinese character, drawn from the last-resort font as a box, then a combining acute
# accent. matplotlib drew the accent from the box's font too, as a second box above the line.
ACCENTED_BOX = "\u6771\u0301 temp"
BOX = "\u6771 temp"


def test_a_combining_mark_after_a_character_drawn_as_a_box_draws_nothing_in_a_png(client):
    accented, alone = (np.asarray(Image.open(io.BytesIO(chart(client, "/plot/animals.png", label)))
                                  .convert("L"), dtype=float) for label in (ACCENTED_BOX, BOX))
    assert np.abs(accented - alone).sum() / 255 < 10
