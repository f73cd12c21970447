/* Small progressive enhancements for the dashboard; every page works without them. */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var copy = e.target.closest("[data-copy]");
    if (copy) {
      var input = document.querySelector(copy.getAttribute("data-copy"));
      if (!input) return;
      input.select();
      var done = function () {
        var label = copy.textContent;
        copy.textContent = "Copied";
        copy.classList.add("copied");
        setTimeout(function () { copy.textContent = label; copy.classList.remove("copied"); }, 1600);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
      return;
    }
    var bulk = e.target.closest("[data-confirm-delete]");
    if (bulk && bulk.form && bulk.form.elements.action.value === "delete" && !window.confirm(bulk.getAttribute("data-confirm-delete"))) {
      e.preventDefault();
      return;
    }
    var confirmer = e.target.closest("[data-confirm]");
    if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
    if (e.target.matches("[data-check-all]")) {
      var form = e.target.form;
      form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = e.target.checked; });
    }
    if (e.target.form && e.target.form.id === "bulk-form") {
      var n = e.target.form.querySelectorAll('input[name="ids"]:checked').length;
      var label = e.target.form.querySelector("[data-selected-count]");
      if (label) label.textContent = n ? n + " ticked" : "Ticked rows";
    }
  });
})();
