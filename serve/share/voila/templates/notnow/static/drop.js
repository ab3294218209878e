// notnow: a .eml / .msg dropped on step 1's mail box (.nn-mail-intake: the prompt, the paste box, the button) goes
// to the box's own FileUpload (.nn-mail-upload), as if it had been chosen in that button's file dialog: the kernel
// reads it exactly as an upload (notnow.ui.intake), and the page needs no widget model more. A file dropped
// anywhere else on the page is refused, where the browser would otherwise leave the workbook to show the file.
// While a file is dragged over the page the box shows itself as the target, with the words the kernel put in
// it (.nn-drop-hint, in the language shown).
(function () {
  "use strict";

  var BOX = ".nn-mail-intake";
  var MAIL_NAME = /\.(eml|msg)$/i;
  var MAIL_TYPES = ["message/rfc822", "application/vnd.ms-outlook"];
  var GONE_MS = 200; // dragover repeats every ~50 ms while a drag is over the page: this long without one, it left
  var gone = null;

  function carriesFiles(event) {
    // text or a link dragged into the paste box keeps the browser's own behaviour
    var types = event.dataTransfer ? event.dataTransfer.types : null;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  function boxOf(event) {
    return event.target instanceof Element ? event.target.closest(BOX) : null;
  }

  function say(box, key) {
    // key: "hint", "refused", or null to hide the words
    var hint = box.querySelector(".nn-drop-hint");
    if (!hint) return;
    if (key && hint.dataset[key]) hint.textContent = hint.dataset[key];
    hint.hidden = !key;
  }

  function dragging(over) {
    document.querySelectorAll(BOX).forEach(function (box) {
      box.classList.add("nn-drop-ready");
      box.classList.toggle("nn-drop-over", box === over);
      box.classList.remove("nn-drop-refused");
      say(box, "hint");
    });
  }

  function done() {
    window.clearTimeout(gone);
    document.querySelectorAll(BOX).forEach(function (box) {
      box.classList.remove("nn-drop-ready", "nn-drop-over");
      if (!box.classList.contains("nn-drop-refused")) say(box, null);
    });
  }

  function mailIn(files) {
    for (var i = 0; i < files.length; i++) {
      if (MAIL_NAME.test(files[i].name) || MAIL_TYPES.indexOf(files[i].type) !== -1) return files[i];
    }
    return null;
  }

  function hand(box, file) {
    // ipywidgets 8's FileUpload keeps its <input type=file> out of the page and opens it from the button's click.
    // For this one click, the input that the button opens takes the dropped file and reports it changed, in
    // place of the file dialog; the upload's own change handler then reads and sends it as it does a chosen file.
    var button = box.querySelector(".nn-mail-upload");
    if (!button || button.disabled) return false;
    var proto = HTMLInputElement.prototype;
    var click = proto.click;
    var handed = false;
    proto.click = function () {
      if (this.type !== "file" || handed) return click.call(this);
      var transfer = new DataTransfer();
      transfer.items.add(file);
      this.files = transfer.files;
      handed = true;
      this.dispatchEvent(new Event("change"));
    };
    try {
      button.click();
    } finally {
      proto.click = click;
    }
    return handed;
  }

  function over(event) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    var box = boxOf(event);
    event.dataTransfer.dropEffect = box ? "copy" : "none";
    dragging(box);
    window.clearTimeout(gone);
    gone = window.setTimeout(done, GONE_MS);
  }

  function drop(event) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    done();
    var box = boxOf(event);
    if (!box) return;
    var file = mailIn(event.dataTransfer.files);
    if (file && hand(box, file)) {
      say(box, null);
    } else if (!file) {
      box.classList.add("nn-drop-refused");
      say(box, "refused");
    }
  }

  function typed(event) {
    // the user pasted or chose a file after a refused drop: the refusal is old news
    var box = boxOf(event);
    if (box && box.classList.contains("nn-drop-refused")) {
      box.classList.remove("nn-drop-refused");
      say(box, null);
    }
  }

  document.addEventListener("dragenter", over, true);
  document.addEventListener("dragover", over, true);
  document.addEventListener("drop", drop, true);
  document.addEventListener("dragend", done, true);
  document.addEventListener("input", typed, true);
  document.addEventListener("click", typed, true);
})();
