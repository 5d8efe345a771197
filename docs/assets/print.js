/* Print-only additions, made once when a page loads (hidden on screen by print.css):
 * - a glossary term's full name after its first use on the page (`.term-expansion`),
 *   unless the page already carries expansions from the build;
 * - editorial changes as numbered notes at the end of the page (`.ed-change[data-before]`),
 *   unless the page's own notes already list every change (`.editorial-notes .ed-note-ref`);
 * - a table's first row of header cells as its head (repeated on every printed page).
 * In the whole-text PDF each division (`.print-division`) is a page of its own.
 */
(function () {
  "use strict";

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
  }

  function scopes() {
    var divisions = document.querySelectorAll(".print-division");
    if (divisions.length) return Array.prototype.slice.call(divisions);
    var article = document.querySelector("article.md-content__inner");
    return article ? [article] : [];
  }

  function expansionOf(link) {
    // title = "kk name (ru name; en name)"; a Russian page prefers the Russian name.
    var title = link.getAttribute("title") || "";
    var m = title.match(/^(.*?)\s*\((.*)\)\s*$/);
    var kk = m ? m[1] : title;
    var others = m ? m[2].split(";").map(function (s) { return s.trim(); }) : [];
    var ru = link.closest("[lang]") && link.closest("[lang]").getAttribute("lang") === "ru";
    return ru && others.length ? others[0] : kk;
  }

  function expandTerms(scope) {
    var seen = {};
    scope.querySelectorAll("a.term[data-term]").forEach(function (link) {
      var id = link.getAttribute("data-term");
      if (seen[id]) return;
      seen[id] = true;
      var name = expansionOf(link);
      if (!name || link.textContent.indexOf(name) !== -1) return; // already spelled out
      var span = document.createElement("span");
      span.className = "term-expansion";
      span.textContent = " (" + name + ")";
      link.after(span);
    });
  }

  function noteChanges(scope) {
    var items = [];
    scope.querySelectorAll(".ed-change[data-before]").forEach(function (change) {
      if (!change.getAttribute("data-before").trim()) return; // whitespace only: counted, not noted
      var n = items.length + 1;
      var ref = document.createElement("sup");
      ref.className = "print-note-ref print-only";
      ref.textContent = String(n);
      change.after(ref);
      var para = change.closest("[id^=p]");
      var li = document.createElement("li");
      li.textContent = (para ? "¶ " + para.id.slice(1) + ". " : "") + (change.getAttribute("title") || "");
      items.push(li);
    });
    if (!items.length) return;
    var section = document.createElement("section");
    section.className = "print-notes";
    var heading = document.createElement("p"); // not a heading: kept out of the PDF outline
    heading.className = "print-notes-title";
    heading.textContent = uiText("scripts.print_changes");
    var list = document.createElement("ol");
    items.forEach(function (li) { list.appendChild(li); });
    section.appendChild(heading);
    section.appendChild(list);
    scope.appendChild(section);
  }

  function tableHeads() {
    // A first row of header cells becomes the table's head, which print repeats on every page.
    document.querySelectorAll(".para-table table").forEach(function (table) {
      if (table.tHead) return;
      var first = table.rows[0];
      if (!first || first.querySelector("td")) return;
      var head = table.createTHead();
      head.appendChild(first);
    });
  }

  function run() {
    tableHeads();
    var expandedByBuild = !!document.querySelector(".term-expansion");
    // The build's own notes list every change with its paragraph: then nothing is added here.
    var notedByBuild = !!document.querySelector(".editorial-notes .ed-note-ref");
    scopes().forEach(function (scope) {
      if (!expandedByBuild) expandTerms(scope);
      if (!notedByBuild) noteChanges(scope);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
