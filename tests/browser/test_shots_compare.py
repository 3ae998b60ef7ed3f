"""The parts of the check that need no browser: comparing images, naming pages, the CLI."""
from __future__ import annotations

import argparse
import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from shots import (DEFAULT_BASELINE_DIR, Browser, BrowserMissing, PageTarget, Settings, Tolerance, compare_images,
                   page_slug)
from shots.baseline_charts import baseline_places, places_path, read_places, write_places
from shots.cli import add_arguments, settings_from
from shots.compare import Area, not_a_png, one_colour, rgb_image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_identical_files_match_with_their_size():
    png = _png(Image.new("RGB", (120, 80), (10, 20, 30)))
    comparison = compare_images(png, png)
    assert (comparison.matches, comparison.differing_pixels, comparison.actual_size) == (True, 0, (120, 80))
    assert comparison.message == "identical" and comparison.total_pixels == 120 * 80


def test_rgba_screenshots_that_differ_only_in_colour_do_not_match():
    # ImageChops on RGBA looks at alpha only: both are opaque, so it would call them equal.
    white = Image.new("RGBA", (200, 100), (255, 255, 255, 255))
    blue = Image.new("RGBA", (200, 100), (0, 0, 255, 255))
    comparison = compare_images(_png(white), _png(blue))
    assert not comparison.matches
    assert comparison.differing_pixels == 200 * 100


def test_small_colour_shifts_and_few_pixels_are_within_tolerance():
    base = Image.new("RGB", (100, 100), (200, 200, 200))
    shifted = Image.new("RGB", (100, 100), (210, 200, 200))  # under 0.1 of full scale
    assert compare_images(_png(base), _png(shifted)).matches
    dotted = base.copy()
    dotted.putpixel((5, 5), (0, 0, 0))  # 1 of 10,000 pixels = 0.01 %
    assert compare_images(_png(base), _png(dotted), Tolerance(max_diff_ratio=0.001)).matches
    assert not compare_images(_png(base), _png(dotted), Tolerance(max_diff_ratio=0)).matches


def test_a_changed_area_beyond_the_ratio_fails_and_is_drawn_red():
    base = Image.new("RGB", (100, 100), (255, 255, 255))
    changed = base.copy()
    ImageDraw.Draw(changed).rectangle((0, 0, 9, 9), fill=(0, 0, 0))
    comparison = compare_images(_png(changed), _png(base))
    assert not comparison.matches and comparison.differing_pixels == 100
    assert "100 of 10000 pixels (1.000%)" in comparison.message
    assert comparison.diff.getpixel((5, 5)) == (255, 0, 0)


def test_a_bar_shifted_under_the_page_threshold_fails_inside_its_chart_only():
    # A page 1280x1000 with a 640x360 chart whose bar (40x200) is redder by 24 of 255: the page's
    # rule counts 0 pixels, the chart's rule counts every pixel of the bar.
    page = Image.new("RGB", (1280, 1000), (250, 250, 250))
    ImageDraw.Draw(page).rectangle((200, 300, 239, 499), fill=(31, 119, 180))
    changed = page.copy()
    ImageDraw.Draw(changed).rectangle((200, 300, 239, 499), fill=(55, 119, 180))
    chart, text = Area("/d/animals/bears.svg", (100, 200, 740, 560)), Area("/other.svg", (800, 0, 1280, 300))
    comparison = compare_images(_png(changed), _png(page), areas=[chart, text])
    assert comparison.differing_pixels == 0 and comparison.page_matches and not comparison.matches
    assert [(a.area.name, a.differing_pixels, a.total_pixels, a.matches) for a in comparison.areas] == [
        ("/d/animals/bears.svg", 40 * 200, 640 * 360, False), ("/other.svg", 0, 480 * 300, True)]
    assert comparison.diff.getpixel((220, 400)) == (255, 0, 0)
    assert compare_images(_png(changed), _png(page)).matches  # no chart areas: the page's rule alone


