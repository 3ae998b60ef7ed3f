"""A site whose data is in Hebrew and Arabic: column names, category values, filter labels and
titles in right-to-left scripts, beside English words and left-to-right names."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import dashboard_site

# Sales per city (עיר) and product (מוצר): a Hebrew and an Arabic city, a left-to-right column (`total`).
SALES = ("day,עיר,מוצר,מכירות,مبيعات,total\n"
         "2024-01-01,תל אביב,חלב,3,5,8\n"
         "2024-01-01,القاهرة,خبز,4,6,10\n"
         "2024-01-02,תל אביב,חלב,5,2,7\n")
BOARD = """title = "מכירות בערים"
[[filters]]
column = "עיר"
label = "עיר"
[[filters]]
column = "מוצר"
label = "מוצר"
[[charts]]
id = "cities"
dataset = "sales"
kind = "bar"
title = "מכירות לפי עיר"
x = "עיר"
y = ["מכירות", "مبيعات"]
"""
# The dashboard and its chart's page narrowed to one city and one product, both written in Hebrew.
FILTERED = "?filter.עיר=תל אביב&filter.מוצר=חלב"
# Both cities, a Hebrew and an Arabic one.
BOTH_CITIES = "?filter.עיר=תל אביב&filter.עיר=القاهرة"


def right_to_left_site(tmp_path: Path):
    """An app whose data folder holds `sales` (SALES) and whose one dashboard, `m`, is BOARD."""
    return dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD)
