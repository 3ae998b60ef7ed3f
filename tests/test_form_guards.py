"""The browser forms check where a post comes from, then its write token, and only then read the
rest: a post from another site, or without the page's CSRF token, is a 403 showing the form empty,
whatever else it sends. A form's write token is read without the spaces around it, as the API's
header is. A form of more parts than a form may have is refused saying so, not as a large body."""
from __future__ import annotations

import html
import io

import pytest

from app import auth
from app.views import write_forms
from tests.conftest import WRITE_TOKEN, csrf_at, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
ELSEWHERE = {"Origin": "http://evil.example"}
APPEND = "/datasets/animals/append"
HEADER = "year,Bear,Deer,Wolf"
# Rows that another site's page would put in the form, to be added once the victim gives the token.
PLANTED = "2099,999999,0,0"
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def row_count(client) -> int:
    return client.get("/api/datasets/animals").get_json()["dataset"]["row_count"]


def test_an_append_from_another_site_shows_the_form_without_the_rows_it_sent(client):
    response = client.post(APPEND, data={"rows": f"{HEADER}\n{PLANTED}\n"}, headers=ELSEWHERE)
    assert response.status_code == 403
    page = page_of(response)
    assert "Nothing was added: the form was sent from 'http://evil.example'" in page
    assert PLANTED not in page
    # The paste box holds what the form's own page holds: the header line alone.
    assert f">{HEADER}\n</textarea>" in page


def test_an_upload_from_another_site_shows_the_form_without_the_name_and_title_it_sent(client):
    response = client.post("/upload", data={"name": "plantedname", "title": "Planted title"}, headers=ELSEWHERE)
    assert response.status_code == 403
    page = page_of(response)
    assert "the form was sent from 'http://evil.example'" in page
    assert "plantedname" not in page and "Planted title" not in page
    assert 'name="name" value=""' in page and 'name="title" value=""' in page


@pytest.mark.parametrize("url", [APPEND, "/upload"])
@pytest.mark.parametrize("body", ["rows=a&rows=b&name=x&name=y", "rows=caf%E9&name=caf%E9&title=caf%E9"])
def test_a_post_from_another_site_is_403_before_its_fields_are_read(client, url, body):
    response = client.post(url, data=body.encode(), content_type=URLENCODED, headers=ELSEWHERE)
    assert response.status_code == 403
    page = page_of(response)
    assert "the form was sent from 'http://evil.example', not from this site" in page
    assert "sent twice" not in page and "UTF-8" not in page


@pytest.mark.parametrize("url", [APPEND, "/upload"])
def test_a_post_without_the_pages_csrf_token_is_403_before_a_field_sent_twice(client, url):
    csrf_at(client, url)  # the browser holds the cookie; the post does not carry the page's field
    response = client.post(url, data=f"token={WRITE_TOKEN}&rows=a&rows=b&name=x&name=y".encode(),
                           content_type=URLENCODED)
    assert response.status_code == 403
    page = page_of(response)
    assert "its CSRF token does not match" in page and "sent twice" not in page


@pytest.mark.parametrize("url", [APPEND, "/upload"])
def test_a_csrf_token_sent_twice_is_refused_as_not_matching(client, url):
    csrf = csrf_at(client, url)
    response = client.post(url, data={"csrf_token": [csrf, csrf], "token": WRITE_TOKEN})
    assert response.status_code == 403
    assert "its CSRF token does not match" in page_of(response)


def test_a_bad_write_token_is_refused_before_a_field_sent_twice(client):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": "wrong", "rows": ["a", "b"]})
    assert response.status_code == 403
    page = page_of(response)
    assert "the write token is not valid" in page and "sent twice" not in page


def test_an_append_refused_for_its_write_token_shows_the_rows_typed_again(client):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": "wrong", "rows": f"{HEADER}\n2030,1,2,3\n"})
    assert response.status_code == 403
    assert "2030,1,2,3" in page_of(response)
    assert row_count(client) == 12


