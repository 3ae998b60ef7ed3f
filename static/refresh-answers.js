// How a refreshing dashboard (static/refresh.js) waits for the site's answers and reads its refusals: a poll of
// versions.json or a chart's new image not answered within ANSWER_SECONDS (a site that holds its connections
// without answering) is given up, the site answering its own slow questions with a 503 before then; a refusal of
// versions.json is read as its error's words, or its status, and the wait its Retry-After asks; and why a chart's
// new image was not drawn (a 503's own words, no image a browser draws) or a poll or an image was not answered, in
// the words of the line beside a chart. The page loads it first, as window.refreshAnswers.
(function () {
  "use strict";

  // How long a poll or a new image may take before it is given up.
  var ANSWER_SECONDS = 60;
  // The longest wait a Retry-After is followed for, so that the charts are not left out of date long after the
  // site is back.
  var RETRY_AFTER_SECONDS = 3600;

  // Why an image answered 503 (`svg`, the image saying so) cannot be drawn now: its title's words after
  // its status ("503 Service Unavailable: "). No answer of versions.json knows them: it said the chart
  // can be drawn, and every render worker busy is found only as the image is drawn (a source gone down
  // since is said by the next answer, in its own words).
  function whyNotDrawn(svg) {
    var title = new DOMParser().parseFromString(svg, "image/svg+xml").querySelector("title");
    return title ? title.textContent.replace(/^503 [^:]*: /, "") : "";
  }

  // Why a new image the site answered (`response`, not a 503) cannot be drawn: its status and type, which
  // an <img> draws nothing of but an SVG served as image/svg+xml (a 200 of text/plain, a body that is no SVG).
  function whyNoImage(response) {
    var type = response.headers.get("Content-Type") || "no content type";
    return "the site answered its image with no image a browser can draw (" + response.status + ", " + type + ")";
  }

  // Why a request of versions.json or of a new image was not answered (`error`, its fetch's rejection): given
  // up (an AbortError) as not sent within `seconds`, or the site not reached (offline, restarting).
  function whyUnanswered(error, seconds) {
    return error && error.name === "AbortError" ? "the site did not answer within " + seconds + " seconds"
      : "the site cannot be reached";
  }

  // The answers of a page on `clock` (static/refresh-clock.js).
  function siteAnswers(clock) {
    // `ask(signal)`, a fetch and the reading of its answer, given up (its fetch rejected with an
    // AbortError) where not done within ANSWER_SECONDS, or sooner where `asked` is aborted (a pause).
    // Given up as the machine wakes (`clock.after` tells), `asked.slept` is set: the site was not waited
    // for that long.
    function answeredWithin(asked, ask) {
      var limit = clock.after(ANSWER_SECONDS, function (slept) {
        asked.slept = slept;
        asked.abort();
      });
      return ask(asked.signal).finally(function () { clock.cancel(limit); });
    }

    // A refusal of versions.json, in its words, and the seconds its Retry-After asks to wait (0: none).
    function Refused(message, retryAfter) {
      this.message = message;
      this.retryAfter = retryAfter;
    }

    // Raise the refusal `response` (not ok) gives: its error's words, or its status.
    function refusal(response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        var status = "the site answered " + response.status + (response.statusText ? " " + response.statusText : "");
        throw new Refused(body && typeof body.error === "string" ? body.error : status, retryAfter(response));
      });
    }

    // The seconds `response`'s Retry-After asks to wait, up to RETRY_AFTER_SECONDS (0: none).
    function retryAfter(response) {
      return clock.retryAfter(response, RETRY_AFTER_SECONDS);
    }

    return { seconds: ANSWER_SECONDS, answeredWithin: answeredWithin, Refused: Refused, refusal: refusal,
             retryAfter: retryAfter, whyNotDrawn: whyNotDrawn, whyNoImage: whyNoImage, whyUnanswered: whyUnanswered };
  }

  window.refreshAnswers = siteAnswers;
})();
