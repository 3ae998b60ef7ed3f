"""A field of a chart page's form or of a dashboard's form (both sent by GET) keeps its focus outline 2px off its
words, beside them on a screen 800 pixels wide or wrapped under them on a phone 320 pixels wide, as the append
and upload forms' fields do (tests/browser/test_reflow.py), in real Chromium."""
from __future__ import annotations

import pytest

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.screens import phone, screen
from tests.browser.test_reflow import DESKTOP_NARROW, NARROW_UPRIGHT

# A chart's page, a dashboard of dates, one of dates and a filter, and one of a filter whose values are typed.
PAGES = ["/d/animals/bears", "/d/weather", "/d/stations", EXTRA_PREFIX + "/d/crowd"]
# Each field of the page's form in a label, or in a filter's group of typed values (its words the group's name),
# focused in turn (a field focused by a script shows its outline as a Tab's
# would: the test's keys are no pointer), as [its name, its outline's style, how far the outline is from the nearest
# words of its label (each text of the label outside the field, blanks at its ends left out), in CSS pixels]: the
# distance between their boxes, less than 0 where they overlap, as test_reflow.py's OUTLINE_ROOM measures it.
EACH_FIELD = """const found = [];
const form = 'form:is(.spec-form, .rows-form)[method=get] ';
const fields = `${form}label :is(input, select, textarea), ${form}.typed[role=group] > input`;
for (const field of document.querySelectorAll(fields)) {
  if (!field.getClientRects().length) continue;
  field.focus();
  const style = getComputedStyle(field), box = field.getBoundingClientRect();
  const out = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
  const group = field.closest('label, [role=group]');
  const words = group.matches('label') ? group : document.getElementById(group.getAttribute('aria-labelledby'));
  const walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
  let room = Infinity;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (field.contains(text) || !text.textContent.trim()) continue;
    const range = document.createRange(), start = text.textContent.search(/\\S/);
    range.setStart(text, start);
    range.setEnd(text, start + text.textContent.trim().length);
    for (const words of range.getClientRects()) {
      const across = Math.max(box.left - out - words.right, words.left - box.right - out);
      const down = Math.max(box.top - out - words.bottom, words.top - box.bottom - out);
      room = Math.min(room, Math.max(across, down));
    }
  }
  found.push([field.name || field.type, style.outlineStyle, room]);
}
document.activeElement.blur();
return found;"""


@pytest.mark.parametrize("size", [NARROW_UPRIGHT, DESKTOP_NARROW], ids=["phone", "800px"])
@pytest.mark.parametrize("path", PAGES)
def test_a_focused_field_of_a_get_form_keeps_its_outline_off_its_words(browser, live_site, path, size):
    with (phone(browser, *size) if size == NARROW_UPRIGHT else screen(browser, *size)) as driver:
        driver.get(live_site.url + path)
        found = driver.execute_script(EACH_FIELD)
    assert found and all(outline == "solid" for _, outline, _ in found), found
    assert all(room >= 2 for *_, room in found), found
