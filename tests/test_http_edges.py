"""HTTP details at the edges: the headers a refusal must carry, and limits that follow one another."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
def test_a_range_past_a_file_s_end_is_416_naming_the_file_s_length(client, url):
    # RFC 9110 15.5.17: a 416 to a byte range says the representation's current length.
    whole = client.get(url).data
    refused = client.get(url, headers={"Range": "bytes=999999-"})
    assert refused.status_code == 416
    assert refused.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_a_range_refusal_drawn_as_a_200_image_carries_no_content_range(client):
    # errors=image answers the refusal as a whole image: a Content-Range would describe another answer.
    answered = client.get("/bears.svg?errors=image", headers={"Range": "bytes=999999-"})
    assert answered.status_code == 200 and answered.headers["X-Chart-Error"].startswith("416 ")
    assert "Content-Range" not in answered.headers
