"""The site's templates are compiled as the app is built, once for the process: a new app's first view
of a page compiles none, and another app of the same process loads what the first compiled."""
from __future__ import annotations

import jinja2
import pytest
from flask import Flask

from app import create_app
from app.page_templates import CompiledTemplates, compile_templates


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The templates compiled from their source, by name, each time."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(environment, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(environment, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def site(data_dir) -> Flask:
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})


def test_a_new_apps_first_views_compile_no_template(data_dir, compiled):
    client = site(data_dir).test_client()
    compiled.clear()
    for url in ("/", "/d/weather", "/datasets/animals", "/d/weather/temperature", "/no-such-page"):
        assert client.get(url).status_code in (200, 404)
    assert compiled == []


def test_another_app_of_the_process_loads_the_templates_the_first_compiled(data_dir, compiled):
    site(data_dir)
    compiled.clear()
    again = site(data_dir)
    assert compiled == []
    assert set(again.jinja_env.list_templates()) <= {name for _, name in again.jinja_env.cache.keys()}
    page = again.test_client().get("/d/weather")
    assert page.status_code == 200 and "<img" in page.get_data(as_text=True)


def test_a_template_whose_source_changed_is_compiled_again(compiled):
    kept = CompiledTemplates()
    sources = {"page.html": "<p>{{ words }}</p>"}

    def environment() -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=kept)

    assert environment().get_template("page.html").render(words="one") == "<p>one</p>"
    assert environment().get_template("page.html").render(words="two") == "<p>two</p>"
    assert compiled == ["page.html"] and len(kept) == 1
    sources["page.html"] = "<b>{{ words }}</b>"
    assert environment().get_template("page.html").render(words="three") == "<b>three</b>"
    assert compiled == ["page.html", "page.html"] and len(kept) == 1


def test_an_environment_that_compiles_otherwise_compiles_its_own(compiled):
    kept = CompiledTemplates()
    loader = jinja2.DictLoader({"page.html": "<p>{{ words }}</p>"})
    plain = jinja2.Environment(loader=loader, bytecode_cache=kept)
    escaping = jinja2.Environment(loader=loader, bytecode_cache=kept, autoescape=True)
    assert plain.get_template("page.html").render(words="<i>") == "<p><i></p>"
    assert escaping.get_template("page.html").render(words="<i>") == "<p>&lt;i&gt;</p>"
    assert len(compiled) == 2 and len(kept) == 2


def test_a_template_that_does_not_compile_stops_the_start(tmp_path):
    (tmp_path / "broken.html").write_text("<p>{% if words %}</p>", encoding="utf-8")
    app = Flask(__name__, template_folder=str(tmp_path))
    app.jinja_options = {**app.jinja_options, "bytecode_cache": CompiledTemplates()}
    with pytest.raises(jinja2.TemplateSyntaxError):
        compile_templates(app)
