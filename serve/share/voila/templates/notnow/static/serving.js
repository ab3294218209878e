// notnow: when the page loses its kernel (it died, or the websocket dropped) say so at once, stop taking
// input and offer a reload. The texts come from data/ through the page config (notnow.serving).
(function () {
  "use strict";

  // A restarted kernel is a fresh one: none of the page's widgets live in it any more.
  var LOST = { restarting: true, autorestarting: true, dead: true, terminating: true };
  var state = "ok"; // "ok" | "offline" (the websocket dropped and may come back) | "dead" (only a reload helps)
  var leaving = false; // the page itself is closing or reloading: its own disconnect is no news

  function settings() {
    var element = document.getElementById("nn-serving-texts");
    try {
      var parsed = JSON.parse(element ? element.textContent : "");
      return parsed && parsed.texts ? parsed : null;
    } catch (error) {
      return null;
    }
  }

  function pageLanguage(config) {
    // The dashboard marks its current language (the user may have switched since the page loaded).
    var workbook = document.querySelector(".nn-workbook");
    var lang;
    if (workbook) {
      for (lang in config.texts) {
        if (workbook.classList.contains("nn-lang-" + lang)) return lang;
      }
    }
    var wanted = [new URLSearchParams(window.location.search).get("lang")].concat(
      navigator.languages || [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      lang = String(wanted[i] || "").split(/[-_]/)[0].toLowerCase();
      if (Object.prototype.hasOwnProperty.call(config.texts, lang)) return lang;
    }
    return config["default"];
  }

  function reloadTarget() {
    // In a workshop the personal link (?me=…) brings the participant back to their own cases.
    var link = document.querySelector(".nn-come-back a[href]");
    if (link) {
      try {
        var url = new URL(link.getAttribute("href"), window.location.href);
        if (url.origin === window.location.origin) return url.href;
      } catch (error) { /* not a usable link: reload this page */ }
    }
    return null;
  }

  function render() {
    var old = document.querySelector(".nn-lost-banner");
    if (old) old.remove();
    var cells = document.getElementById("rendered_cells");
    document.body.classList.toggle("nn-connection-lost", state !== "ok");
    if (cells) cells.inert = state !== "ok";
    if (state === "ok") return;

    var config = settings();
    var lang = config ? pageLanguage(config) : "en";
    var texts = config ? config.texts[lang] : {
      kernel_dead: "The workbook has stopped.", connection_lost: "The connection to the workbook has dropped.",
      unsaved: "Changes you make now are not kept.", reload: "Reload"};
    var banner = document.createElement("div");
    banner.className = "nn-lost-banner nn-lost-" + state;
    banner.setAttribute("role", "alert");
    banner.lang = lang;
    var title = document.createElement("strong");
    title.textContent = state === "dead" ? texts.kernel_dead : texts.connection_lost;
    var body = document.createElement("span");
    body.textContent = texts.unsaved;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nn-lost-reload";
    button.textContent = texts.reload;
    button.addEventListener("click", function () {
      var target = reloadTarget();
      if (target) window.location.assign(target);
      else window.location.reload();
    });
    banner.append(title, body, button);
    document.body.prepend(banner);
  }

  function setState(next) {
    if (leaving || next === state || state === "dead") return;
    state = next;
    render();
  }

  function watch(kernel) {
    var connected = kernel.connectionStatus === "connected";
    kernel.statusChanged.connect(function (_kernel, status) {
      if (LOST[status]) setState("dead");
    });
    kernel.connectionStatusChanged.connect(function (_kernel, status) {
      if (status === "connected") {
        connected = true;
        if (state === "offline") {
          state = "ok";
          render();
        }
      } else if (status === "disconnected") {
        setState("dead");
      } else if (connected) {
        setState("offline");
      }
    });
    if (kernel.isDisposed || LOST[kernel.status]) setState("dead");
  }

  function waitForKernel(triesLeft) {
    // Voila 0.5 puts its app on window.jupyterapp; its widget manager holds the page's kernel connection.
    var app = window.jupyterapp;
    var kernel = app && app.widgetManager && app.widgetManager.kernel;
    if (kernel) watch(kernel);
    else if (triesLeft > 0) window.setTimeout(function () { waitForKernel(triesLeft - 1); }, 250);
  }

  function dropTokenFromAddress() {
    // The login cookie carries on from here: the token need not stay in the address bar, history or a bookmark.
    var url = new URL(window.location.href);
    if (!url.searchParams.has("token")) return;
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }

  window.addEventListener("beforeunload", function () { leaving = true; });
  window.addEventListener("pageshow", function () { leaving = false; });
  document.addEventListener("DOMContentLoaded", function () {
    dropTokenFromAddress();
    waitForKernel(2400); // up to 10 minutes of a slow first render
  });
})();
