/* Citable paragraphs and pages: copy a paragraph's link; complete the page's ready citation. */
(function () {
  "use strict";

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
  }

  function pageUrl() {
    return window.location.href.split("#")[0];
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function status(message) {
    var box = document.querySelector(".pnum-status");
    if (!box) {
      box = document.createElement("div");
      box.className = "pnum-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(status.timer);
    status.timer = setTimeout(function () { box.hidden = true; }, 2500);
  }

  function onPnumClick(event) {
    var link = event.target.closest("a.pnum");
    if (!link) return;
    var url = pageUrl() + link.getAttribute("href");
    link.setAttribute("data-copied-url", url);
    copyText(url).then(function () {
      link.classList.add("copied");
      setTimeout(function () { link.classList.remove("copied"); }, 2500);
      status(uiText("scripts.paragraph_link_copied").replace("{n}", link.getAttribute("data-n")));
    }, function () {
      status(url);
    });
  }

  function today() {
    var d = new Date();
    var dd = String(d.getDate()).padStart(2, "0");
    var mm = String(d.getMonth() + 1).padStart(2, "0");
    return { gost: dd + "." + mm + "." + d.getFullYear(), iso: d.getFullYear() + "-" + mm + "-" + dd };
  }

  function completeCitations() {
    var date = today();
    document.querySelectorAll("details.cite-page").forEach(function (block) {
      if (block.getAttribute("data-completed")) return;
      block.setAttribute("data-completed", "1");
      block.querySelectorAll(".cite-gost, .cite-bibtex code").forEach(function (el) {
        el.textContent = el.textContent
          .replace(uiText("cite_this.url_placeholder"), pageUrl())
          .replace("__.__.____", date.gost)
          .replace("____-__-__", date.iso);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cite-copy md-button";
        button.textContent = uiText("scripts.copy");
        button.addEventListener("click", function () {
          copyText(el.textContent).then(function () { status(uiText("scripts.copied")); });
        });
        var label = el.closest("pre") ? el.closest("pre").previousElementSibling : el.previousElementSibling;
        if (label) label.appendChild(button);
      });
    });
  }

  /* A table wider than its column scrolls in Material's box (.md-typeset__scrollwrap). Such a
   * box is made focusable, so a keyboard can scroll it, and named as a region (by the table's
   * caption); a box whose table fits is left alone. Checked again when the width changes. */
  function markScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var marked = box.getAttribute("data-scrolls") === "1";
      if (scrolls && !marked) {
        var caption = box.querySelector("caption");
        box.setAttribute("data-scrolls", "1");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (caption && caption.textContent.trim()) || uiText("scripts.table_scroll"));
      } else if (!scrolls && marked) {
        ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }

  var resizeTimer;
  function onResize() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollingTables, 150);
  }

  function setup() {
    completeCitations();
    markScrollingTables();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(markScrollingTables);
  }

  window.addEventListener("resize", onResize);

  document.addEventListener("click", onPnumClick);
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