def test_a_baseline_that_is_not_a_png_is_named_with_what_it_holds(tmp_path):
    pointer = tmp_path / "d-animals.png"
    pointer.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 81234\n")
    assert not_a_png(pointer) == (
        "baseline d-animals.png is not a PNG image (it starts with 'version https://git-lfs.github.com/spec/v1'); "
        "a Git LFS pointer: run `git lfs pull`")
    cut = tmp_path / "cut.png"
    cut.write_bytes(_png(Image.new("RGB", (50, 50), "white"))[:60])
    assert not_a_png(cut).startswith("baseline cut.png is not a PNG image (it cannot be decoded: ")
    assert not_a_png(cut).endswith("); re-make it with --update-baselines")
    good = tmp_path / "good.png"
    good.write_bytes(_png(Image.new("RGB", (5, 5), "white")))
    assert not_a_png(good) is None


def test_a_chart_area_of_one_colour_draws_nothing():
    page = Image.new("RGB", (300, 200), (255, 255, 255))
    ImageDraw.Draw(page).line((10, 10, 90, 90), fill=(0, 0, 0))
    screenshot = rgb_image(_png(page))
    assert not one_colour(screenshot, (0, 0, 100, 100))
    assert one_colour(screenshot, (150, 0, 300, 200))
    assert not one_colour(screenshot, (400, 400, 500, 500))  # off the screenshot: nothing to judge


def test_a_different_size_never_matches():
    comparison = compare_images(_png(Image.new("RGB", (100, 120), "white")), _png(Image.new("RGB", (100, 100), "white")),
                                Tolerance(pixel_threshold=1, max_diff_ratio=1))
    assert not comparison.matches
    assert comparison.message.startswith("size differs: expected 100x100, got 100x120")


def test_tolerance_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="pixel_threshold must be between 0 and 1, got 2"):
        Tolerance(pixel_threshold=2)


def test_pages_are_named_after_their_paths():
    assert [page_slug(p) for p in ("/", "/d/animals", "/d/animals/bears", "/datasets/x?y=1")] == [
        "index", "d-animals", "d-animals-bears", "datasets-x_y_1"]


def test_page_argument_may_name_an_expected_status():
    assert PageTarget.parse("/d/nope@404") == PageTarget("/d/nope", 404)
    assert PageTarget.parse("/d/animals") == PageTarget("/d/animals", 200)
    assert PageTarget.parse("d/animals") == PageTarget("/d/animals", 200)


def test_cli_options_parse_pages_urls_and_tolerance():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--url", "http://127.0.0.1:5000", "--page", "/", "/d/animals",
                              "--page", "/d/nope@404", "--update-baselines", "--threshold", "0.2"])
    assert args.pages == ["/", "/d/animals", "/d/nope@404"]
    assert args.update_baselines and args.threshold == 0.2 and args.url == "http://127.0.0.1:5000"
    defaults = parser.parse_args([])
    assert defaults.pages is None and defaults.out.name == "chrome-debug"


def _settings(*argv: str) -> Settings:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return settings_from(parser.parse_args(argv))


def test_the_chart_rule_has_its_own_options_defaulting_to_the_tolerance():
    assert _settings().tolerance == Tolerance()
    tolerance = _settings("--chart-threshold", "0.05", "--chart-max-pixels", "12").tolerance
    assert (tolerance.chart_pixel_threshold, tolerance.chart_max_pixels) == (0.05, 12)
    assert (tolerance.pixel_threshold, tolerance.max_diff_ratio) == (Tolerance().pixel_threshold,
                                                                      Tolerance().max_diff_ratio)


@pytest.mark.parametrize("argv, message", [
    (("--chart-threshold", "1.5"), "--chart-threshold must be between 0 and 1, got 1.5"),
    (("--chart-max-pixels", "-1"), "--chart-max-pixels must be 0 or more, got -1"),
    (("--threshold", "-0.5"), "--threshold must be between 0 and 1, got -0.5"),
    (("--max-diff-ratio", "2"), "--max-diff-ratio must be between 0 and 1, got 2.0"),
])
def test_an_option_out_of_range_is_refused_naming_the_option_typed_and_what_it_allows(argv, message):
    with pytest.raises(ValueError) as refused:
        _settings(*argv)
    assert str(refused.value) == message


