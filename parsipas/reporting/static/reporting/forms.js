/* Reporting forms: never lose what a person typed.
 * - [data-unsaved-warning]: the browser asks before leaving a page with unsaved changes.
 * - [data-autosave]: the report's draft is saved in the background a few seconds after typing
 *   stops, and evidence files are uploaded in the background with what is typed (the server
 *   answers JSON: the next version and the fresh evidence list). Without this script the same
 *   buttons submit the whole form, which also keeps the typing. */
(function () {
  "use strict";
  var AUTOSAVE_DELAY_MS = 4000;

  document.querySelectorAll("form[data-unsaved-warning]").forEach(function (form) {
    form.dataset.dirty = "";
    var mark = function (event) {
      if (event.target.type !== "file") { form.dataset.dirty = "1"; }
    };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { form.dataset.dirty = ""; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-unsaved-warning][data-dirty='1']")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // On a phone the desk's cards start folded (title and state only), except those with a problem.
  if (window.matchMedia && window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details.desk-row:not(.has-problem)").forEach(function (card) {
      card.open = false;
    });
  }

  // Evidence previews load only when opened.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("evidence-preview") || !box.open) { return; }
    var frame = box.querySelector("[data-src]");
    if (frame && !frame.getAttribute("src")) { frame.setAttribute("src", frame.dataset.src); }
  }, true);

  // The review queue: one box ticks every report on the page.
  var all = document.getElementById("chon-het");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("#bulk-form input[name=chon]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var inFlight = null;
  var stopped = false;

  function say(text, isError) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "small " + (isError ? "problem" : "muted");
  }

  function post(action, withFiles) {
    var data = new FormData(form);
    if (!withFiles) { data.delete("file"); }
    data.set("action", action);
    var sentWhileDirty = form.dataset.dirty;
    form.dataset.dirty = "";
    inFlight = fetch(window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) { return [response, answer]; });
    }).then(function (pair) {
      var response = pair[0], answer = pair[1];
      if (response.ok) {
        version.value = answer.version;
        say(answer.message + (answer.saved_at ? " (" + answer.saved_at + ")" : ""), false);
      } else {
        form.dataset.dirty = sentWhileDirty || "1";
        if (response.status === 409) { stopped = true; }
        say(answer.message, true);
      }
      return answer;
    }).catch(function () {
      form.dataset.dirty = "1";
      say("Chưa lưu được (mất kết nối?). Nội dung vẫn còn trên trang.", true);
      return null;
    }).finally(function () { inFlight = null; });
    return inFlight;
  }

  function schedule(event) {
    if (event.target.type === "file" || stopped) { return; }
    say("Có thay đổi chưa lưu…", false);
    clearTimeout(timer);
    timer = setTimeout(function () { if (!inFlight) { post("autosave", false); } }, AUTOSAVE_DELAY_MS);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // A save or send while an autosave is in flight waits for it (it changes the version).
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () { form.requestSubmit(submitter); });
    }
  });

  var upload = document.getElementById("upload-evidence");
  if (upload) {
    upload.addEventListener("click", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      var wait = inFlight || Promise.resolve();
      upload.disabled = true;
      say("Đang tải lên…", false);
      wait.then(function () { return post("upload", true); }).then(function (answer) {
        upload.disabled = false;
        if (!answer || !answer.ok) { return; }
        document.getElementById("evidence-list").innerHTML = answer.evidence_html;
        document.getElementById("evidence-count").textContent = answer.evidence_count;
        document.querySelectorAll("[form='" + form.id + "']").forEach(function (input) {
          if (input.tagName === "INPUT" && input.type !== "submit") { input.value = ""; }
          delete input.dataset.prefilled;
          if (input.tagName === "SELECT") { input.selectedIndex = 0; }
        });
      });
    });
  }

  // One file chosen: ask the server what its name says of the document (123_QD-UBND_....pdf)
  // and fill the fields left blank; a field filled this way is replaced when another file is
  // chosen, never one the person typed. (The server fills the same blanks on upload anyway.)
  var chooser = document.querySelector("input[type=file][data-docmeta][form='" + form.id + "']");
  if (chooser) {
    var metaInputs = function () {
      return document.querySelectorAll("[form='" + form.id + "'][name^='doc_']");
    };
    metaInputs().forEach(function (input) {
      input.addEventListener("input", function () { delete input.dataset.prefilled; });
    });
    chooser.addEventListener("change", function () {
      if (chooser.files.length !== 1) { return; }
      var url = chooser.dataset.docmeta + "?ten=" + encodeURIComponent(chooser.files[0].name);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (guess) {
          metaInputs().forEach(function (input) {
            if (input.value && input.dataset.prefilled !== "1") { return; }
            input.value = guess[input.name] || "";
            if (guess[input.name]) { input.dataset.prefilled = "1"; } else { delete input.dataset.prefilled; }
          });
        }).catch(function () { /* the server fills the blanks on upload */ });
    });
  }

  // Deleting a file reloads the page: save the typing first.
  document.addEventListener("submit", function (event) {
    var target = event.target;
    if (!target.hasAttribute("data-save-first") || form.dataset.dirty !== "1") { return; }
    event.preventDefault();
    post("autosave", false).then(function (answer) { if (answer && answer.ok) { target.submit(); } });
  });
})();