@pytest.mark.parametrize("token", [f" {WRITE_TOKEN}", f"{WRITE_TOKEN}\n", f"\t{WRITE_TOKEN} \r\n"])
def test_the_append_form_takes_a_write_token_with_spaces_around_it(client, token):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": token, "rows": f"{HEADER}\n2030,1,2,3\n"})
    assert response.status_code == 303
    assert row_count(client) == 13


def test_the_upload_form_takes_a_write_token_with_spaces_around_it(client):
    csrf = csrf_at(client, "/upload")
    response = client.post("/upload", data={"csrf_token": csrf, "token": f" {WRITE_TOKEN}\n", "name": "sales",
                                            "file": (io.BytesIO(b"a,b\n1,2\n"), "sales.csv")})
    assert response.status_code == 303
    assert "sales" in names(client)


def test_a_write_token_of_spaces_alone_is_no_token(client):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": "  \n", "rows": f"{HEADER}\n2030,1,2,3\n"})
    assert response.status_code == 403
    assert "writing needs a token" in page_of(response)
    assert row_count(client) == 12


def many_parts(count: int) -> dict:
    return {f"f{i}": (io.BytesIO(b"x"), "") for i in range(count)}


def test_an_api_form_of_too_many_parts_is_413_saying_so_and_naming_its_fields(client):
    response = client.post("/api/datasets", data=many_parts(1200), headers=AUTH)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error == ("the form is sent in more than 1000 parts (its fields and files), the most a form may have; "
                     "this one takes the fields name, title, file, sheet, each once")
    assert "bytes" not in error


@pytest.mark.parametrize("url, fields", [
    ("/upload", "csrf_token, name, title, file, sheet, token"),
    (APPEND, "csrf_token, file, sheet, rows, token"),
])
def test_a_browser_form_of_too_many_parts_is_413_saying_so_and_naming_its_fields(client, url, fields):
    csrf = csrf_at(client, url)
    response = client.post(url, data={"csrf_token": csrf, "token": WRITE_TOKEN, **many_parts(1200)})
    assert response.status_code == 413
    page = page_of(response)
    assert ("the form is sent in more than 1000 parts (its fields and files), the most a form may have; "
            f"this one takes the fields {fields}, each once") in page
    assert row_count(client) == 12 and "f0" not in names(client)


