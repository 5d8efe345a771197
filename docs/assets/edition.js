/* The annotated edition's page script: the "original readings" switch. */
(function () {
  "use strict";

  var STORE = "edition.showOriginal";
  var edited = new WeakMap(); // mark → the edition's reading (its HTML, with any nested links)

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
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
  }

  function remembered() {
    try {
      return window.localStorage.getItem(STORE) === "1";
    } catch (e) {
      return false;
    }
  }

  function remember(on) {
    try {
      window.localStorage.setItem(STORE, on ? "1" : "0");
    } catch (e) {
      /* private mode: the switch still works on this page */
    }
  }

  function setup() {
    var content = document.querySelector(".md-content__inner");
    if (!content) return;
    var marks = content.querySelectorAll(".ed-change");
    if (!marks.length || content.querySelector(".original-toggle")) return;
    var label = document.createElement("label");
    label.className = "original-toggle";
    label.title = uiText("scripts.original_toggle_title");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", function () {
      showOriginal(box.checked);
      remember(box.checked);
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + uiText("scripts.original_toggle").replace("{n}", marks.length)));
    var title = content.querySelector("h1");
    if (title) {
      title.after(label);
    } else {
      content.prepend(label);
    }
    if (remembered()) {
      box.checked = true;
      showOriginal(true);
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
