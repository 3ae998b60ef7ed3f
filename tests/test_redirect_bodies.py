"""The body of a chart's, report's or data file's redirect (a slash too many) links the URL its
Location names, relative as that is: a doubled slash's redirect, which werkzeug makes, named the
absolute URL (`http://localhost/plot/animals.svg`) in its body while its Location was relative."""
from __future__ import annotations

import gzip
import re

import brotli
import pytest

from tests.test_embed_edges import SLASHED_FILES

# A doubled slash, redirected by werkzeug's routing (SLASHED_FILES has one too).
DOUBLED = [("/d//animals/bears.png", "/d/animals/bears.png"), ("/datasets//animals.csv", "/datasets/animals.csv"),
           ("/d/animals//all.json?width=320", "/d/animals/all.json?width=320")]
DECODE = {None: lambda body: body, "gzip": gzip.decompress, "br": brotli.decompress}


def links(body: bytes) -> list[str]:
    return re.findall(r'href="([^"]*)"', body.decode())


@pytest.mark.parametrize(("url", "location"), [*SLASHED_FILES, *DOUBLED])
@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_a_file_redirect_s_body_links_its_relative_location(client, url, location, encoding):
    response = client.get(url, headers={"Accept-Encoding": encoding} if encoding else {})
    assert response.status_code == 308 and response.headers["Location"] == location
    assert response.headers.get("Content-Encoding") == encoding or len(response.data) < 256
    body = DECODE[response.headers.get("Content-Encoding")](response.data)
    assert links(body) == [location.replace("&", "&amp;")]
    assert b"http://" not in body
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_a_file_redirect_s_body_is_the_same_whichever_slash_is_too_many(client):
    doubled, trailing = client.get("/plot//animals.svg?y=Bear"), client.get("/plot/animals.svg/?y=Bear")
    assert doubled.data == trailing.data and doubled.headers == trailing.headers
