"""Column names that are the same text in two Unicode forms ("é" as U+00E9, and as "e" then the
combining accent U+0301), or that differ only by characters that draw as nothing ("a" and "a" then
a zero width space), look identical on every page, chart legend and URL: a header holding both is
refused as one naming a column twice is, and an append's names match the stored columns whatever
form they are written in. Names already stored keep their bytes."""
from __future__ import annotations

import html
import io
import json
import re

import pytest

from app.store import Column, WriteRejected
from app.store.csv_files import read_csv_columns
from app.store.csv_headers import apart_words, encoded_apart, repeated_name
from app.store.tables import Table, table_from_csv
from plots.text import quoted_name
from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app

COMPOSED = "caf\u00e9"  # é as one character
DECOMPOSED = "cafe\u0301"  # e, then the combining acute accent
HOW = "é is U+00E9 in one and U+0065 U+0301 in the other"
LOOK_ALIKE = (f"columns {COMPOSED!r} and 'cafe\\u0301' of the header look the same: {HOW} (the same text in "
              "two Unicode forms); column names must differ visibly")


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def create(client, name: str, text: str):
    return client.post(f"/api/datasets?name={name}", data=text.encode(), headers=CSV_WRITE)


def column_names(client, name: str) -> list[str]:
    return [c["name"] for c in client.get(f"/api/datasets/{name}").get_json()["dataset"]["columns"]]


def test_repeated_name_compares_names_as_they_look():
    assert repeated_name(["a", "b", "a"]) == ("a", "a")
    assert repeated_name([COMPOSED, "x", DECOMPOSED]) == (COMPOSED, DECOMPOSED)
    assert repeated_name(["a", "b"]) is None


def test_how_look_alike_names_differ_is_said_letter_by_letter():
    assert encoded_apart(COMPOSED, DECOMPOSED) == HOW
    # The Angstrom sign and a decomposed ö: two letters apart, the others alike.
    assert encoded_apart("\u00c5ngstr\u00f6m", "\u212bngstro\u0308m") == (
        "Å is U+00C5 in one and U+212B in the other, and ö is U+00F6 in one and U+006F U+0308 in the other")


def test_an_api_create_with_look_alike_column_names_is_400_and_stores_nothing(client):
    response = create(client, "drinks", f"day,{COMPOSED},{DECOMPOSED}\n2024-01-01,1,2\n")
    assert response.status_code == 400
    assert LOOK_ALIKE in response.get_json()["error"]
    assert client.get("/api/datasets/drinks").status_code == 404


def test_the_upload_form_with_look_alike_column_names_is_400_saying_so(client):
    page = client.get("/upload")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    text = f"day,{COMPOSED},{DECOMPOSED}\n2024-01-01,1,2\n"
    response = client.post("/upload", data={"csrf_token": csrf, "token": "test-write-token-0123456789",
                                            "name": "drinks", "file": (io.BytesIO(text.encode()), "d.csv")})
    assert response.status_code == 400
    assert LOOK_ALIKE in html.unescape(response.get_data(as_text=True))
    assert client.get("/api/datasets/drinks").status_code == 404


def test_a_data_folder_file_with_look_alike_column_names_is_unreadable_saying_so(client, data_dir):
    (data_dir / "drinks.csv").write_text(f"day,{COMPOSED},{DECOMPOSED}\n2024-01-01,1,2\n", encoding="utf-8")
    response = client.get("/api/datasets/drinks")
    assert response.status_code == 422
    assert LOOK_ALIKE in response.get_json()["error"]
    with pytest.raises(ValueError, match="look the same"):
        read_csv_columns(f"{COMPOSED},{DECOMPOSED}\n1,2\n".encode())


def test_a_csv_append_names_a_stored_column_in_its_other_unicode_form(client):
    assert create(client, "drinks", f"day,{COMPOSED}\n2024-01-01,1\n").status_code == 201
    appended = client.post("/api/datasets/drinks/rows", data=f"{DECOMPOSED},day\n2,2024-01-02\n".encode(),
                           headers=CSV_WRITE)
    assert appended.status_code == 200, appended.get_json()
    assert column_names(client, "drinks") == ["day", COMPOSED]  # the stored name keeps its bytes
    rows = client.get(f"/plot/drinks.json?y={COMPOSED}").get_json()["rows"]
    assert rows == [["2024-01-01", 1], ["2024-01-02", 2]]


