"""Lone values at the plot's first and last x: their dots, and an area's faint stems under them,
drawn whole rather than cut by the plot; those clear of its sides drawn clipped, as before."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from plots import parse_spec, render_svg
from tests.test_kinds import DAYS, SVG, day_frame


def dot_places(svg: bytes) -> tuple[list[float], list[float]]:
    """The x of each dot drawn whole and of each clipped to the plot, in a line or area chart's SVG."""
    root = ET.fromstring(svg)
    whole, cut = [], []
    for group in [root, *root.iter(f"{SVG}g")]:  # the dots' groups hold no groups
        for use in group.findall(f"{SVG}use"):
            (cut if group.get("clip-path") else whole).append(float(use.get("x")))
    return sorted(whole), sorted(cut)


@pytest.mark.parametrize("kind", ["line", "area"])
def test_lone_values_at_the_first_and_last_x_are_dots_drawn_whole_not_cut_by_the_plot(kind):
    # A line runs edge to edge: its dots at the first and last x were drawn half, clipped to the plot.
    frame = day_frame([f"2024-05-0{d}" for d in range(1, 7)], a=[1, np.nan, 3, 4, np.nan, 5])
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": ["a"]}, DAYS)
    whole, cut = dot_places(render_svg(spec, frame))
    assert len(whole) == 2 and not cut, (whole, cut)
    # One beyond ymax is left out, as clipped it was; the other is still drawn whole.
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": ["a"], "ymax": ["4.5"]}, DAYS)
    assert dot_places(render_svg(spec, frame)) == (whole[:1], [])


def stem_clips(svg: bytes) -> tuple[list[tuple[float, float, tuple]], tuple]:
    """Each faint stem of an area chart's SVG (its x, its half width, its clip's rectangle: left,
    top, right, bottom), and the plot's rectangle, to which the area's fill is clipped."""
    root = ET.fromstring(svg)
    clips = {}
    for clip in root.iter(f"{SVG}clipPath"):
        x, y, width, height = (float(clip.find(f"{SVG}rect").get(name)) for name in ("x", "y", "width", "height"))
        clips[f"url(#{clip.get('id')})"] = (x, y, x + width, y + height)
    paths = list(root.iter(f"{SVG}path"))
    [plot] = {clips[path.get("clip-path")] for path in paths if path.get("fill-opacity") == ".3"}
    stems = [(float(path.get("d")[1:].split()[0]), float(path.get("stroke-width")) / 2, clips[path.get("clip-path")])
             for path in paths if path.get("stroke-opacity") == ".3"]
    return stems, plot


def test_an_areas_stems_at_the_first_and_last_x_are_drawn_whole_as_their_dots():
    # Clipped to the plot, the stems under the dots at the first and last x lost half their width.
    frame = day_frame([f"2024-05-0{d}" for d in range(1, 7)], a=[1, np.nan, 3, 4, np.nan, 5])
    stems, plot = stem_clips(render_svg(parse_spec({"kind": ["area"], "x": ["day"], "y": ["a"]}, DAYS), frame))
    assert len(stems) == 2 and all(clip[0] <= x - half and x + half <= clip[2] for x, half, clip in stems), stems
    # A stem beyond xmax is left out, as clipped it was; y bounds still cut a stem at the plot's top.
    spec = parse_spec({"kind": ["area"], "x": ["day"], "y": ["a"], "xmax": ["2024-05-05"], "ymax": ["4.5"]}, DAYS)
    [(x, half, clip)], plot = stem_clips(render_svg(spec, frame))
    assert clip[0] <= x - half and x + half <= clip[2] and (clip[1], clip[3]) == (plot[1], plot[3])


def test_an_areas_stems_clear_of_the_plot_edges_are_clipped_to_the_plot_as_before():
    frame = day_frame([f"2024-05-0{d}" for d in range(1, 8)], a=[1, 2, np.nan, 4, np.nan, 6, 7])
    [(_, _, clip)], plot = stem_clips(render_svg(parse_spec({"kind": ["area"], "x": ["day"], "y": ["a"]}, DAYS), frame))
    assert clip == plot


@pytest.mark.parametrize("kind", ["line", "area"])
def test_lone_values_clear_of_the_plot_edges_are_dots_clipped_as_before(kind):
    frame = day_frame([f"2024-05-0{d}" for d in range(1, 8)], a=[1, 2, np.nan, 4, np.nan, 6, 7])
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": ["a"]}, DAYS)
    whole, cut = dot_places(render_svg(spec, frame))
    assert not whole and len(cut) == 1, (whole, cut)
