// The widget manager typesets widget labels through the MathJax 2 API (MathJax.Hub.Queue);
// the site serves MathJax 3, so route those calls to MathJax 3's typesetting.
(function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub || !mj.startup) {
    return;
  }
  mj.Hub = {
    Queue: function () {
      var elements = [];
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          elements.push(job[2]);
        }
      }
      if (elements.length) {
        mj.startup.promise.then(function () { return mj.typesetPromise(elements); });
      }
    },
  };
})();

// Accessible names for the frozen widgets: ipywidgets labels a slider with a separate <label>
// that the slider's handle (role="slider") does not refer to, and a widget's stored figure is an
// <img> without alt text. Name each handle after its widget's description, and describe each
// figure by the controls it was drawn for, in the page's language.
(function () {
  var words = document.documentElement.lang === "ru"
    ? { figure: "Рисунок виджета при ", none: "Рисунок виджета" }
    : { figure: "The widget's figure for ", none: "The widget's figure" };

  function labelOf(control) {
    var label = control.querySelector(".widget-label");
    return label ? label.textContent.trim() : "";
  }

  function settings(widget) {
    var parts = [];
    widget.querySelectorAll(".widget-slider, .widget-dropdown").forEach(function (control) {
      var name = labelOf(control);
      var readout = control.querySelector(".widget-readout");
      var select = control.querySelector("select");
      var value = readout ? readout.textContent.trim() : select ? select.value : "";
      if (name && value) {
        parts.push(name + " = " + value);
      }
    });
    return parts.join(", ");
  }

  function fix(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var name = labelOf(slider);
      slider.querySelectorAll('[role="slider"]').forEach(function (handle) {
        if (name && !handle.hasAttribute("aria-label")) {
          handle.setAttribute("aria-label", name);
        }
      });
    });
    root.querySelectorAll(".widget-subarea img:not([alt])").forEach(function (img) {
      var widget = img.closest(".widget-subarea > .jupyter-widgets") || img.closest(".widget-subarea");
      var described = widget ? settings(widget) : "";
      img.setAttribute("alt", described ? words.figure + described : words.none);
    });
  }

  function watch() {
    fix(document);
    new MutationObserver(function () { fix(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
