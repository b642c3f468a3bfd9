// Draws the dashboard's charts from the JSON the page carries in #dashboard-data.
(function () {
  "use strict";
  const holder = document.getElementById("dashboard-data");
  if (!holder || typeof Chart === "undefined") { return; }
  const data = JSON.parse(holder.dataset.json);
  const palette = ["#2f6f73", "#7fa7a0", "#d4a35c", "#b9675c", "#6d7fa8", "#9b8bb5",
                   "#88a56b", "#c98f6d", "#5d8fa8", "#b8b07a", "#8c8c8c"];
  Chart.defaults.font.family = "DejaVu Sans, system-ui, sans-serif";
  Chart.defaults.color = "#4a565c";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function draw(id, config) {
    const canvas = typeof id === "string" ? document.getElementById(id) : id;
    if (canvas) { new Chart(canvas, config); }
  }
  function bars(labels, values, label, horizontal) {
    return {
      type: "bar",
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: palette[0] }] },
      options: { indexAxis: horizontal ? "y" : "x", plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true }, y: { beginAtZero: true } } },
    };
  }
  const c = data.charts;
  draw("chart-weeks", {
    type: "line",
    data: { labels: c.sessions_per_week.labels,
            datasets: [{ label: "sessions", data: c.sessions_per_week.values, borderColor: palette[0],
                         backgroundColor: "rgba(47,111,115,0.12)", fill: true, tension: 0.25 }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
  draw("chart-topics", bars(c.topics.labels, c.topics.values, "sessions", true));
  draw("chart-outcomes", {
    type: "doughnut",
    data: { labels: c.outcomes.labels,
            datasets: [{ data: c.outcomes.values, backgroundColor: [palette[0], palette[1], palette[3], palette[2]] }] },
    options: { plugins: { legend: { position: "right" } } },
  });
  draw("chart-referrals", bars(c.referrals.labels, c.referrals.values, "referrals", true));
  draw("chart-locations", {
    type: "bar",
    data: { labels: c.locations.labels,
            datasets: [{ label: "assisted sessions", data: c.locations.sessions, backgroundColor: palette[0] },
                       { label: "guide runs", data: c.locations.runs, backgroundColor: palette[2] }] },
    options: { scales: { y: { beginAtZero: true } } },
  });
  draw("chart-guides", {
    type: "bar",
    data: { labels: c.guides.labels,
            datasets: c.guides.series.map(function (s, i) {
              return { label: s.label, data: s.values, backgroundColor: [palette[0], palette[2], palette[3], palette[4]][i] };
            }) },
    options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
  });
  document.querySelectorAll("canvas.funnel").forEach(function (canvas) {
    const f = data.funnels[Number(canvas.dataset.index)];
    draw(canvas, {
      type: "bar",
      data: { labels: f.labels,
              datasets: [{ label: "reached", data: f.reached, backgroundColor: palette[1] },
                         { label: "abandoned here", data: f.abandoned, backgroundColor: palette[3] },
                         { label: "not done here", data: f.not_done, backgroundColor: palette[4] }] },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true } } },
    });
  });
}());