def test_a_chart_max_pixels_that_is_not_a_whole_number_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        _settings("--chart-max-pixels", "1.5")
    assert exited.value.code == 2
    assert "--chart-max-pixels: '1.5' is not a whole number" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--chart-max-pixels", "--max-pages"])
def test_a_whole_number_of_more_digits_than_int_reads_is_refused_in_the_site_s_words_cut(capsys, option):
    digits = "7" * 5000  # int() reads at most 4,300 digits: argparse wrote its own refusal, the number whole
    with pytest.raises(SystemExit) as exited:
        _settings(option, digits)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"{option}: '{'7' * 100}…' (5000 characters) is too large: give at most 18 digits" in err
    assert len(err) < 1000
    assert _settings("--chart-max-pixels", "000000000000000000000012").tolerance.chart_max_pixels == 12


def test_baselines_are_a_setting_that_defaults_to_tests_baselines_of_the_project(tmp_path):
    project = Path(__file__).resolve().parents[2]
    assert _settings().baseline_dir == Settings().baseline_dir == project / "tests" / "baselines"
    assert _settings("--baselines", str(tmp_path)).baseline_dir == tmp_path


def test_the_audit_uses_the_projects_axe_core_unless_told_otherwise(tmp_path):
    project = Path(__file__).resolve().parents[2]
    default = _settings()
    assert default.axe_script == project / "node_modules" / "axe-core" / "axe.min.js" and not default.require_axe
    assert _settings("--no-axe").axe_script is None
    named = _settings("--axe", str(tmp_path / "axe.js"))
    assert named.axe_script == tmp_path / "axe.js" and named.require_axe
    assert default.axe_tags == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
    with pytest.raises(SystemExit):
        _settings("--axe", "axe.js", "--no-axe")


def test_missing_chromium_fails_loudly_naming_what_to_install():
    with pytest.raises(BrowserMissing, match="chromium and chromium-driver"):
        Browser(chromium="/nonexistent/chromium")


def test_a_baseline_records_its_charts_places_which_hold_for_that_file_only(tmp_path):
    baseline = tmp_path / "d-animals.png"
    baseline.write_bytes(_png(Image.new("RGB", (40, 30), (255, 255, 255))))
    write_places(baseline, [("http://127.0.0.1:5000/d/a/c.svg?v=7&y=Bear", (0, 0, 10, 10)),
                            ("http://127.0.0.1:5000/d/a/c.svg?y=Bear&v=7", (0, 10, 10, 20)),
                            ("http://127.0.0.1:5000/plot/a.svg?v=7", (20, 0, 40, 30))])
    places = read_places(baseline)
    # Matched by URL without `v`, the n-th of a URL at its n-th place, of the same size only.
    charts = [("http://h/d/a/c.svg?v=8&y=Bear", (0, 5, 10, 15)), ("http://h/d/a/c.svg?y=Bear", (0, 15, 10, 25)),
              ("http://h/d/a/c.svg?y=Bear", (0, 25, 10, 35)), ("http://h/plot/a.svg", (20, 0, 30, 30))]
    assert baseline_places(charts, places) == [(0, 0, 10, 10), (0, 10, 10, 20), None, None]
    baseline.write_bytes(_png(Image.new("RGB", (40, 30), (0, 0, 0))))  # replaced by hand: its places are not known
    assert read_places(baseline) == {}


def test_every_committed_baseline_has_the_record_of_its_charts_made_with_it():
    # A baseline replaced without its record would have its charts compared at no recorded place.
    baselines = sorted(DEFAULT_BASELINE_DIR.glob("*.png"))
    assert len(baselines) >= 20
    for baseline in baselines:
        record = places_path(baseline)
        assert record.is_file(), f"{baseline.name} has no {record.name}: make both with run.py shots --update-baselines"
        digest = json.loads(record.read_text())["baseline_sha256"]
        assert digest == hashlib.sha256(baseline.read_bytes()).hexdigest(), (
            f"{record.name} records another {baseline.name}: make both again with run.py shots --update-baselines")
    records = sorted(path.name for path in DEFAULT_BASELINE_DIR.glob("*.charts.json"))
    assert records == sorted(places_path(path).name for path in baselines)
