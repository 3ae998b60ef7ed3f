"""Every kind of page at 320 CSS pixels wide, WCAG 1.4.10's reflow: a phone held upright, and a desktop's screen
of 1280 × 1024 zoomed to 400 % (320 × 256), in real Chromium. The page fits its width, nothing to scroll sideways
and no words cut off; a wide table of rows scrolls inside its own box, which the keyboard reaches and a screen
reader names, and which fits the screen's height, its scroll bar in view with its rows. A dashboard fits a phone
on its side, 256 pixels high, too. So do the pages a form sent answers with, refusing it: the upload form's and
the append form's, which a GET never shows; there each field a narrow screen wraps under its words keeps its focus
outline off them, where the outline touched "or paste rows", and so does each field beside its words on a screen
800 pixels wide, where the outline kept 0.8 pixels from them."""
from __future__ import annotations

import pytest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.screens import page_width, phone, screen
from tests.browser.test_refusal_focus import sent
from tests.browser.waits import until
from tests.conftest import WRITE_TOKEN

# One of each kind of page, the API's excluded (they are no HTML): the front page, a dashboard (one with filters
# too), a chart's page, a dataset's page (one whose table is far wider than the screen too), the append form
# and the upload form.
PAGES = ["/", "/d/weather", EXTRA_PREFIX + "/d/crowd", "/d/animals/bears", "/datasets/weather",
         EXTRA_PREFIX + "/datasets/tally", "/datasets/animals/append", "/upload"]
NARROW_UPRIGHT, ZOOMED = (320, 568), (320, 256)
NARROW_ON_ITS_SIDE = (568, 256)
# A desktop's window 800 pixels wide, where the append form's fields stand beside their words.
DESKTOP_NARROW = (800, 600)

# The screen's width and height.
SCREEN = "return [innerWidth, innerHeight];"
# Each element of the page past the screen's right or left edge, or that cuts its own content off (hidden past
# its box), as [what it is, left, right]: none but those out of sight on purpose (the link past the bar, words
# for a screen reader alone), what is inside a box that scrolls, and a field, whose text scrolls in it.
STICKING_OUT = """const inside = '.skip, .visually-hidden, input, textarea, select';
return [...document.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && !e.closest(inside) && !e.parentElement.closest('.table-wrap'))
    .filter(e => { const r = e.getBoundingClientRect(), x = getComputedStyle(e).overflowX;
                   return r.right > innerWidth + 0.5 || r.left < -0.5 ||
                          (['hidden', 'clip'].includes(x) && e.scrollWidth > e.clientWidth + 1); })
    .map(e => [e.tagName + '.' + e.className, e.getBoundingClientRect().left, e.getBoundingClientRect().right]);"""
# Each box whose content is wider than it and scrolls sideways: [what it is, whether the keyboard reaches it,
# the name a screen reader gives it (its aria-label, or the words of what its aria-labelledby names), its height].
SCROLL_BOXES = """const named = e => e.getAttribute('aria-label') ||
    (e.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)).filter(Boolean)
    .map(label => label.innerText).join(' ');
return [...document.querySelectorAll('body *')]
    .filter(e => !e.matches('input, textarea, select') && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                 && e.scrollWidth > e.clientWidth + 1)
    .map(e => [e.tagName + '.' + e.className, e.tabIndex >= 0, named(e).trim(), e.getBoundingClientRect().height]);"""


def laid_out(driver, url: str | None) -> tuple[list, list, list]:
    """The page at `url` (None: the page shown): how wide it is and the screen's size, what sticks out and the
    boxes that scroll."""
    width = page_width(driver, url) if url else driver.execute_script("return document.documentElement.scrollWidth")
    widths = [width, *driver.execute_script(SCREEN)]
    return widths, driver.execute_script(STICKING_OUT), driver.execute_script(SCROLL_BOXES)


def assert_fits(path: str, size: tuple[int, int], widths: list, sticking_out: list, boxes: list) -> None:
    """The page fits `size`: nothing to scroll sideways, nothing sticking out, and each box that scrolls sideways
    reached by the keyboard, named, and no taller than the screen."""
    assert widths == [size[0], *size], (path, widths)
    assert sticking_out == [], (path, sticking_out)
    assert [(what, reached, bool(name), height <= size[1]) for what, reached, name, height in boxes] == \
        [(what, True, True, True) for what, *_ in boxes], (path, boxes)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_on_a_phone_320_pixels_wide_fits_its_width(browser, live_site, path):
    with phone(browser, *NARROW_UPRIGHT) as driver:
        assert_fits(path, NARROW_UPRIGHT, *laid_out(driver, live_site.url + path))


@pytest.mark.parametrize("path", PAGES)
def test_a_page_zoomed_to_400_percent_fits_its_width_and_height(browser, live_site, path):
    with screen(browser, *ZOOMED, scale=4) as driver:
        assert_fits(path, ZOOMED, *laid_out(driver, live_site.url + path))


