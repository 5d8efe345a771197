/* The annotated edition's page script: the reader's two switches above the text.
 *
 * - "Show all marks" (body.show-marks): every glossary term occurrence, commented passage
 *   and editorial change is visibly marked (docs/assets/marks.css); the quiet marks become
 *   focusable so that their tooltips open on keyboard focus and on tap.
 * - "Original readings" (body.show-original): every changed reading shows the source's.
 *
 * Both choices are remembered (localStorage) from page to page.  Without JavaScript
 * neither switch exists and the text is read in its calm default view. */
(function () {
  "use strict";

  var STORE_ORIGINAL = "edition.showOriginal";
  var STORE_MARKS = "edition.showMarks";
  var QUIET = ".md-typeset span.term[data-term], .md-typeset .ed-change"; // focusable only when shown
  var edited = new WeakMap(); // mark → the edition's reading (its HTML, with any nested links)

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
  }

  function remembered(store) {
    try {
      return window.localStorage.getItem(store) === "1";
    } catch (e) {
      return false;
    }
  }

  function remember(store, on) {
    try {
      window.localStorage.setItem(store, on ? "1" : "0");
    } catch (e) {
      /* private mode: the switch still works on this page */
    }
  }

  /* A mark takes keyboard focus only while it can be seen: no invisible tab stops. */
  function updateFocusable() {
    var body = document.body;
    var marks = body.classList.contains("show-marks");
    var changes = marks || body.classList.contains("show-original");
    document.querySelectorAll(QUIET).forEach(function (el) {
      var on = el.classList.contains("ed-change") ? changes : marks;
      if (on) {
        el.setAttribute("tabindex", "0");
      } else {
        el.removeAttribute("tabindex");
      }
    });
  }

  function showOriginal(on) {
    document.body.classList.toggle("show-original", on);
    document.querySelectorAll(".md-typeset .ed-change").forEach(function (el) {
      if (on) {
        if (!edited.has(el)) edited.set(el, el.innerHTML);
        el.textContent = el.getAttribute("data-before");
      } else if (edited.has(el)) {
        el.innerHTML = edited.get(el);
        edited.delete(el);
      }
    });
    updateFocusable();
  }

  function showMarks(on) {
    document.body.classList.toggle("show-marks", on);
    updateFocusable();
  }

  function toggle(className, text, title, checked, onChange) {
    var label = document.createElement("label");
    label.className = className;
    label.title = title;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text));
    return label;
  }

  function setup() {
    var content = document.querySelector(".md-content__inner");
    if (!content || content.querySelector(".reading-switches")) return;
    var changes = content.querySelectorAll(".ed-change");
    var marks = content.querySelectorAll("[data-term], a.cm-marker, .ed-change");
    if (!marks.length) return;
    var bar = document.createElement("div");
    bar.className = "reading-switches";
    bar.setAttribute("lang", "kk");
    var marksOn = remembered(STORE_MARKS);
    bar.appendChild(toggle("marks-toggle", uiText("scripts.marks_toggle"), uiText("scripts.marks_toggle_title"),
      marksOn, function (on) { showMarks(on); remember(STORE_MARKS, on); }));
    var originalOn = false;
    if (changes.length) {
      originalOn = remembered(STORE_ORIGINAL);
      bar.appendChild(toggle("original-toggle",
        uiText("scripts.original_toggle").replace("{n}", changes.length), uiText("scripts.original_toggle_title"),
        originalOn, function (on) { showOriginal(on); remember(STORE_ORIGINAL, on); }));
    }
    var title = content.querySelector("h1");
    if (title) {
      title.after(bar);
    } else {
      content.prepend(bar);
    }
    // the "English" switch (english.js), if it came first, joins the others
    var english = content.querySelector(".english-toggle");
    if (english) bar.appendChild(english);
    showMarks(marksOn);
    if (originalOn) showOriginal(true);
  }

  /* The remembered view is applied at once (the script runs at the end of the body),
   * so that the page does not first appear in the other view. */
  if (document.body && remembered(STORE_MARKS)) document.body.classList.add("show-marks");

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
