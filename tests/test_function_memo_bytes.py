"""The memos of a function's answers (a stored dataset's SQL table, a report's wrapped text) hold at
most their bytes, however big their entries: filled past them with big ones, the least recently used
are dropped. Each bound is lowered here, so that a few entries pass it. A chart text's layout is kept
only for a text short enough that 4,096 of them stay small."""
from __future__ import annotations

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from app.store.stored_values import stored_relation
from app.store.types import Column
from plots import chart_artists, pdf


def test_the_stored_tables_kept_filled_past_their_bytes_with_wide_datasets_stay_within_them(monkeypatch):
    bound = 1024 * 1024
    monkeypatch.setattr(stored_relation.kept, "max_bytes", bound)
    columns = tuple(Column(f"reading_{number:02d}_" + "n" * 100, "text") for number in range(50))
    relations = [stored_relation(dataset_id, columns) for dataset_id in range(900_001, 900_025)]
    kept = stored_relation.kept
    assert bound // 2 < kept.size <= bound
    assert 1 < len(kept) < len(relations)
    assert stored_relation(900_024, columns) is relations[-1]  # the last one read is kept


def test_the_wrapped_report_text_kept_filled_past_its_bytes_with_long_captions_stays_within_them(monkeypatch):
    bound = 256 * 1024
    monkeypatch.setattr(pdf._wrapped.kept, "max_bytes", bound)
    # Captions of 20,000 characters, the most a report prints, which differ in their first line only:
    # wrapped, their other lines are measured once.
    captions = [f"{number:02d} " + ("measured " * 2_300)[:19_997] for number in range(24)]
    for caption in captions:
        assert pdf._wrapped(caption, pdf.CAPTION_SIZE, 400.0).startswith(f"{caption[:3]}measured")
    kept = pdf._wrapped.kept
    assert bound // 2 < kept.size <= bound
    assert 1 < len(kept) < len(captions)
    assert sum(len(key[0]) + len(kept.peek(key)) for key in kept.held_keys()) <= bound



def test_a_chart_text_past_the_kept_line_is_laid_out_anew_not_kept_and_a_short_one_is_kept():
    figure = Figure(figsize=(4, 3))
    renderer = RendererAgg(400, 300, 100)
    chart_artists._layouts.clear()
    laid_out = []
    for text in ("Rainfall in mm", "r" * (chart_artists.KEPT_LINE + 1), "😀" * 20_000):
        artist = chart_artists.ChartText(0, 0, text)
        artist.set_figure(figure)
        laid_out.append(artist._get_layout(renderer)[0].width)
    assert all(width > 0 for width in laid_out) and laid_out[2] > laid_out[1] > laid_out[0]
    assert [key[0] for key in chart_artists._layouts] == ["Rainfall in mm"]
