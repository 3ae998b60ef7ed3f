// How a refreshing dashboard (static/refresh.js) waits for the site's answers and reads its refusals: a poll of
// versions.json or a chart's new image not answered within ANSWER_SECONDS (a site that holds its connections
// without answering) is given up, the site answering its own slow questions with a 503 before then; a refusal of
// versions.json is read as its error's words, or its status, and the wait its Retry-After asks. The page loads it
// first, as window.refreshAnswers.
(function () {
  "use strict";

  // How long a poll or a new image may take before it is given up.
  var ANSWER_SECONDS = 60;
  // The longest wait a Retry-After is followed for, so that the charts are not left out of date long after the
  // site is back.
  var RETRY_AFTER_SECONDS = 3600;

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
             retryAfter: retryAfter };
  }

  window.refreshAnswers = siteAnswers;
})();
