"""The 404 of a dataset's name cut short, which the names of datasets start with, names those: the one
it is the start of, as a typo's is named, or, where several start with it, the first 20 of them in
place of the first 20 of all, so that a site of hundreds of datasets points to the ones meant."""
from __future__ import annotations

from tests.conftest import CSV_WRITE, writable_app


def refusal(client, url: str) -> str:
    """The words of `url`'s 404, as the API's JSON gives them."""
    answer = client.get(url)
    assert answer.status_code == 404
    return answer.get_json()["error"]


def test_a_name_that_30_datasets_names_start_with_lists_the_first_20_of_them(data_dir):
    client = writable_app(data_dir).test_client()
    for number in range(30):
        (data_dir / f"quarterly-revenue-{number:02d}.csv").write_text("x,v\n1,2\n", encoding="utf-8")
    listed = ", ".join(f"quarterly-revenue-{number:02d}" for number in range(20))
    assert refusal(client, "/api/datasets/quarterly") == (
        f"no dataset 'quarterly'; the datasets whose names start with it are {listed} and 10 more; / lists them all")


def test_a_name_that_one_datasets_name_starts_with_is_asked_whether_it_meant_it(client):
    assert refusal(client, "/api/datasets/anim").startswith(
        "no dataset 'anim' (did you mean 'animals'?); the datasets are animals, stations, weather")


def test_a_name_of_two_letters_that_a_datasets_name_starts_with_is_no_guess(client):
    assert refusal(client, "/api/datasets/an") == "no dataset 'an'; the datasets are animals, stations, weather"


def test_a_typo_is_still_asked_whether_it_meant_the_name_it_looks_like(data_dir):
    client = writable_app(data_dir).test_client()
    answer = client.post("/api/datasets?name=weather-daily", data="x,v\n1,2\n", headers=CSV_WRITE)
    assert answer.status_code == 201
    assert refusal(client, "/api/datasets/wether").startswith("no dataset 'wether' (did you mean 'weather'?)")
