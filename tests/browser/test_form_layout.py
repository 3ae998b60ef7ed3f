"""A write form's fields in real Chromium: a file field shows its whole "No file chosen", a hint
follows the field it explains closely, and a table of columns keeps apart from the form below it."""
from __future__ import annotations

import pytest

# The file field's width, and the width it takes when nothing limits it.
FILE_FIELD_WIDTHS = """const field = document.querySelector('form input[type=file]');
const free = field.cloneNode();
free.style.maxWidth = 'none';
field.parentNode.appendChild(free);
const widths = [field.getBoundingClientRect().width, free.getBoundingClientRect().width];
free.remove();
return widths;"""
# The room between the rows' textarea and its hint, and between the columns table and the form.
GAPS = """const box = s => document.querySelector(s).getBoundingClientRect();
return [box('#rows-hint').top - box('textarea[name=rows]').bottom,
        box('form.spec-form').top - box('table.columns').bottom];"""


@pytest.mark.parametrize("path", ["/upload", "/datasets/animals/append"])
def test_a_file_field_is_as_wide_as_its_text(browser, live_site, path):
    driver = browser.driver
    driver.get(live_site.url + path)
    shown, whole = driver.execute_script(FILE_FIELD_WIDTHS)
    assert shown >= whole - 0.5, (shown, whole)


def test_the_paste_hint_follows_its_textarea_and_the_columns_table_keeps_apart_from_the_form(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/datasets/animals/append")
    hint_gap, table_gap = driver.execute_script(GAPS)
    assert 0 <= hint_gap <= 6, hint_gap
    assert table_gap >= 8, table_gap
