/* The annotated edition's page script: the "original readings" switch. */
(function () {
  "use strict";

  function showOriginal(on) {
    document.body.classList.toggle("show-original", on);
    document.querySelectorAll(".ed-change").forEach(function (el) {
      if (!el.hasAttribute("data-after")) {
        el.setAttribute("data-after", el.textContent);
      }
      el.textContent = on ? el.getAttribute("data-before") : el.getAttribute("data-after");
    });
  }

  function setup() {
    var content = document.querySelector(".md-content__inner");
    if (!content || !content.querySelector(".ed-change")) return;
    if (content.querySelector(".original-toggle")) return;
    var label = document.createElement("label");
    label.className = "original-toggle";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", function () { showOriginal(box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Түпнұсқа оқылуларын көрсету"));
    var title = content.querySelector("h1");
    (title || content.firstChild).after(label);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
