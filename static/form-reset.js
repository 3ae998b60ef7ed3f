// A dashboard's range and filter form, and a chart page's form, when the Back button brings the page
// back from the browser's back/forward cache: the page comes back as it was left, its form holding
// what was typed and sent from it, over the charts drawn without that. Reset, the form shows what
// the page draws again. (autocomplete="off" on the forms keeps a page loaded anew from taking the
// old values back.)
(function () {
  "use strict";
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.rows-form, form.spec-form").forEach(function (form) { form.reset(); });
  });
})();
