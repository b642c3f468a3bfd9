// Draws the dashboard's charts from the JSON the page carries in #dashboard-data. Every chart
// is {title, labels, series: [{label, values}], kind, horizontal, stacked} (already in the
// reader's language); the page shows the same numbers in a table beside each chart. Counts are
// whole numbers, so count axes step by whole numbers only (precision 0).
(function () {
  "use strict";
  const holder = document.getElementById("dashboard-data");
  if (!holder || typeof Chart === "undefined") { return; }
  const data = JSON.parse(holder.dataset.json);
  const palette = ["#2f6f73", "#d4a35c", "#6d7fa8", "#b9675c", "#7fa7a0", "#9b8bb5",
                   "#88a56b", "#c98f6d", "#5d8fa8", "#b8b07a", "#8c8c8c"];
  Chart.defaults.font.family = "DejaVu Sans, system-ui, sans-serif";
  Chart.defaults.color = "#4a565c";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  const counts = { beginAtZero: true, ticks: { precision: 0 } };

  function config(chart) {
    const many = chart.series.length > 1;
    if (chart.kind === "doughnut") {
      return {
        type: "doughnut",
        data: { labels: chart.labels,
                datasets: [{ label: chart.series[0].label, data: chart.series[0].values,
                             backgroundColor: palette.slice(0, chart.labels.length) }] },
        options: { plugins: { legend: { position: "right" } } },
      };
    }
    if (chart.kind === "line") {
      return {
        type: "line",
        data: { labels: chart.labels,
                datasets: [{ label: chart.series[0].label, data: chart.series[0].values,
                             borderColor: palette[0], backgroundColor: "rgba(47,111,115,0.12)",
                             fill: true, tension: 0.25 }] },
        options: { plugins: { legend: { display: false } }, scales: { y: counts } },
      };
    }
    const valueAxis = Object.assign({ stacked: chart.stacked }, counts);
    // long titles (guide steps) are cut on the axis; the table beside shows them in full
    const labelAxis = { stacked: chart.stacked, ticks: { callback: function (value) {
      const label = String(this.getLabelForValue(value));
      return label.length > 34 ? label.slice(0, 33) + "\u2026" : label;
    } } };
    return {
      type: "bar",
      data: { labels: chart.labels,
              datasets: chart.series.map(function (s, i) {
                return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] };
              }) },
      options: {
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { display: many } },
        scales: chart.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    };
  }
  function draw(canvas, chart) {
    if (canvas && chart) { new Chart(canvas, config(chart)); }
  }
  const c = data.charts;
  draw(document.getElementById("chart-weeks"), c.sessions_per_week);
  draw(document.getElementById("chart-topics"), c.topics);
  draw(document.getElementById("chart-outcomes"), c.outcomes);
  draw(document.getElementById("chart-referrals"), c.referrals);
  draw(document.getElementById("chart-locations"), c.locations);
  draw(document.getElementById("chart-guides"), c.guides);
  document.querySelectorAll("canvas.funnel").forEach(function (canvas) {
    draw(canvas, data.funnels[Number(canvas.dataset.index)]);
  });
}());
