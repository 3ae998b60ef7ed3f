"""The 404 of a dashboard or a dashboard's chart that is not there names the ones its name looks like
a typo of, as a dataset's does, and lists the first 20 of them and how many more there are, so that a
site of many dashboards, or a dashboard of many charts, does not send every name in each one."""
from __future__ import annotations

from tests.sample_store import app_on_samples

BOARD = 'title = "{title}"\n' + "".join(f'[[charts]]\nid = "chart-{n:02d}"\ndataset = "animals"\n' for n in range(80))


def client_of(tmp_path, names: list[str]):
    """A test client of a site whose dashboards are `names`, each of 80 charts of the animals."""
    folder = tmp_path / "boards"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.toml").write_text(BOARD.format(title=name), encoding="utf-8")
    return app_on_samples({"TESTING": True, "DATA_DIR": str(tmp_path), "DASHBOARD_DIRS": [str(folder)]}).test_client()


def refusal(client, url: str) -> str:
    """The words of `url`'s 404 as a chart's JSON data gives them."""
    answer = client.get(url)
    assert answer.status_code == 404
    return answer.get_json()["error"]


def test_a_typo_of_a_dashboards_name_is_asked_whether_it_meant_it(tmp_path):
    client = client_of(tmp_path, ["weekly-sales", "daily-visits"])
    assert refusal(client, "/d/weekly-slaes/chart-00.json").startswith(
        "no dashboard 'weekly-slaes' (did you mean 'weekly-sales'?); the dashboards are daily-visits, weekly-sales ")


def test_a_site_of_30_dashboards_lists_the_first_20_and_counts_the_others(tmp_path):
    names = [f"region-{n:02d}" for n in range(30)]
    client = client_of(tmp_path, names)
    words = refusal(client, "/d/nowhere/chart-00.json")
    assert words.startswith(f"no dashboard 'nowhere'; the dashboards are {', '.join(names[:20])} and 10 more; "
                            "/ lists them all (a dashboard file added to the site's dashboard folder is served ")
    assert "region-20" not in words


def test_a_typo_of_a_charts_id_is_asked_whether_it_meant_it(tmp_path):
    client = client_of(tmp_path, ["sales"])
    assert refusal(client, "/d/sales/chrat-07.json").startswith(
        "dashboard 'sales' has no chart 'chrat-07' (did you mean 'chart-07'?); its charts are chart-00, ")


def test_a_dashboard_of_80_charts_lists_the_first_20_and_counts_the_others(tmp_path):
    client = client_of(tmp_path, ["sales"])
    ids = ", ".join(f"chart-{n:02d}" for n in range(20))
    assert refusal(client, "/d/sales/nothing.json") == (
        f"dashboard 'sales' has no chart 'nothing'; its charts are {ids} and 60 more; its page shows them all")
