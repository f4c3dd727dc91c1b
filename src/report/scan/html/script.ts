/**
 * The report's only script, inlined: filters the findings table by severity, fixability,
 * package type and free text, and lets a click on a chart bar show one severity. It reads
 * `data-*` attributes the server-side rendering escaped; it never builds HTML from data.
 */
export const reportScript = `
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings-table tbody tr"));
  var shown = document.getElementById("shown-count");
  var none = document.getElementById("no-match");
  function apply() {
    var severities = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (box) {
      severities[box.value] = box.checked;
    });
    var fixableOnly = form.elements.namedItem("fixable").checked;
    var type = form.elements.namedItem("type").value;
    var query = form.elements.namedItem("q").value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var ok = severities[row.getAttribute("data-severity")] === true &&
        (!fixableOnly || row.getAttribute("data-fixable") === "1") &&
        (type === "" || row.getAttribute("data-type") === type) &&
        (query === "" || row.getAttribute("data-search").indexOf(query) !== -1);
      row.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = String(count);
    if (none) none.hidden = count !== 0;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  Array.prototype.forEach.call(document.querySelectorAll(".chart .bar"), function (bar) {
    bar.addEventListener("click", function () {
      var only = bar.getAttribute("data-severity");
      Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"), function (box) {
        box.checked = box.value === only;
      });
      apply();
      document.getElementById("findings").scrollIntoView({ behavior: "smooth" });
    });
  });
  apply();
})();
`;
