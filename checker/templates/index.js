(function () {
  "use strict";
  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) { return ""; }
    var raw = cell.getAttribute("data-sort");
    return raw !== null ? raw : cell.textContent.trim();
  }
  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && /^-?[\d.]/.test(a) && /^-?[\d.]/.test(b)) { return x - y; }
    return a.localeCompare(b, "zh-CN");
  }
  document.querySelectorAll("table.sortable-table").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      if (!th.classList.contains("sortable")) { return; }
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        if (!body) { return; }
        var asc = th.getAttribute("data-dir") !== "asc";
        headers.forEach(function (h) { h.removeAttribute("data-dir"); });
        th.setAttribute("data-dir", asc ? "asc" : "desc");
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length === headers.length; });
        rows.sort(function (r1, r2) { var c = compare(cellValue(r1, index), cellValue(r2, index)); return asc ? c : -c; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var input = document.getElementById("doc-filter");
  var table = document.getElementById("doc-table");
  var count = document.getElementById("doc-count");
  function filter() {
    var q = input.value.trim().toLowerCase(), shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var hit = !q || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
      rows[i].style.display = hit ? "" : "none";
      if (hit) { shown++; }
    }
    count.textContent = "显示 " + shown + " / " + rows.length + " 份";
  }
  if (input && table && count) { input.addEventListener("input", filter); filter(); }
})();
