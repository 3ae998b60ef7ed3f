"""A chart of more values than it may draw is a 422 saying how to draw fewer: fewer y columns only
where it draws more than one."""
from __future__ import annotations

from app import create_app
from plots import Limits


def test_a_one_y_chart_over_the_limit_is_not_told_to_ask_for_fewer_y_columns(tmp_path):
    (tmp_path / "many.csv").write_text("x,a,b\n" + "".join(f"{n},{n},{n * 2}\n" for n in range(30)))
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "LIMITS": Limits(max_points=20)}).test_client()
    one = client.get("/plot/many.json?y=a")
    assert one.status_code == 422
    assert one.json["error"] == ("this chart would draw 30 values and at most 20 are allowed; "
                                 "narrow it with xmin/xmax")
    two = client.get("/plot/many.json?y=a,b")
    assert two.status_code == 422 and two.json["error"].endswith("; narrow it with xmin/xmax or ask for fewer y columns")
