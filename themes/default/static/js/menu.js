/* guong – collapsible menu for small screens. No dependencies.
   Without this script the menu stays open (see .js rules in style.css). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  /* Wide tables and code blocks in an article scroll sideways on small
     screens; make such a box reachable with the keyboard. */
  function markScrollable() {
    var boxes = document.querySelectorAll(".prose table, .prose pre, .table-wrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scroll-focus", "");
        }
      } else if (box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }

  function init() {
    markScrollable();
    var resizeTimer;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(markScrollable, 150);
    });

    var toggle = document.querySelector(".menu-toggle");
    if (!toggle) { return; }
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!panel) { root.classList.remove("js"); return; }

    function setOpen(open, returnFocus) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
      if (!open && returnFocus) { toggle.focus(); }
    }

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true", false);
    });

    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") &&
          toggle.getAttribute("aria-expanded") === "true") {
        var inside = panel.contains(document.activeElement) || document.activeElement === toggle;
        setOpen(false, inside);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
