/*
 * Django's autocomplete boxes (select2) name themselves by their current value only, so an
 * empty one (no personal deputy yet) has no accessible name. Name each by its field's label,
 * or in a roster table by its column's header, followed by the value; and the roster table's
 * other inputs by their column's header, and its first column's empty header.
 */
(function () {
  "use strict";

  var rowLabel = document.currentScript && document.currentScript.dataset.rowLabel;

  function nameOf(control) {
    var label = control.id && document.querySelector('label[for="' + control.id + '"]');
    if (label) return label;
    var cell = control.closest("td");
    if (!cell) return null;
    var field = Array.prototype.find.call(cell.classList, function (c) {
      return c.indexOf("field-") === 0;
    });
    var table = cell.closest("table");
    if (!table) return null;
    if (cell.classList.contains("delete")) return table.querySelector("thead th:last-child");
    return field && table.querySelector("th.column-" + field.slice(6));
  }

  function headerId(name, control) {
    if (!name.id) name.id = "label-" + (control.id || control.name);
    return name.id;
  }

  function label(root) {
    // The roster table's first column (each row's title) has an empty header.
    root.querySelectorAll(".tabular thead th.original:empty").forEach(function (header) {
      if (!rowLabel) return;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = rowLabel;
      header.appendChild(text);
    });
    // A roster table's inputs have no <label> of their own: their column's header names them.
    root.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea").forEach(
      function (control) {
        if (control.type === "hidden" || control.labels.length) return;
        if (control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby")) return;
        var name = nameOf(control);
        if (name) control.setAttribute("aria-labelledby", headerId(name, control));
      }
    );
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentElement.querySelector(".select2-selection[role=combobox]");
      var name = nameOf(select);
      if (!box || !name) return;
      headerId(name, select);
      var rendered = box.querySelector(".select2-selection__rendered");
      box.setAttribute("aria-labelledby", name.id + (rendered && rendered.id ? " " + rendered.id : ""));
      // select2 gives the value's box a textbox role of its own: it needs the name too.
      if (rendered) rendered.setAttribute("aria-labelledby", name.id);
    });
  }

  // The admin starts select2 from jQuery's ready handlers, whose moment relative to this
  // script is not fixed, and again for each added inline row: label whatever boxes appear.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; label(document); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  // And at once when the page is parsed, not only after a change: the page is named before
  // its load event, whatever the admin's own scripts then do.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { label(document); });
  } else {
    label(document);
  }
})();
