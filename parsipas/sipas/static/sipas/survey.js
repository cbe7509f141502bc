// The public survey: skip logic, one section a screen on a phone, no double submit, and in
// kiosk mode back to a fresh form after idle time. Without JavaScript every section is on one
// page and each conditional question says when to answer it; the server applies the same rule.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  form.classList.add("js");

  // --- skip logic: data-show-if="q12" data-show-values="3 4" on a question's fieldset --------
  var conditional = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-show-if]"));
  function chosen(name) {
    var picked = [];
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      if (input.checked && !input.disabled) picked.push(input.value);
    });
    return picked;
  }
  function applyConditions() {
    // In page order, so a question that depends on a hidden one is hidden too.
    conditional.forEach(function (set) {
      var wanted = set.getAttribute("data-show-values").split(" ");
      var show = chosen(set.getAttribute("data-show-if")).some(function (v) {
        return wanted.indexOf(v) >= 0;
      });
      set.hidden = !show;
      // A hidden question's answer is not sent (the server would drop it anyway); its ticks
      // stay in the page and come back if the earlier answer changes back.
      set.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
    });
  }
  if (conditional.length) {
    form.addEventListener("change", applyConditions);
    applyConditions();
  }

  // --- one section a screen on a phone -------------------------------------------------------
  var screens = Array.prototype.slice.call(form.querySelectorAll("[data-screen]"));
  var narrow = window.matchMedia("(max-width: 719px)").matches;
  var current = 0;
  var progress = null;
  function show(index, focus) {
    current = Math.max(0, Math.min(screens.length - 1, index));
    screens.forEach(function (screen, i) { screen.hidden = i !== current; });
    form.classList.toggle("first-screen", current === 0);
    progress.querySelector("span").textContent = "Phần " + (current + 1) + "/" + screens.length;
    progress.querySelector("i").style.width = Math.round(100 * (current + 1) / screens.length) + "%";
    if (focus) {
      var heading = screens[current].querySelector("h2");
      form.scrollIntoView({ block: "start" });
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    }
  }
  function navFor(i) {
    var nav = document.createElement("div");
    nav.className = "screen-nav";
    if (i > 0) {
      var back = document.createElement("button");
      back.type = "button"; back.className = "secondary"; back.textContent = "← Quay lại";
      back.setAttribute("data-back", "");
      nav.appendChild(back);
    }
    if (i < screens.length - 1) {
      var next = document.createElement("button");
      next.type = "button"; next.textContent = "Tiếp →";
      next.setAttribute("data-next", "");
      nav.appendChild(next);
    }
    return nav;
  }
  if (narrow && screens.length > 1) {
    form.classList.add("paged");
    progress = document.createElement("p");
    progress.className = "survey-progress";
    progress.setAttribute("aria-live", "polite");
    progress.innerHTML = '<span></span><b aria-hidden="true"><i></i></b>';
    screens[0].parentNode.insertBefore(progress, screens[0]);
    screens.forEach(function (screen, i) {
      var nav = navFor(i);
      var submit = screen.querySelector(".survey-submit");
      if (submit) submit.insertBefore(nav, submit.firstChild); else screen.appendChild(nav);
    });
    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-next]")) show(current + 1, true);
      else if (event.target.closest("[data-back]")) show(current - 1, true);
    });
    show(0, false);
  }

  // --- sending ---------------------------------------------------------------------------------
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
