// The smaller image a phone asks for of each chart of a refreshing dashboard (app/views/phone_charts.py): the
// <source> of the chart's <picture>, which names the chart's image URL with the width and height a phone asks
// for, moved on with the chart's image as static/refresh-images.js gives it a new URL, so that a phone shows
// each new version drawn as wide as it shows it, as it showed the first. A chart that cannot be drawn shows its
// image saying why drawn as wide too, as a page opened then would. The page loads it first, as
// window.refreshSources.
(function () {
  "use strict";

  // The <source> of chart image `img`'s <picture>; none for an image the page gave no phone's image.
  function sourceOf(img) {
    var picture = img.parentElement;
    return picture && picture.tagName === "PICTURE" ? picture.querySelector("source") : null;
  }

  // The phone's image URL of the chart whose image URL is `src`, as the site writes it
  // (app/views/chart_versions.py): the chart's width and height first, then the rows asked for and `v`.
  function phoneSrc(source, src) {
    var size = "width=" + source.getAttribute("width") + "&height=" + source.getAttribute("height");
    var at = src.indexOf("?");
    return at < 0 ? src + "?" + size : src.slice(0, at + 1) + size + "&" + src.slice(at + 1);
  }

  // The URL `img` shows once given image URL `src`, of a chart drawn or of its image saying why it cannot be:
  // the phone's image where the screen is one its <source> is for.
  function shownSrc(img, src) {
    var source = sourceOf(img);
    return source && window.matchMedia(source.media).matches ? phoneSrc(source, src) : src;
  }

  // Give `img`'s <source> the phone's image of `src`, a chart drawn or its image saying why it cannot be, before
  // `img` is given `src`, so that the browser chooses between the two new ones.
  function follow(img, src) {
    var source = sourceOf(img);
    if (source) source.srcset = phoneSrc(source, src);
  }

  window.refreshSources = { shownSrc: shownSrc, follow: follow };
})();