@pytest.mark.parametrize("path", ["/d/weather", EXTRA_PREFIX + "/d/crowd", EXTRA_PREFIX + "/d/live"])
def test_a_dashboard_on_a_phone_on_its_side_256_pixels_high_fits_its_width(browser, live_site, path):
    with phone(browser, *NARROW_ON_ITS_SIDE) as driver:
        assert_fits(path, NARROW_ON_ITS_SIDE, *laid_out(driver, live_site.url + path))


def test_a_wide_table_scrolls_in_its_own_box(browser, live_site):
    with phone(browser, *NARROW_UPRIGHT) as driver:
        boxes = laid_out(driver, live_site.url + EXTRA_PREFIX + "/datasets/tally")[2]
    assert [what for what, *_ in boxes] == ["DIV.table-wrap"]


# A word as long as a screen reader's line allows, which a refusal quotes: it must wrap, not stick out.
LONG_CELL = "Ursus" * 30
# Each refused form: the form's page, what is sent, and the file, if any, chosen in its file field.
REFUSALS = {
    "upload, a name taken": ("/upload", {"name": "animals", "title": "Frogs of the pond"}, "day,frogs\n1,3\n"),
    "upload, rows refused": ("/upload", {"name": "toads"}, f"day,toads\n1,3\n2,3,{LONG_CELL}\n"),
    "upload, a wrong token": ("/upload", {"name": "frogs", "token": "wrong"}, "day,frogs\n1,3\n"),
    "append, rows refused": ("/datasets/animals/append", {"rows": f"year,Bear,Deer,Wolf\n2030,{LONG_CELL},2,3\n"}, None),
    "append, a wrong token": ("/datasets/animals/append", {"rows": "year,Bear,Deer,Wolf\n2030,1,2,3\n",
                                                           "token": "wrong"}, None),
}


@pytest.mark.parametrize("size", [NARROW_UPRIGHT, ZOOMED], ids=["phone", "zoomed"])
@pytest.mark.parametrize("refusal", list(REFUSALS))
def test_a_forms_refusal_fits_a_screen_320_pixels_wide(browser, writable_site, tmp_path, refusal, size):
    path, fields, csv_text = REFUSALS[refusal]
    fields = {"token": WRITE_TOKEN, **fields}
    if csv_text is not None:
        (tmp_path / "sent.csv").write_text(csv_text)
        fields["file"] = str(tmp_path / "sent.csv")
    with (phone(browser, *size) if size == NARROW_UPRIGHT else screen(browser, *size, scale=4)) as driver:
        sent(driver, writable_site + path, fields, "form.spec-form button[type=submit]")
        assert_fits(refusal, size, *laid_out(driver, None))


# The focused field's name, its outline's style and how far the outline is from the words of its label (its text,
# blanks at its ends left out), in CSS pixels: the distance between their boxes, less than 0 where they overlap.
# None while the focus is on no field of a label.
OUTLINE_ROOM = """const field = document.activeElement, label = field && field.closest('label');
if (!label || field === label) return null;
const style = getComputedStyle(field);
const text = [...label.childNodes].find(node => node.nodeType === 3 && node.textContent.trim());
const range = document.createRange(), start = text.textContent.search(/\\S/);
range.setStart(text, start);
range.setEnd(text, start + text.textContent.trim().length);
const words = range.getBoundingClientRect(), box = field.getBoundingClientRect();
const out = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
const across = Math.max(box.left - out - words.right, words.left - box.right - out);
const down = Math.max(box.top - out - words.bottom, words.top - box.bottom - out);
return [field.name, style.outlineStyle, Math.max(across, down)];"""


@pytest.mark.parametrize("size", [NARROW_UPRIGHT, ZOOMED, DESKTOP_NARROW], ids=["phone", "zoomed", "800px"])
def test_a_focused_field_of_the_append_forms_refusal_keeps_its_outline_off_its_words(browser, writable_site, size):
    rows = "year,Bear,Deer,Wolf\n2030,many,2,3\n"
    found = []
    with (phone(browser, *size) if size == NARROW_UPRIGHT
          else screen(browser, *size, scale=4 if size == ZOOMED else 1)) as driver:
        sent(driver, writable_site + "/datasets/animals/append", {"rows": rows, "token": WRITE_TOKEN},
             "form.spec-form button[type=submit]")
        # The refused rows' field, which the page focuses; then, by the keyboard, the sheet's and the file field,
        # the sheet's and the rows' again and the token's.
        for keys, name in ((None, "rows"), ("back", "sheet"), ("back", "file"), (Keys.TAB, "sheet"), (Keys.TAB, "rows"),
                           (Keys.TAB, "token")):
            if keys == "back":
                ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            elif keys:
                ActionChains(driver).send_keys(keys).perform()
            found.append(until(lambda: driver.execute_script(OUTLINE_ROOM), lambda room: room and room[0] == name,
                               what=f"the focus on the {name} field"))
    assert [outline for _, outline, _ in found] == ["solid"] * 6, found
    # Each beside its words or wrapped under them: 2px apart at least, where "or paste rows" overlapped the
    # outline by 4px at 320px and a field beside its words at 800px kept it 0.8px from them.
    assert all(room >= 2 for *_, room in found), found
