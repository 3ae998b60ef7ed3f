"""The words a parameter takes are taken in any case, `errors` as `kind` and `theme` are."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["errors=IMAGE", "errors=Image", "errors=%20image%20"])
def test_errors_takes_image_in_any_case_as_the_other_words_a_parameter_takes(client, query):
    for url in ("/plot/animals.svg?kind=Bar&theme=Dark&text=PATH&legend=TRUE", "/plot/weather.json?resample=Month&agg=SUM"):
        assert client.get(url).status_code == 200, url
    failed = client.get(f"/plot/animals.svg?y=Nope&{query}")
    assert failed.status_code == 200 and failed.headers["X-Chart-Error"].startswith("404 y: no column 'Nope'")
    assert client.get(f"/plot/animals.json?{query}").status_code == 200
    assert client.get(f"/datasets/animals.csv?{query}").status_code == 200
