"""SVGPLOTS_WRITE_TOKENS as a JSON list: its tokens taken whole, commas and all, and a list the site
cannot read stopping the start in one line that never shows a token."""
from __future__ import annotations

import re

import pytest

from app import SettingError, create_app, create_app_or_exit, read_settings


@pytest.mark.parametrize("text", ['["first-token-abcdef", "second,token"]', ' [ "first-token-abcdef",\n"second,token" ] '])
def test_tokens_from_the_environment_may_be_a_json_list(data_dir, monkeypatch, text):
    # As SVGPLOTS_DASHBOARD_DIRS takes one: split at its commas, it was the tokens '["first-token-abcdef"' and
    # '"second' and 'token"]', which no client sends. A token of the list may hold a comma.
    monkeypatch.setenv("SVGPLOTS_WRITE_TOKENS", text)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert app.config["WRITE_TOKENS"] == ["first-token-abcdef", "second,token"]
    client = app.test_client()
    for token in ("first-token-abcdef", "second,token"):
        response = client.post("/api/datasets/animals/rows", json=[], headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, token


@pytest.mark.parametrize(("text", "words"), [
    # Where it breaks and what is wrong there, in a refused JSON body's words; of what it reads there, only a
    # character JSON writes between values, never a token's.
    ('["first-secret", "second-secret"', "SVGPLOTS_WRITE_TOKENS starts with [ and is read as a JSON list of tokens, "
     "which it is not (line 1, column 33, the end of the setting: a comma is expected, or the end of the list (]) "
     "or object (})); write [\"token-one\", \"token-two\"], or the tokens between commas (the text itself is not "
     "shown)"),
    ("[first-secret]", "SVGPLOTS_WRITE_TOKENS starts with [ and is read as a JSON list of tokens, which it is not "
     "(line 1, column 2, where it reads a character not shown: a value is expected: a number, text in double "
     "quotes, true, false, null, a list or an object); write [\"token-one\", \"token-two\"], or the tokens "
     "between commas (the text itself is not shown)"),
    ('[\n "first-secret"\n "second-secret"]', "SVGPLOTS_WRITE_TOKENS starts with [ and is read as a JSON list of "
     "tokens, which it is not (line 3, column 2, where it reads '\"': a comma is expected, or the end of the list "
     "(]) or object (})); write [\"token-one\", \"token-two\"], or the tokens between commas (the text itself "
     "is not shown)"),
    ('["first-secret",]', "SVGPLOTS_WRITE_TOKENS starts with [ and is read as a JSON list of tokens, which it is "
     "not (line 1, column 17, where it reads ']': a value is expected: a number, text in double quotes, true, "
     "false, null, a list or an object (JSON takes no comma before a closing ])); write [\"token-one\", "
     "\"token-two\"], or the tokens between commas (the text itself is not shown)"),
    ('["first-secret", 12345]', "SVGPLOTS_WRITE_TOKENS: item 2 of 2 of its JSON list is a number, not text; write "
     "each token in double quotes ([\"token-one\", \"token-two\"]; the item itself is not shown)"),
    ('[["first-secret"]]', "SVGPLOTS_WRITE_TOKENS: item 1 of 1 of its JSON list is a list, not text; write each "
     "token in double quotes ([\"token-one\", \"token-two\"]; the item itself is not shown)"),
    ('["first-secret", " "]', "SVGPLOTS_WRITE_TOKENS: token 2 of 2 of its JSON list is blank; remove it, or write "
     "the token there"),
], ids=["cut-short", "unquoted", "no-comma", "comma-before-end", "number", "list", "blank"])
def test_a_json_list_of_tokens_the_site_cannot_read_stops_the_start_in_one_line(data_dir, monkeypatch, capsys,
                                                                                text, words):
    monkeypatch.setenv("SVGPLOTS_WRITE_TOKENS", text)
    with pytest.raises(SettingError, match=f"^{re.escape(words)}$"):
        read_settings({"TESTING": True, "DATA_DIR": str(data_dir)})
    with pytest.raises(SystemExit) as stopped:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert stopped.value.code == f"error: {words}"
    assert "secret" not in str(stopped.value.code) and "12345" not in str(stopped.value.code)
