// The console's only script (the Content-Security-Policy allows no inline script): draws every chart from the
// numbers the server put in its data-chart attribute (a series chart: lines and bars over categories; a heatmap:
// one row per y label, a cell leading to the chart's link), and reloads the page when an htmx request finds the
// session gone (quarkus-oidc answers 499 to JavaScript requests instead of redirecting them to the login page).
(function () {
  function num(v) { return v === null ? null : Number(v); }

  function seriesOption(spec) {
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: spec.series.map(function (s) { return s.name; }), itemGap: 24 },
      xAxis: { type: 'category', data: spec.x },
      yAxis: { type: 'value', name: spec.unit },
      series: spec.series.map(function (s) { return { name: s.name, type: s.type, data: s.values.map(num) }; })
    };
  }

  function heatmapOption(spec) {
    var cells = [];
    var max = 0;
    spec.series.forEach(function (row, yi) {
      row.values.forEach(function (v, xi) {
        if (v !== null) { cells.push([xi, yi, Number(v)]); max = Math.max(max, Number(v)); }
      });
    });
    return {
      animation: false,
      tooltip: { position: 'top' },
      grid: { left: 80, right: 20, top: 10, bottom: 70 },
      xAxis: { type: 'category', data: spec.x, splitArea: { show: true } },
      yAxis: { type: 'category', data: spec.y, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
        inRange: { color: ['#ebf3fb', '#3154a0'] } },
      series: [{ name: spec.title, type: 'heatmap', data: cells, label: { show: spec.x.length <= 24 } }]
    };
  }

  function drawCharts(root) {
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      var spec = JSON.parse(el.getAttribute('data-chart'));
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(spec.kind === 'heatmap' ? heatmapOption(spec) : seriesOption(spec));
      var drawn = chart.getOption().series.map(function (s) { return s.data.length; });
      el.setAttribute('data-drawn', drawn.join(','));
      if (spec.kind === 'heatmap' && spec.link) {
        chart.on('click', function (p) {
          window.location.href = spec.link.replace('{x}', encodeURIComponent(spec.x[p.data[0]]))
            .replace('{y}', encodeURIComponent(spec.y[p.data[1]]));
        });
      }
    });
  }
  document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });
  document.addEventListener('htmx:afterSwap', function (e) { drawCharts(e.target); });
  document.addEventListener('htmx:responseError', function (e) {
    var status = e.detail.xhr.status;
    if (status === 499 || status === 401) { window.location.reload(); }
  });
})();
