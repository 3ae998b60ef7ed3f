// A dashboard's range and filter form, and a chart page's form, when the Back button brings the page
// back from the browser's back/forward cache: the page comes back as it was left, its form holding
// what was typed and sent from it, over the charts drawn without that. Reset, the form shows what
// the page draws again. (autocomplete="off" on the forms keeps a page loaded anew from taking the
// old values back.) The upload and append forms (sent by POST) are reset so only once sent from the
// page: the dataset just created or the rows just added are not there to be sent again, with the write
// token, while what was typed and not sent, the page left by a link, is kept.
// And the page of the upload or append form's refusal (its form marked `data-refused`), the answer to the
// form sent: its entry in the browser's history is made the form's page, as a link opens it, so that
// Reload, Back and Forward load the form anew rather than send it again (the browser's "Confirm Form
// Resubmission", then a dataset created or rows added by a refused form sent again). The refusal shown
// keeps what was typed; a page loaded anew holds the form as a visit does.
(function () {
  "use strict";
  if (document.querySelector("form[data-refused]") && window.history && history.replaceState) {
    history.replaceState(history.state, "", location.href);
  }
  var sent = [];  // the POST forms sent from this page since it was shown
  document.addEventListener("submit", function (event) {
    if (event.target.method === "post") sent.push(event.target);
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.rows-form, form.spec-form").forEach(function (form) {
      if (form.method !== "post" || sent.indexOf(form) >= 0) form.reset();
    });
    sent = [];
  });
})();