def test_a_csv_append_naming_a_column_in_both_unicode_forms_is_400_and_adds_nothing(client):
    assert create(client, "drinks", f"day,{COMPOSED}\n2024-01-01,1\n").status_code == 201
    appended = client.post("/api/datasets/drinks/rows",
                           data=f"day,{COMPOSED},{DECOMPOSED}\n2024-01-02,2,3\n".encode(), headers=CSV_WRITE)
    assert appended.status_code == 400
    assert LOOK_ALIKE in appended.get_json()["error"]
    assert client.get("/api/datasets/drinks").get_json()["dataset"]["row_count"] == 1


def test_a_json_append_names_a_stored_column_in_its_other_unicode_form(client):
    assert create(client, "drinks", f"day,{COMPOSED}\n2024-01-01,1\n").status_code == 201
    rows = [{"day": "2024-01-02", DECOMPOSED: 2}]
    appended = client.post("/api/datasets/drinks/rows", data=json.dumps(rows), headers=JSON_WRITE)
    assert appended.status_code == 200, appended.get_json()
    assert column_names(client, "drinks") == ["day", COMPOSED]
    twice = [{"day": "2024-01-03", COMPOSED: 3, DECOMPOSED: 4}]
    refused = client.post("/api/datasets/drinks/rows", data=json.dumps(twice), headers=JSON_WRITE)
    assert refused.status_code == 400
    assert refused.get_json()["error"] == (f"row 1 names {COMPOSED!r} twice, in two forms that look the same: "
                                           f"{HOW} (the same text in two Unicode forms); each row names each column "
                                           "once")
    assert client.get("/api/datasets/drinks").get_json()["dataset"]["row_count"] == 2


def test_a_dataset_stored_with_look_alike_columns_still_takes_appends_naming_each_as_stored(app, client):
    from app.context import current_site
    with app.app_context():
        current_site().store.create("legacy", "Legacy", Table(
            (Column(COMPOSED, "integer"), Column(DECOMPOSED, "integer")), [(1, 2)]))
    appended = client.post("/api/datasets/legacy/rows", data=f"{DECOMPOSED},{COMPOSED}\n4,3\n".encode(),
                           headers=CSV_WRITE)
    assert appended.status_code == 200, appended.get_json()
    rows = [{COMPOSED: 5, DECOMPOSED: 6}]
    appended = client.post("/api/datasets/legacy/rows", data=json.dumps(rows), headers=JSON_WRITE)
    assert appended.status_code == 200, appended.get_json()
    assert column_names(client, "legacy") == [COMPOSED, DECOMPOSED]
    with app.app_context():
        frame = current_site().store.read("legacy").frame
    assert frame[COMPOSED].tolist() == [1, 3, 5] and frame[DECOMPOSED].tolist() == [2, 4, 6]


def test_a_json_append_names_a_column_stored_with_spaces_around_it_once(app, client):
    from app.context import current_site
    with app.app_context():
        current_site().store.create("legacy", "Legacy", Table((Column(" value", "integer"),), [(1,)]))
    appended = client.post("/api/datasets/legacy/rows", data=json.dumps([{"value": 2}]), headers=JSON_WRITE)
    assert appended.status_code == 200, appended.get_json()
    twice = client.post("/api/datasets/legacy/rows", data=json.dumps([{"value": 3, " value": 4}]), headers=JSON_WRITE)
    assert twice.status_code == 400
    assert twice.get_json()["error"] == ("row 1 names column ' value' twice, as 'value' and ' value'; each row names "
                                         "each column once")
    assert client.get("/api/datasets/legacy").get_json()["dataset"]["row_count"] == 2


def test_a_chart_url_may_write_a_column_name_in_either_unicode_form(client):
    assert create(client, "drinks", f"day,{COMPOSED}\n2024-01-01,1\n2024-01-02,3\n").status_code == 201
    for written in (COMPOSED, DECOMPOSED):
        response = client.get("/plot/drinks.json", query_string={"x": "day", "y": written})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["columns"] == ["day", COMPOSED]  # as the dataset spells it
        assert client.get("/plot/drinks.svg", query_string={"x": "day", "y": written}).status_code == 200


# The decomposed name as a refusal quotes one column: apart from 'café', which it looks like.
QUOTED_APART = "'cafe\\u0301'"


