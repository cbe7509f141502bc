// The ZIP export's progress page: start the build once, then poll its status row.
(function () {
  var box = document.getElementById("export");
  if (!box) return;
  var field = document.querySelector("#run-form input[name=csrfmiddlewaretoken]");
  if (box.dataset.state === "pending" && field) {
    fetch(box.dataset.run, {method: "POST", headers: {"X-CSRFToken": field.value, "Accept": "application/json"}});
  }
  function poll() {
    fetch(box.dataset.status).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("done").textContent = s.done;
      document.getElementById("total").textContent = s.total;
      var bar = document.getElementById("progress");
      bar.max = s.total || 1;
      bar.value = s.done;
      if (s.state === "ready" || s.state === "failed") { window.location.reload(); } else { setTimeout(poll, 1000); }
    });
  }
  setTimeout(poll, 500);
})();
