"""Charts drawn again where their baseline shows them: Chromium draws an image on whole pixels, and the edges
of a chart's lines a little otherwise on each column of pixels it lands on, so that a chart moved sideways,
by half a pixel even (laid out at 10.5, drawn on 11, where its baseline has it on 10), differs from its
baseline in some 50 to 180 pixels where nothing changed. The page moved by as much, a chart lands on its
baseline's pixels over what the page draws beneath it, and is drawn to its baseline's very pixels, unless it
changed."""
from __future__ import annotations

from typing import Sequence

from PIL import Image

from .browser import Browser
from .compare import Box, drawn_box, rgb_image, within

# Moves the whole page right and down by as many pixels, as a relative place moves it (laid out, not drawn
# shifted as a transform would: an edge at 10.5 lands on 11, as it was), keeping the root's own `style` to
# put back; then the layout rectangles, in document pixels (the page is scrolled to 0, 0), of the images
# given by their index among the page's images and their URL, null for one the page no longer shows so.
_MOVE_JS = """
const [right, down, images] = arguments, root = document.documentElement;
if (!('__shotsStyle' in window)) window.__shotsStyle = root.getAttribute('style');
root.style.setProperty('position', 'relative', 'important');
root.style.setProperty('left', `${right}px`, 'important');
root.style.setProperty('top', `${down}px`, 'important');
return images.map(([index, src]) => {
  const img = document.images[index];
  if (!img || (img.currentSrc || img.src) !== src) return null;
  const r = img.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY];
});
"""

_PUT_BACK_JS = """
const style = window.__shotsStyle, root = document.documentElement;
if (style === null) root.removeAttribute('style'); else if (style !== undefined) root.setAttribute('style', style);
delete window.__shotsStyle;
"""


def drawn_at_baseline_places(browser: Browser, charts: Sequence[tuple[int, str, Box, Box]],
                             mask: Sequence[str] = ()) -> dict[int, Image.Image]:
    """Each chart given (its number among the page's images, its URL, the pixels it is drawn on and those its
    baseline shows it on) drawn again on its baseline's pixels, the page moved by the difference and shot as
    the check shoots it (`mask` painted over), then put back: the pixels of each, by its number. One that did
    not land there (placed otherwise once the page moved, or no longer shown) or whose place is not wholly in
    the shot (`within` it, as the comparison sets an area beside its baseline) is left out, and so is every
    one where `browser` fails; each is then compared as shot."""
    by_move: dict[tuple[int, int], list[tuple[int, str, Box]]] = {}
    for number, src, box, place in charts:
        by_move.setdefault((place[0] - box[0], place[1] - box[1]), []).append((number, src, place))
    drawn: dict[int, Image.Image] = {}
    try:
        try:
            for (right, down), moved in by_move.items():
                rects = browser.driver.execute_script(_MOVE_JS, right, down,
                                                      [[number - 1, src] for number, src, _ in moved])
                shot = rgb_image(browser.masked(browser.screenshot(), mask)[0])
                drawn.update((number, shot.crop(place)) for (number, _, place), rect in zip(moved, rects)
                             if rect and drawn_box(rect) == place and within(place, shot.size) == place)
        finally:  # the page put back where one of those calls failed too, while the driver answers
            if by_move:
                browser.driver.execute_script(_PUT_BACK_JS)
    except Exception:  # a WebDriver error: each chart is compared as shot, where the page shows it
        return {}
    return drawn
