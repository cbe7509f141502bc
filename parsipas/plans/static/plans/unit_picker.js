/* The implementing-unit picker: a search that hides units whose name does not match, and
 * "Chọn tất cả / Bỏ chọn" per group (only the units the search shows). */
(function () {
  "use strict";
  var picker = document.getElementById("implementers");
  if (!picker) { return; }
  var count = picker.querySelector("[data-picked]");
  function recount() {
    count.textContent = picker.querySelectorAll("input[name=implementing_units]:checked").length;
  }
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }
  var search = document.getElementById("unit-search");
  search.addEventListener("input", function () {
    var wanted = fold(search.value.trim());
    picker.querySelectorAll("label[data-name]").forEach(function (label) {
      label.hidden = wanted !== "" && fold(label.dataset.name).indexOf(wanted) < 0;
    });
  });
  picker.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-pick]");
    if (!button) { return; }
    var on = button.dataset.pick === "all";
    button.closest(".unit-group").querySelectorAll("label:not([hidden]) input").forEach(function (box) {
      box.checked = on;
    });
    recount();
  });
  picker.addEventListener("change", recount);
})();
