/* The browser's own print of a page: a table's first row of header cells becomes its head,
 * which print repeats on every printed page. (The edition's PDFs are laid out apart, by
 * build_tools/publish/pdf.py; the text is printed as edited: no expansions, no brackets.)
 */
(function () {
  "use strict";

  function tableHeads() {
    document.querySelectorAll(".para-table table").forEach(function (table) {
      if (table.tHead) return;
      var first = table.rows[0];
      if (!first || first.querySelector("td")) return;
      var head = table.createTHead();
      head.appendChild(first);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", tableHeads);
  } else {
    tableHeads();
  }
})();
