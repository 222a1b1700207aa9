(function () {
  "use strict";
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function byId(id) { return document.getElementById(id); }
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }

  var sev = byId("flt-severity"), cat = byId("flt-category"), rule = byId("flt-rule"),
      search = byId("flt-search"), reset = byId("flt-reset"), count = byId("flt-count"),
      empty = byId("flt-empty"), xlabel = byId("flt-xlabel"), xcount = byId("xlt-count");
  var findings = all("article.finding"), groups = all("section.cat-group"),
      linked = all("[data-finding]").filter(function (el) { return !el.classList.contains("finding"); }),
      expls = all("tr.expl");

  function apply() {
    var s = sev ? sev.value : "", c = cat ? cat.value : "", r = rule ? rule.value : "",
        q = norm(search ? search.value : ""), shown = 0, hidden = {};
    findings.forEach(function (el) {
      var ok = (!s || el.getAttribute("data-severity") === s) &&
               (!c || el.getAttribute("data-category") === c) &&
               (!r || el.getAttribute("data-rule") === r) &&
               (!q || (el.getAttribute("data-search") || "").indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok) { shown += 1; } else { hidden[el.id] = true; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.finding:not([hidden])"); });
    linked.forEach(function (el) { el.classList.toggle("filtered", !!hidden[el.getAttribute("data-finding")]); });
    if (count) { count.textContent = "显示 " + shown + " / " + findings.length + " 条"; }
    if (empty) { empty.hidden = shown > 0; }
    var xl = xlabel ? xlabel.value : "", xshown = 0;
    expls.forEach(function (el) {
      var ok = (!xl || el.getAttribute("data-label") === xl) &&
               (!q || (el.getAttribute("data-search") || "").indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok) { xshown += 1; }
    });
    if (xcount) { xcount.textContent = "显示 " + xshown + " / " + expls.length + " 条"; }
  }

  [sev, cat, rule, xlabel].forEach(function (el) { if (el) { el.addEventListener("change", apply); } });
  if (search) { search.addEventListener("input", apply); }
  if (reset) {
    reset.addEventListener("click", function () {
      [sev, cat, rule, xlabel].forEach(function (el) { if (el) { el.value = ""; } });
      if (search) { search.value = ""; }
      apply();
    });
  }

  // a jump to something folded away opens it first
  function reveal(id) {
    var el = id && byId(id);
    if (!el) { return; }
    var d = el.closest("details");
    while (d) { d.open = true; d = d.parentElement && d.parentElement.closest("details"); }
  }
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  if (location.hash) { reveal(decodeURIComponent(location.hash.slice(1))); }

  var printAll = byId("print-all");
  if (printAll) {
    printAll.addEventListener("change", function () { document.body.classList.toggle("print-all", printAll.checked); });
  }
  window.addEventListener("beforeprint", function () { all("details").forEach(function (d) { d.open = true; }); });

  apply();
})();
