// The public survey: no double submit; in kiosk mode, back to a fresh form after idle time.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = document.getElementById("send");
    if (button) { setTimeout(function () { button.disabled = true; button.textContent = "Đang gửi…"; }, 0); }
  });
  // Questions with a maximum number of choices: refuse one tick too many.
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var set = box.closest("fieldset[data-max]");
    if (!set) return;
    var max = parseInt(set.getAttribute("data-max"), 10);
    if (set.querySelectorAll("input[type=checkbox]:checked").length > max) box.checked = false;
  });
  var errors = document.getElementById("form-errors");
  if (errors) errors.scrollIntoView({ block: "center" });
  var idle = parseInt(form.getAttribute("data-idle-seconds") || "0", 10);
  if (!idle) return;
  var resetUrl = form.getAttribute("data-reset-url");
  var timer = null;
  function reset() { window.location.replace(resetUrl); }
  function arm() { if (timer) clearTimeout(timer); timer = setTimeout(reset, idle * 1000); }
  ["input", "change", "click", "keydown", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