def test_a_column_name_is_quoted_apart_from_the_name_it_looks_like_and_cut_as_a_value_is():
    assert quoted_name(DECOMPOSED) == QUOTED_APART
    assert quoted_name(COMPOSED) == f"{COMPOSED!r}"
    assert quoted_name("a" * 150) == f"'{'a' * 100}…' (150 characters)"


def test_a_chart_or_filter_refusal_cuts_a_long_column_name_as_an_upload_refusal_does(client):
    # Names may be 200 characters: each refusal shows the first 100, told apart from a look-alike.
    drink, count = DECOMPOSED + "d" * 145, DECOMPOSED + "n" * 145
    cut_drink, cut_count = (f"'cafe\\u0301{ch * 95}…' (150 characters)" for ch in "dn")
    assert create(client, "drinks", f"{drink},{count}\nlatte,1\nmocha,3\n").status_code == 201
    appended = client.post("/api/datasets/drinks/rows", data=f"{drink},{count}\nflat white,abc\n".encode(),
                           headers=CSV_WRITE)
    assert appended.status_code == 400
    assert f"column {cut_count} (line 2)" in appended.get_json()["error"]
    for query, status, words in (
            ({"resample": "month"}, 400, f"; {cut_drink} holds text"),
            ({"y": drink}, 400, f"y: column {cut_drink} holds text"),
            ({"y": [count, count]}, 400, f"y names the column {cut_count} twice"),
            ({"x": drink + "x"}, 404, f"x: no column {cut_drink[:-16]}(151 characters);"),
            ({f"filter.{drink}": "flat white"}, 404, f": column {cut_drink} holds no value 'flat white'"),
            ({f"filter.{count}": "1"}, 400, f": column {cut_count} of dataset 'drinks' holds numbers, not text,")):
        refused = client.get("/plot/drinks.json", query_string=query)
        assert (refused.status_code, words in refused.get_json()["error"]) == (status, True), refused.get_json()


def test_a_refused_cell_names_its_decomposed_column_apart_from_the_composed_one(client):
    assert create(client, "drinks", f"day,{DECOMPOSED}\n2024-01-01,1\n").status_code == 201
    appended = client.post("/api/datasets/drinks/rows", data=f"day,{DECOMPOSED}\n2024-01-02,abc\n".encode(),
                           headers=CSV_WRITE)
    assert appended.status_code == 400
    assert appended.get_json()["error"] == f"row 1, column {QUOTED_APART} (line 2): expected an integer, got 'abc'"
    assert client.get("/api/datasets/drinks").get_json()["dataset"]["row_count"] == 1


def test_a_chart_refusing_a_decomposed_text_column_names_it_apart_from_the_composed_one(client):
    text = f"day,{DECOMPOSED}\n" + "".join(f"d{n},{n}\n" for n in range(9)) + "d9,oops\n"
    response = create(client, "drinks", text)
    assert response.status_code == 201
    words = (f"column {QUOTED_APART} is text, though most of its values are numbers or dates: row 10 holds 'oops' "
             "(not a number: write one, or leave the cell empty for a missing value)")
    assert response.get_json()["warnings"][0]["message"].startswith(words)
    refused = client.get("/plot/drinks.json")
    assert refused.status_code == 400
    assert refused.get_json()["error"].endswith(f"; {words}")


def test_a_chart_refusing_a_decomposed_x_or_its_filter_names_it_apart_from_the_composed_one(client):
    assert create(client, "drinks", f"{DECOMPOSED},n\nlatte,1\nmocha,3\n").status_code == 201
    refused = client.get("/plot/drinks.json", query_string={"resample": "month"})
    assert refused.status_code == 400
    assert f"resample needs x to be a date column; {QUOTED_APART} holds text" in refused.get_json()["error"]
    refused = client.get("/plot/drinks.json", query_string={f"filter.{DECOMPOSED}": "flat white"})
    assert refused.status_code == 404
    assert f": column {QUOTED_APART} holds no value 'flat white'" in refused.get_json()["error"]


