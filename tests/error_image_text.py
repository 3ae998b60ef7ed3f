"""What an error image says, an SVG's (its <title>, its root's data-status) or a `.png` URL's PNG's
(its Title and Chart-Error text chunks)."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
# The `v` of a dashboard's chart that cannot be drawn: 12 hex digits of a digest of why, in place of
# its data version, then the 8 of what else decides its bytes.
REASON_V = r"v=[0-9a-f]{12}_[0-9a-f]{8}"


def reason_image_url(path: str) -> str:
    """A pattern of the URL of the chart image at `path` that cannot be drawn: `path`, its `v` the
    digest of why (`REASON_V`) and nothing else."""
    return re.escape(path) + r"\?" + REASON_V


def error_png(body: bytes) -> Image.Image:
    """The PNG error image `body`, checked to be a PNG, in RGB, its text chunks in `.text`."""
    assert body.startswith(PNG_SIGNATURE), body[:80]
    image = Image.open(io.BytesIO(body))
    text = image.text
    image = image.convert("RGB")
    image.text = text  # what convert() leaves out
    return image


def error_title(body: bytes) -> str:
    """The status, title and whole message an error image names: `400 Bad Request: kind must be …`."""
    if body.startswith(PNG_SIGNATURE):
        return error_png(body).text["Title"]
    return ET.fromstring(body).find(f"{SVG}title").text


def error_message(body: bytes) -> str:
    """The whole message an error image names, after its status and title."""
    return error_title(body).split(": ", 1)[1]


def error_status(body: bytes) -> str:
    """The status an error image says it stands for: an SVG root's data-status, a PNG's Chart-Error."""
    if body.startswith(PNG_SIGNATURE):
        return error_png(body).text["Chart-Error"]
    root = ET.fromstring(body)
    assert root.get("class") == "chart-error"
    return root.get("data-status")


def answer_text(response) -> str:
    """What an answer says as text: a PNG error image's status, title and whole message (its Title
    text chunk), any other answer's body (an SVG error image's holds them in its <title>)."""
    if response.mimetype == "image/png":
        assert response.status_code >= 400 or "X-Chart-Error" in response.headers, response.status
        return error_title(response.data)
    return response.get_data(as_text=True)
