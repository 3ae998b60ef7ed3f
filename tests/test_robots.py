"""/robots.txt: charts, pages and data open to crawlers; the forms and the health check not; the sitemap named."""
from __future__ import annotations


def test_robots_txt_keeps_crawlers_off_the_forms_and_the_health_check_only(client):
    answered = client.get("/robots.txt")
    assert answered.status_code == 200 and answered.mimetype == "text/plain"
    assert answered.get_data(as_text=True).splitlines() == [
        "User-agent: *", "Disallow: /upload", "Disallow: /datasets/*/append", "Disallow: /healthz",
        "Sitemap: http://localhost/sitemap.xml"]
    assert answered.headers["Cache-Control"] == "public, max-age=86400"
    # Revalidated by its ETag, as any page.
    again = client.get("/robots.txt", headers={"If-None-Match": answered.headers["ETag"]})
    assert again.status_code == 304


def test_robots_txt_takes_no_parameter(client):
    answered = client.get("/robots.txt?all=1")
    assert answered.status_code == 400 and answered.mimetype == "text/plain"
    assert answered.get_data(as_text=True).startswith("400 Bad Request: unknown parameter 'all'")


def test_robots_txt_s_refusal_reads_as_a_sentence(client):
    assert client.get("/robots.txt?all=1").get_data(as_text=True).splitlines() == [
        "400 Bad Request: unknown parameter 'all'; the crawling rules file (/robots.txt) takes no parameters"]
