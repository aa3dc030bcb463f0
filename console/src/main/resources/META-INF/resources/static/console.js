// The console's only script (the Content-Security-Policy allows no inline script): draws every chart from the
// numbers the server put in its data-chart attribute, and reloads the page when an htmx request finds the session
// gone (quarkus-oidc answers 499 to JavaScript requests instead of redirecting them to the login page).
(function () {
  function drawCharts(root) {
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      var points = JSON.parse(el.getAttribute('data-chart'));
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: ['Net revenue', 'Refunds'], itemGap: 24 },
        xAxis: { type: 'category', data: points.map(function (p) { return p.period; }) },
        yAxis: { type: 'value', name: el.getAttribute('data-currency') },
        series: [
          { name: 'Net revenue', type: 'line', data: points.map(function (p) { return Number(p.net); }) },
          { name: 'Refunds', type: 'bar', data: points.map(function (p) { return Number(p.refunds); }) }
        ]
      });
      var drawn = chart.getOption().series.map(function (s) { return s.data.length; });
      el.setAttribute('data-drawn', drawn.join(','));
    });
  }
  document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });
  document.addEventListener('htmx:afterSwap', function (e) { drawCharts(e.target); });
  document.addEventListener('htmx:responseError', function (e) {
    var status = e.detail.xhr.status;
    if (status === 499 || status === 401) { window.location.reload(); }
  });
})();