def test_a_filter_may_write_its_column_in_either_unicode_form(client):
    text = f"day,{COMPOSED},n\n2024-01-01,latte,1\n2024-01-02,mocha,3\n2024-01-03,latte,5\n"
    assert create(client, "drinks", text).status_code == 201
    both = {"kind": "bar", "x": "day", "y": "n", f"filter.{COMPOSED}": "latte", f"filter.{DECOMPOSED}": "mocha"}
    for query in ({"x": "day", "y": "n", f"filter.{DECOMPOSED}": "latte"}, both):
        response = client.get("/plot/drinks.json", query_string=query)
        assert response.status_code == 200, response.get_json()
        rows = response.get_json()["rows"]
        assert [row[-1] for row in rows] == ([1, 5] if query is not both else [1, 3, 5])
    response = client.get("/plot/drinks.json", query_string={"y": "n", f"filter.{DECOMPOSED}": "flat white"})
    assert response.status_code == 404
    assert f"filter.{COMPOSED}: column {COMPOSED!r} holds no value 'flat white'" in response.get_json()["error"]


def test_a_filter_value_may_be_written_in_either_unicode_form(client):
    text = f"day,drink,n\n2024-01-01,{COMPOSED},1\n2024-01-02,latte,3\n2024-01-03,{COMPOSED},5\n"
    assert create(client, "orders", text).status_code == 201
    for written in (COMPOSED, DECOMPOSED, [COMPOSED, DECOMPOSED]):
        response = client.get("/plot/orders.json", query_string={"x": "day", "y": "n", "filter.drink": written})
        assert response.status_code == 200, response.get_json()
        assert [row[-1] for row in response.get_json()["rows"]] == [1, 5]
    response = client.get("/plot/orders.json", query_string={"y": "n", "filter.drink": "mocha"})
    assert response.status_code == 404
    assert f"column 'drink' holds no value 'mocha'; its values are {COMPOSED!r}, 'latte'" in response.get_json()["error"]


# Characters that draw as nothing on their own (Unicode's default-ignorable code points).
INVISIBLE = ["\u200b", "\u2060", "\u200d", "\u200c", "\u00ad", "\ufe0f", "\U000e0101", "\u180e", "\u2061",
             "\u2064", "\u034f", "\u3164"]
ZWSP_APART = ("columns 'a' and 'a\\u200b' of the header look the same: they differ only by the invisible character "
              "U+200B (ZERO WIDTH SPACE); column names must differ visibly")
WOMAN_TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"  # woman, a joiner, laptop: one emoji
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645"  # a word spelt with a non-joiner
COFFEE = "\u2615\ufe0f"  # hot beverage, drawn as an emoji


@pytest.mark.parametrize("ch", INVISIBLE)
def test_names_that_differ_only_by_an_invisible_character_look_the_same(ch):
    assert repeated_name(["a", "b", f"a{ch}"]) == ("a", f"a{ch}")
    assert repeated_name([f"x{ch}y", f"xy{ch}"]) == (f"x{ch}y", f"xy{ch}")
    with pytest.raises(WriteRejected, match="look the same: they differ only by the invisible character U+"):
        table_from_csv(f"a,a{ch}\n1,2\n")
    with pytest.raises(ValueError, match="look the same: they differ only by the invisible character U+"):
        read_csv_columns(f"a,a{ch}\n1,2\n".encode())


def test_how_names_apart_by_invisible_characters_and_unicode_form_differ_is_said():
    assert apart_words("a\u200b", "a\u2060") == ("they differ only by the invisible characters U+200B (ZERO WIDTH "
                                                 "SPACE) and U+2060 (WORD JOINER)")
    assert apart_words(f"{COMPOSED}\u00ad", DECOMPOSED) == (
        f"they differ by the invisible character U+00AD (SOFT HYPHEN), and {HOW} (the same text in two Unicode "
        "forms)")


def test_names_joined_or_kept_apart_by_an_invisible_character_are_still_names():
    table = table_from_csv(f"{WOMAN_TECHNOLOGIST},{PERSIAN},{COFFEE}\n1,2,3\n")
    assert [c.name for c in table.columns] == [WOMAN_TECHNOLOGIST, PERSIAN, COFFEE]


def test_an_upload_or_data_folder_file_with_names_apart_by_an_invisible_character_is_refused(client, data_dir):
    response = create(client, "marks", "day,a,a\u200b\n2024-01-01,1,2\n")
    assert response.status_code == 400
    assert ZWSP_APART in response.get_json()["error"]
    assert client.get("/api/datasets/marks").status_code == 404
    (data_dir / "marked.csv").write_text("day,a,a\u200b\n2024-01-01,1,2\n", encoding="utf-8")
    response = client.get("/api/datasets/marked")
    assert response.status_code == 422
    assert ZWSP_APART in response.get_json()["error"]


