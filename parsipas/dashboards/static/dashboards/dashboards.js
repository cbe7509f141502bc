/* Draws the dashboards' charts with Chart.js (served locally). Each <canvas data-chart> names a
   <script type="application/json"> with its data; without JavaScript the tables stay open. */
(function () {
  "use strict";
  // Colours come with the data, from the one status vocabulary (parsipas/reporting/statuses.py).
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function stacked(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d) {
          return { label: d.label, data: d.data, backgroundColor: d.colour };
        })
      },
      options: {
        indexAxis: data.labels.length > 6 ? "y" : "x",
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  function periods(canvas, data) {
    var sets = data.datasets.map(function (d) {
      return { type: "bar", label: d.label, data: d.data, backgroundColor: d.colour, stack: "s", yAxisID: "y" };
    });
    sets.push({ type: "line", label: "Tỷ lệ hoàn thành (%)", data: data.completion, borderColor: "#8b1d1d",
      backgroundColor: "#8b1d1d", yAxisID: "pct", tension: 0.2 });
    return new Chart(canvas, {
      data: { labels: data.labels, datasets: sets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true },
          pct: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  function doughnut(canvas, data) {
    return new Chart(canvas, {
      type: "doughnut",
      data: { labels: data.labels, datasets: [{ data: data.data,
        backgroundColor: data.colours }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } } }
    });
  }
  function percent(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: "Tỷ lệ hoàn thành (%)", data: data.data, backgroundColor: "#1d7a3a" }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }
    });
  }
  var KINDS = { stacked: stacked, periods: periods, doughnut: doughnut, percent: percent };
  function draw() {
    if (typeof Chart === "undefined") { return; }
    Chart.defaults.locale = "vi-VN";  // axes and tooltips: 9.000, 98,5
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      try {
        var data = read(canvas.dataset.source);
        if (!data || !KINDS[canvas.dataset.chart]) { return; }
        KINDS[canvas.dataset.chart](canvas, data);
        canvas.closest(".panel, section").querySelectorAll("details.chart-table").forEach(function (d) {
          d.open = false;
        });
      } catch (err) {
        canvas.parentNode.style.display = "none";  // the table below stays open
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