def test_a_form_of_as_many_parts_as_a_form_may_have_is_read(client):
    response = client.post("/api/datasets", data=many_parts(1000), headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("unknown field 'f0'")


@pytest.mark.parametrize("url", [APPEND, "/upload"])
def test_a_form_sent_without_a_write_token_says_to_fill_in_its_field_not_to_send_a_header(client, url):
    csrf = csrf_at(client, url)
    response = client.post(url, data={"csrf_token": csrf, "rows": f"{HEADER}\n2030,1,2,3\n"} if url == APPEND
                           else {"csrf_token": csrf, "name": "sales", "file": (io.BytesIO(b"a,b\n1,2\n"), "s.csv")})
    assert response.status_code == 403
    page = page_of(response)
    assert "fill in the form&#39;s &#39;Write token&#39; field" in page or "fill in the form's 'Write token' field" in page
    assert "Authorization" not in page


def test_the_api_sent_without_a_write_token_says_which_header_to_send(client):
    response = client.post("/api/datasets?name=sales", data=b"a,b\n1,2\n", content_type="text/csv")
    assert response.status_code == 401
    assert "send the header 'Authorization: Bearer <token>'" in response.get_json()["error"]


def origin_and_form_reads(monkeypatch) -> list[str]:
    """Each check of a post's origin and each reading of its form (`sent_form`), from now on."""
    seen = []
    real_origin, real_form = auth.check_origin, write_forms.sent_form

    def origin():
        seen.append("origin")
        return real_origin()

    def form(taken):
        seen.append("form")
        return real_form(taken)

    monkeypatch.setattr(auth, "check_origin", origin)
    monkeypatch.setattr(write_forms, "check_origin", origin)
    monkeypatch.setattr(write_forms, "sent_form", form)
    return seen


# A post of each browser form that adds its rows or dataset.
ACCEPTED_POSTS = [(APPEND, {"rows": f"{HEADER}\n2030,1,2,3\n"}),
                  ("/upload", {"name": "sales", "file": (b"a,b\n1,2\n", "sales.csv")})]


def accepted_post(client, url: str, fields: dict):
    """`fields` posted with the page's CSRF token and the write token; a file field as (bytes, name)."""
    sent = {key: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
            for key, value in fields.items()}
    return client.post(url, data={"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN, **sent})


@pytest.mark.parametrize("url, fields", ACCEPTED_POSTS)
def test_a_browser_form_is_read_once(client, monkeypatch, url, fields):
    seen = origin_and_form_reads(monkeypatch)
    response = accepted_post(client, url, fields)
    assert response.status_code == 303
    assert seen.count("form") == 1


@pytest.mark.parametrize("url, fields", ACCEPTED_POSTS)
def test_a_browser_forms_origin_is_checked_once_before_it_is_read(client, monkeypatch, url, fields):
    seen = origin_and_form_reads(monkeypatch)
    response = accepted_post(client, url, fields)
    assert response.status_code == 303
    assert seen == ["origin", "form"]


@pytest.mark.parametrize("url", ["/upload", APPEND])
def test_a_form_page_holding_the_visitor_s_csrf_token_is_kept_by_no_cache(client, url):
    # A shared cache would hand one visitor's token to the next: the page, and the form shown again, say so.
    shown = client.get(url)
    assert "svgplots_csrf=" in shown.headers["Set-Cookie"] and 'name="csrf_token"' in shown.get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": csrf_at(client, url), "token": "not-the-token"})
    assert refused.status_code == 403
    for response in (shown, refused, client.head(url)):
        assert response.headers["Cache-Control"] == "private, no-store"


def test_a_long_origin_is_quoted_cut_as_every_refusal_quotes_a_value(client):
    # repr wrote the whole header, however long, into the page.
    origin = "http://" + "e" * 300 + ".example"
    response = client.post("/upload", data={"name": "x"}, headers={"Origin": origin})
    assert response.status_code == 403
    assert (f"the form was sent from 'http://{'e' * 93}…' ({len(origin)} characters), not from this site"
            in page_of(response))


@pytest.mark.parametrize("url", [APPEND, "/upload"])
def test_behind_a_proxy_trusting_any_host_a_post_from_another_site_is_still_403(data_dir, closing, url):
    # With PROXIES set and no TRUSTED_HOSTS the origin check compares a post's Origin with the host
    # X-Forwarded-Host names. The proxy sets that header (README's proxy section), to the host the
    # browser asked for: another site's page is refused by it. Where a proxy hands a client's on, a
    # browser still sends none of its own on another site's form, nor preflights one (the form's URL
    # allows no other origin), nor sends the site's SameSite=Strict CSRF cookie with it: only a client
    # that is no victim's browser can make the header match its Origin, and it meets the CSRF check.
    app = closing(writable_app(data_dir, PROXIES=1, RENDER_WORKERS=0))
    client = app.test_client()
    rows = row_count(client)
    proxied = {**ELSEWHERE, "X-Forwarded-Host": "localhost", "X-Forwarded-Proto": "http"}
    response = client.post(url, data={"token": WRITE_TOKEN, "rows": PLANTED}, headers=proxied)
    assert response.status_code == 403
    assert "the form was sent from 'http://evil.example', not from this site" in page_of(response)
    asked = {**ELSEWHERE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-forwarded-host"}
    preflight = client.options(url, headers=asked)
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Headers" not in preflight.headers
    forged = {**ELSEWHERE, "X-Forwarded-Host": "evil.example"}
    response = client.post(url, data={"token": WRITE_TOKEN, "rows": f"{HEADER}\n{PLANTED}\n", "name": "planted"},
                           headers=forged)
    assert response.status_code == 403 and "its CSRF token does not match" in page_of(response)
    assert row_count(client) == rows and "planted" not in names(client)
