// A "Copy" button beside a read-only field, added only where the Clipboard API exists: without
// it (or without JavaScript) the field stays, and its text can be selected and copied by hand.
// <div data-copy="FIELD-ID" data-copy-label="Copy" data-copied="Copied." data-status="STATUS-ID">
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (box) {
    var field = document.getElementById(box.dataset.copy);
    var status = document.getElementById(box.dataset.status);
    if (!field) return;
    field.addEventListener("focus", function () { field.select(); });
    if (!navigator.clipboard || !window.isSecureContext) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary button-small";
    button.textContent = box.dataset.copyLabel;
    field.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = box.dataset.copied; },
        function () { field.focus(); }
      );
    });
  });
})();
