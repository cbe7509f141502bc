// What-if: mark the rows whose value was changed, so the user sees what will be recomputed.
(function () {
  var form = document.getElementById("what-if-form");
  if (!form) return;
  form.querySelectorAll("input[name^='v:']").forEach(function (input) {
    var original = input.value;
    input.addEventListener("input", function () {
      input.closest("tr").classList.toggle("editing", input.value !== original);
    });
  });
})();
