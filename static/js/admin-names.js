// Names for the admin's script-built widgets (WCAG 4.1.2), loaded with `defer` on every admin
// page (templates/admin/base_site.html), so it runs after the widgets' own scripts.
// - select2 (autocomplete_fields) draws a combobox named only by its rendered value, empty until
//   something is chosen: name it by the field's <label> and its value.
// - filter_horizontal's search icons carry an aria-label that a plain <span> may not have: make
//   them images, so that label still names the filter box.
(function () {
  "use strict";
  var counter = 0;

  function labelId(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label-" + counter++;
    return label.id;
  }

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      var id = labelId(select);
      if (!id) return;
      container.querySelectorAll(".select2-selection").forEach(function (selection) {
        var rendered = selection.querySelector(".select2-selection__rendered[id]");
        var names = rendered ? id + " " + rendered.id : id;
        selection.setAttribute("aria-labelledby", names);
        if (rendered) rendered.setAttribute("aria-labelledby", names);
      });
    });
  }

  function nameSearchIcons() {
    document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  if (window.django && window.django.jQuery) {
    // After autocomplete.js's own ready handler and formset:added listener.
    window.django.jQuery(function () { nameComboboxes(document); });
  }
  document.addEventListener("formset:added", function (event) { nameComboboxes(event.target); });
  // SelectFilter2.js builds its boxes on the window's load event; this listener comes after.
  window.addEventListener("load", nameSearchIcons);
})();
