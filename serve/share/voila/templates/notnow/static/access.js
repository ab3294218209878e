// notnow: what ipywidgets 8 cannot say for a screen reader or a keyboard, added to the page by class. No widget
// models and no kernel round trip (every widget costs page-load time); every text comes from the widgets' own
// labels, so it is in the language shown.
//
// - the step bar (.nn-nav) is a navigation, named by its own (visually hidden) label, the current step marked
//   with aria-current; the other toggle groups say which button is pressed (aria-pressed);
// - a slider's handle and its readout are named by the slider's label (noUiSlider gives them none);
// - radio buttons form one group (one Tab stop), named by the field's label; a scrolling table is reachable;
// - a chart's title (its text alternative, notnow.ui.charts.ChartImage) is its alt text as well;
// - a message beside a field or a row (.nn-error) describes that field's inputs (aria-describedby, aria-invalid);
// - when another step is shown, focus moves to its heading, so a keyboard or screen-reader user starts reading
//   the step, and reaches Next after its fields.
(function () {
  "use strict";

  var made = 0;
  var shownStep = new WeakMap(); // stepper element → the step key it showed last
  var pending = false;
  var UPDATE_MS = 80;

  function idOf(element) {
    if (!element.id) {
      made += 1;
      element.id = "nn-a11y-" + made;
    }
    return element.id;
  }

  function set(element, name, value) {
    // only real changes: our own attribute writes must not wake the observer for nothing
    if (value === null) {
      if (element.hasAttribute(name)) element.removeAttribute(name);
    } else if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function ownLabel(widget) {
    var label = widget.querySelector(":scope > .widget-label");
    return label && label.textContent.trim() ? label : null;
  }

  function toggleGroups(root) {
    root.querySelectorAll(".widget-toggle-buttons").forEach(function (group) {
      var isNav = group.classList.contains("nn-nav");
      var label = ownLabel(group);
      set(group, "role", isNav ? "navigation" : "group");
      set(group, "aria-labelledby", label ? idOf(label) : null);
      group.querySelectorAll("button").forEach(function (button) {
        var active = button.classList.contains("mod-active");
        if (isNav) set(button, "aria-current", active ? "step" : null);
        else set(button, "aria-pressed", active ? "true" : "false");
      });
    });
  }

  function sliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = ownLabel(slider);
      slider.querySelectorAll(".noUi-handle, .widget-readout").forEach(function (part) {
        set(part, "aria-labelledby", label ? idOf(label) : null);
      });
    });
  }

  function radioGroups(root) {
    // one group (one Tab stop, arrows move the choice), named by the field's label
    root.querySelectorAll(".widget-radio").forEach(function (widget) {
      var box = widget.querySelector(".widget-radio-box");
      if (!box) return;
      var label = ownLabel(widget);
      set(box, "role", "radiogroup");
      set(box, "aria-labelledby", label ? idOf(label) : null);
      box.querySelectorAll("input[type=radio]").forEach(function (radio) {
        set(radio, "name", idOf(box));
      });
    });
  }

  function scrollRegions(root) {
    // a box of our HTML that scrolls (a long table) must be reachable by keyboard to be scrolled
    root.querySelectorAll(".widget-html-content div[style*='overflow']").forEach(function (region) {
      var scrolls = region.scrollHeight > region.clientHeight || region.scrollWidth > region.clientWidth;
      var reachable = region.querySelector("a[href], button, input, select, textarea, [tabindex]");
      set(region, "tabindex", scrolls && !reachable ? "0" : null);
    });
  }

  function images(root) {
    // a chart's text alternative comes as its title (notnow.ui.charts.ChartImage); alt is what readers expect
    root.querySelectorAll("img.widget-image[title]").forEach(function (img) {
      set(img, "alt", img.getAttribute("title"));
    });
  }

  function isFieldBox(element) {
    if (!element) return false;
    for (var i = 0; i < element.classList.length; i++) {
      var name = element.classList[i];
      if (name === "nn-field" || /^nn-.+-row$/.test(name)) return true;
    }
    return false;
  }

  function messages(root) {
    root.querySelectorAll(".nn-error").forEach(function (message) {
      var box = message.parentElement;
      if (!isFieldBox(box)) return; // a table's own message is not about one field
      var shown = message.style.display !== "none" && message.textContent.trim() !== "";
      box.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (message.contains(input)) return;
        set(input, "aria-describedby", shown ? idOf(message) : null);
        set(input, "aria-invalid", shown ? "true" : null);
      });
    });
  }

  function stepKey(step) {
    for (var i = 0; i < step.classList.length; i++) {
      var match = /^nn-step-(.+)$/.exec(step.classList[i]);
      if (match) return match[1];
    }
    return null;
  }

  function focusOnNewStep(root) {
    root.querySelectorAll(".nn-stepper").forEach(function (stepper) {
      var heading = stepper.querySelector(".nn-intro h3");
      var step = heading && heading.closest(".nn-intro").parentElement;
      var key = step && stepKey(step);
      if (!key) return; // between two steps: the next batch of changes tells
      var before = shownStep.get(stepper);
      shownStep.set(stepper, key);
      if (before && before !== key) {
        set(heading, "tabindex", "-1");
        heading.focus({ preventScroll: false });
      }
    });
  }

  function update() {
    pending = false;
    var root = document.getElementById("rendered_cells") || document.body;
    toggleGroups(root);
    sliders(root);
    radioGroups(root);
    scrollRegions(root);
    images(root);
    messages(root);
    focusOnNewStep(root);
  }

  function schedule() {
    // at most one pass per UPDATE_MS: while the page loads, widgets change the DOM thousands of times
    if (pending) return;
    pending = true;
    window.setTimeout(update, UPDATE_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    new MutationObserver(schedule).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class", "style", "title"],
    });
    schedule();
  });
})();