def test_an_append_names_a_stored_column_with_an_invisible_character_or_without(client):
    assert create(client, "marks", "day,a\n2024-01-01,1\n").status_code == 201
    appended = client.post("/api/datasets/marks/rows", data="a\u200b,day\n2,2024-01-02\n".encode(),
                           headers=CSV_WRITE)
    assert appended.status_code == 200, appended.get_json()
    assert column_names(client, "marks") == ["day", "a"]
    both = client.post("/api/datasets/marks/rows", data="day,a,a\u200b\n2024-01-03,3,4\n".encode(),
                       headers=CSV_WRITE)
    assert both.status_code == 400
    assert ZWSP_APART in both.get_json()["error"]
    twice = [{"day": "2024-01-03", "a": 3, "a\u200b": 4}]
    refused = client.post("/api/datasets/marks/rows", data=json.dumps(twice), headers=JSON_WRITE)
    assert refused.status_code == 400
    assert refused.get_json()["error"] == ("row 1 names 'a' twice, in two forms that look the same: they differ only "
                                           "by the invisible character U+200B (ZERO WIDTH SPACE); each row names "
                                           "each column once")
    assert client.get("/api/datasets/marks").get_json()["dataset"]["row_count"] == 2


def test_a_chart_url_may_write_a_column_name_with_an_invisible_character(client):
    assert create(client, "marks", "day,a\n2024-01-01,1\n2024-01-02,3\n").status_code == 201
    response = client.get("/plot/marks.json", query_string={"x": "day", "y": "a\u200b"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["columns"] == ["day", "a"]


# Invisible characters that change what an emoji sequence draws: the tags of a subdivision's flag
# (the black flag, tag letters naming the place, the cancel tag) and a joiner between two emoji.
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
WOMAN_AND_LAPTOP = "\U0001f469\U0001f4bb"  # two emoji


def test_the_flags_of_england_and_scotland_are_two_column_names(client):
    assert repeated_name([ENGLAND, SCOTLAND]) is None
    response = create(client, "flags", f"day,{ENGLAND},{SCOTLAND}\n2024-01-01,1,2\n")
    assert response.status_code == 201, response.get_json()
    assert column_names(client, "flags") == ["day", ENGLAND, SCOTLAND]
    rows = client.get("/plot/flags.json", query_string={"x": "day", "y": SCOTLAND}).get_json()["rows"]
    assert rows == [["2024-01-01", 2]]


def test_a_chart_url_does_not_take_one_subdivision_flag_for_another(client):
    assert create(client, "flags", f"day,{ENGLAND}\n2024-01-01,1\n").status_code == 201
    assert client.get("/plot/flags.json", query_string={"x": "day", "y": ENGLAND}).status_code == 200
    response = client.get("/plot/flags.json", query_string={"x": "day", "y": SCOTLAND})
    assert response.status_code == 404, response.get_json()


def test_an_emoji_joined_by_a_joiner_and_the_two_emoji_apart_are_two_names():
    assert repeated_name([WOMAN_TECHNOLOGIST, WOMAN_AND_LAPTOP]) is None
    table = table_from_csv(f"{WOMAN_TECHNOLOGIST},{WOMAN_AND_LAPTOP}\n1,2\n")
    assert [c.name for c in table.columns] == [WOMAN_TECHNOLOGIST, WOMAN_AND_LAPTOP]


@pytest.mark.parametrize("name, alike", [
    ("a\u200db", "ab"),  # a joiner between letters
    ("a\U000e0041b", "ab"),  # a tag outside a flag
    ("\U0001f3f4\U000e0067\U000e0062", "\U0001f3f4"),  # tags never cancelled: no subdivision's flag
    ("\U0001f469\u200b\u200d\U0001f4bb", WOMAN_AND_LAPTOP),  # a zero width space keeps the two emoji apart
    ("\u2764\ufe0f", "\u2764"),  # a variation selector chooses emoji or text drawing of one heart
    (f"{WOMAN_TECHNOLOGIST}\u00ad", WOMAN_TECHNOLOGIST),
])
def test_invisible_characters_outside_an_emoji_sequence_still_make_look_alikes(name, alike):
    assert repeated_name([alike, name]) == (alike, name)
    with pytest.raises(WriteRejected, match="look the same: they differ only by the invisible character"):
        table_from_csv(f"{alike},{name}\n1,2\n")
