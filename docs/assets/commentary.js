/* Commentary notes: a numbered marker opens its note in a popover on click or focus.
 * Without JavaScript (and in print) the marker is a link to the note in the page's
 * notes section, which has a back-link to the passage. */
(function () {
  "use strict";

  var popover = null;
  var current = null;
  var returning = false;

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
  }

  function hide(returnFocus) {
    if (!popover || popover.hidden) return;
    popover.hidden = true;
    if (current) {
      current.setAttribute("aria-expanded", "false");
      if (returnFocus) {
        returning = true; // focus goes back to the marker without opening the note again
        current.focus();
        returning = false;
      }
    }
    current = null;
  }

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = document.createElement("div");
    popover.className = "cm-popover md-typeset";
    popover.id = "cm-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("lang", "kk");
    popover.hidden = true;
    popover.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide(true);
    });
    popover.addEventListener("focusout", function (event) {
      if (!popover.contains(event.relatedTarget) && event.relatedTarget !== current) hide(false);
    });
    document.body.appendChild(popover);
    return popover;
  }

  /* Put the popover next to its marker, wholly inside the viewport: below the marker if
   * it fits there, else above, else on the roomier side with its height limited (it
   * scrolls); never past the right or left edge. */
  function place(box, marker) {
    var margin = 8;
    var gap = 6;
    var viewWidth = document.documentElement.clientWidth;
    var viewHeight = document.documentElement.clientHeight;
    var header = document.querySelector(".md-header");
    var topEdge = Math.max(0, header ? header.getBoundingClientRect().bottom : 0) + margin;
    var rect = marker.getBoundingClientRect();
    if (rect.bottom < topEdge || rect.top > viewHeight) { // out of sight (never under a click)
      marker.scrollIntoView({ block: "center" });
      rect = marker.getBoundingClientRect();
    }
    var width = Math.min(420, viewWidth - 2 * margin);
    var left = Math.max(margin, Math.min(rect.left - 20, viewWidth - width - margin));
    box.style.width = width + "px";
    box.style.maxHeight = "";
    box.style.left = (left + window.scrollX) + "px";
    var below = viewHeight - rect.bottom - gap - margin;
    var above = rect.top - gap - topEdge;
    var height = box.offsetHeight;
    var top;
    if (height <= below) {
      top = rect.bottom + gap;
    } else if (height <= above) {
      top = rect.top - gap - height;
    } else if (below >= above) {
      box.style.maxHeight = Math.max(below, 0) + "px";
      top = rect.bottom + gap;
    } else {
      box.style.maxHeight = Math.max(above, 0) + "px";
      top = rect.top - gap - box.offsetHeight;
    }
    box.style.top = (top + window.scrollY) + "px";
  }

  function show(marker) {
    var n = marker.getAttribute("data-note");
    var item = document.getElementById("cm-" + n);
    if (!item) return;
    var box = ensurePopover();
    if (current && current !== marker) current.setAttribute("aria-expanded", "false");
    box.innerHTML = "";
    var head = document.createElement("div");
    head.className = "cm-popover-head";
    var title = document.createElement("a");
    title.href = "#cm-" + n;
    title.textContent = uiText("notes.marker_label").replace("{n}", n);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "cm-popover-close";
    close.setAttribute("aria-label", uiText("notes.popover_close"));
    close.textContent = "×";
    close.addEventListener("click", function () { hide(true); });
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    var body = item.querySelector(".cm-body");
    if (body) box.appendChild(body.cloneNode(true));
    box.setAttribute("aria-label", uiText("notes.marker_label").replace("{n}", n));
    box.hidden = false;
    place(box, marker);
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", "cm-popover");
    current = marker;
  }

  function setup() {
    var markers = document.querySelectorAll("a.cm-marker");
    markers.forEach(function (marker) {
      if (marker.dataset.cmReady) return;
      marker.dataset.cmReady = "1";
      marker.setAttribute("aria-haspopup", "dialog");
      marker.setAttribute("aria-expanded", "false");
      marker.addEventListener("click", function (event) {
        event.preventDefault();
        show(marker);
        if (event.detail === 0 && popover) {
          // opened from the keyboard (Enter): move into the note so its links can be reached
          var first = popover.querySelector("a, button");
          if (first) first.focus();
        }
      });
      marker.addEventListener("focus", function () { if (!returning) show(marker); });
      marker.addEventListener("blur", function (event) {
        if (!popover || !popover.contains(event.relatedTarget)) hide(false);
      });
      marker.addEventListener("keydown", function (event) {
        if (event.key === "Escape") hide(true);
      });
    });
  }

  document.addEventListener("click", function (event) {
    if (!popover || popover.hidden) return;
    if (popover.contains(event.target) || (event.target.closest && event.target.closest("a.cm-marker"))) return;
    hide(false);
  });

  window.addEventListener("resize", function () {
    if (popover && !popover.hidden && current) place(popover, current);
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { hide(false); setup(); });
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
