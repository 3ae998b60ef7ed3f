"""A chart of more values than it may draw is a 422 saying how to draw fewer: fewer y columns only
where it draws more than one, and only the bounds and steps its kind takes; in one sentence on
every path, which counts them where its database counted them."""
from __future__ import annotations

import pandas as pd
import pytest

from app import create_app
from plots import Limits
from tests.error_image_text import error_message
from tests.source_data import BIG_STORES, PATHS, path_clients


def test_a_one_y_chart_over_the_limit_is_not_told_to_ask_for_fewer_y_columns(tmp_path):
    (tmp_path / "many.csv").write_text("x,a,b\n" + "".join(f"{n},{n},{n * 2}\n" for n in range(30)))
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "LIMITS": Limits(max_points=20)}).test_client()
    one = client.get("/plot/many.json?y=a")
    assert one.status_code == 422
    assert one.json["error"] == ("this chart would draw 30 values and at most 20 are allowed; "
                                 "narrow it with xmin/xmax")
    two = client.get("/plot/many.json?y=a,b")
    assert two.status_code == 422 and two.json["error"].endswith("; narrow it with xmin/xmax or ask for fewer y columns")


def test_a_hist_or_box_over_the_limit_is_told_only_of_what_its_kind_takes(tmp_path):
    # Neither takes resample, and a box plot takes no xmin/xmax: both would be a 400 for it.
    (tmp_path / "days.csv").write_text("day,a\n" + "".join(f"2024-01-{n:02},{n}\n" for n in range(1, 31)))
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "LIMITS": Limits(max_points=20)}).test_client()
    line = client.get("/plot/days.json?y=a")
    assert line.status_code == 422 and line.json["error"].endswith("; narrow it with xmin/xmax or resample it "
                                                                   "(resample=day, week, month …)")
    hist = client.get("/plot/days.json?kind=hist&y=a")
    assert hist.status_code == 422 and hist.json["error"].endswith("are allowed; narrow it with xmin/xmax")
    box = client.get("/plot/days.json?kind=box&y=a")
    assert box.status_code == 422
    assert box.json["error"].endswith("are allowed; choose fewer rows with from/to (by a date column) or "
                                      "filter.<column> (by a text column's value)")
    assert client.get("/plot/days.json?kind=box&y=a&from=2024-01-01&to=2024-01-10").status_code == 200


@pytest.mark.parametrize(("query", "values", "advice"), [
    ("x=day&y=a&kind=scatter", 30, "narrow it with xmin/xmax or resample it (resample=day, week, month …)"),
    ("x=day&y=a,b", 60,
     "narrow it with xmin/xmax, resample it (resample=day, week, month …) or ask for fewer y columns"),
    ("x=day&y=a&resample=day", 30, "narrow it with xmin/xmax or resample it (resample=week, month, quarter …)"),
    ("kind=box&y=a", 30,
     "choose fewer rows with from/to (by a date column) or filter.<column> (by a text column's value)"),
])
def test_a_chart_of_too_many_values_is_refused_in_one_sentence_on_every_path(postgres_url, tmp_path, query, values,
                                                                              advice):
    # A source's database stops reading one row past the values allowed: it says more than those,
    # where it named the dataset and its source and no limit; a resampled line's periods it counts, as
    # many as one answer of its rows may hold, read as the GROUP BY's rows.
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=30, freq="D"),
                          "a": [float(n) for n in range(30)], "b": [n * 2.0 for n in range(30)]})
    paths = (*PATHS, *BIG_STORES)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=20)}) as made:
        said = {}
        for path, client in made.items():
            answer = client.get(f"/plot/t.svg?{query}")
            assert answer.status_code == 422, (path, answer.get_data(as_text=True)[:300])
            said[path] = error_message(answer.data)
    counted = f"this chart would draw {values} values and at most 20 are allowed; {advice}"
    uncounted = f"this chart would draw more than 20 values and at most 20 are allowed; {advice}"
    counted_by_sources = "resample" in query
    assert said == {path: uncounted if path.endswith("source") and not counted_by_sources else counted
                    for path in paths}
