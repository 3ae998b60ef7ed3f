"""Pages under a reader's own text spacing, in real Chromium: the spacing WCAG 1.4.12 asks a page to
bear (line height 1.5, letters 0.12em and words 0.16em apart, paragraphs 2em apart) cuts no field's
example short."""
from __future__ import annotations

import pytest

# WCAG 1.4.12's spacing as a reader's style sheet sets it, over the page's own (a constructed style
# sheet: the page's Content-Security-Policy refuses a <style> a script adds).
SPACED = """const sheet = new CSSStyleSheet();
sheet.replaceSync('* { line-height: 1.5 !important; letter-spacing: 0.12em !important; ' +
                  'word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];"""
# Each empty field whose example (its placeholder) is wider than the room inside it: its name, the
# example and both widths.
CUT_EXAMPLES = """return [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
  .filter(field => !field.value && field.getClientRects().length).map(field => {
    const style = getComputedStyle(field), text = document.createElement('span');
    text.textContent = field.placeholder;
    Object.assign(text.style, {font: style.font, letterSpacing: style.letterSpacing, wordSpacing: style.wordSpacing,
                               whiteSpace: 'pre', position: 'absolute'});
    document.body.appendChild(text);
    const wide = text.getBoundingClientRect().width;
    text.remove();
    const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [field.name, field.placeholder, wide, room];
  }).filter(([, , wide, room]) => wide > room + 0.5);"""


@pytest.mark.parametrize("path", ["/d/weather", "/d/stations?from=", "/d/weather/temperature", "/upload",
                                  "/datasets/weather/append"])
def test_no_field_s_example_is_cut_under_a_reader_s_text_spacing(browser, live_site, path):
    driver = browser.driver
    driver.get(live_site.url + path)
    driver.execute_script(SPACED)
    assert driver.execute_script(CUT_EXAMPLES) == []
