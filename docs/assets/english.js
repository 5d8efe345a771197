/* The reader's "English" switch: the English versions of editorial prose.
 *
 * Each English version is a closed <details class="en-version" lang="en">
 * (render/base.py english_version), so without this script a reader opens them
 * one by one. The switch at the top of a page that has any opens or closes all
 * of them at once, and is remembered from page to page (localStorage). */
(function () {
  "use strict";

  var STORE = "edition.showEnglish";

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
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

  function showEnglish(content, on) {
    document.body.classList.toggle("show-english", on);
    content.querySelectorAll("details.en-version").forEach(function (el) {
      el.open = on;
    });
  }

  function setup() {
    var content = document.querySelector(".md-content__inner");
    if (!content) return;
    if (!content.querySelector("details.en-version")) {
      document.body.classList.remove("show-english");
      return;
    }
    if (content.querySelector(".english-toggle")) return;
    var label = document.createElement("label");
    label.className = "english-toggle";
    label.title = uiText("english.toggle_title");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", function () {
      showEnglish(content, box.checked);
      remember(box.checked);
    });
    var text = document.createElement("span");
    text.lang = "en";
    text.textContent = uiText("english.toggle");
    label.appendChild(box);
    label.appendChild(text);
    // beside the reader's other switches (edition.js), or under the title
    var bar = content.querySelector(".reading-switches");
    var after = content.querySelector(".original-toggle") || content.querySelector("h1");
    if (bar) {
      bar.appendChild(label);
    } else if (after) {
      after.after(label);
    } else {
      content.prepend(label);
    }
    box.checked = remembered();
    showEnglish(content, box.checked);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
