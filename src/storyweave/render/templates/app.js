// The dossier page's only script. Its SHA-256 is in the page's Content-Security-Policy,
// so it runs as shipped; it reads article content only through textContent and attribute
// values, never as markup. Listeners are attached here: the page has no on...= attribute.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("sw-data").textContent);
  var status = document.getElementById("sw-status");
  var statusText = document.getElementById("sw-status-text");
  var lit = [];
  var origin = null;
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };

  function openAncestors(el) {
    for (var x = el.parentElement; x; x = x.parentElement) {
      if (x.tagName === "DETAILS" && !x.open) x.open = true;
    }
  }

  function clear() {
    each(lit, function (e) { e.classList.remove("hl", "hl-first"); });
    lit = [];
  }

  // Highlight every piece of article text the passages cover, open their articles and
  // bring the first into view; say where the reader is and offer the way back.
  function show(pids, from) {
    var ids = pids.split(/\s+/).filter(function (id) { return /^p\d+$/.test(id); });
    var found = [];
    ids.forEach(function (id) {
      each(document.querySelectorAll('.atext [data-p~="' + id + '"]'),
           function (e) { found.push(e); });
    });
    if (!found.length) return false;
    clear();
    lit = found;
    lit.forEach(function (e) { e.classList.add("hl"); openAncestors(e); });
    each(document.querySelectorAll('.atext [data-p~="' + ids[0] + '"]'),
         function (e) { e.classList.add("hl-first"); });
    lit[0].scrollIntoView({block: "center"});
    var info = data.passages[ids[0]];
    var where = "[" + info[0] + "] " + data.sources[info[0]] + ", characters " + info[2] +
      "\u2013" + info[3];
    if (ids.length > 1) where += " (+" + (ids.length - 1) + " more passage" +
      (ids.length > 2 ? "s" : "") + " highlighted)";
    statusText.textContent = where;
    status.hidden = false;
    origin = from;
    return true;
  }

  function cite(ev) {
    var el = ev.target.closest ? ev.target.closest(".cite") : null;
    if (!el || !el.getAttribute("data-p")) return;
    if (show(el.getAttribute("data-p"), el)) ev.preventDefault();
  }
  document.addEventListener("click", cite);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.closest && ev.target.closest("svg .cite")) cite(ev);
  });
  document.getElementById("sw-back").addEventListener("click", function () {
    if (origin) { origin.scrollIntoView({block: "center"}); if (origin.focus) origin.focus(); }
  });
  document.getElementById("sw-clear").addEventListener("click", function () {
    clear();
    status.hidden = true;
  });

  // Coverage matrix: filter by outlet (the facts it carries or omits) and by words,
  // sort, and show the first rows only until asked for all.
  var cov = document.getElementById("cov");
  if (cov) {
    var body = cov.tBodies[0];
    var outlet = document.getElementById("cov-outlet");
    var mode = document.getElementById("cov-mode");
    var order = document.getElementById("cov-sort");
    var find = document.getElementById("cov-find");
    var count = document.getElementById("cov-count");
    var more = document.getElementById("cov-more");
    var limit = parseInt(cov.getAttribute("data-limit"), 10) || 25;
    var all = false;
    var apply = function () {
      var n = outlet.value;
      var omits = mode.value === "omits";
      var q = find.value.trim().toLowerCase();
      var matches = 0;
      each(cov.rows, function (r) {
        each(r.cells, function (c, i) { c.classList.toggle("sel", n !== "" && String(i) === n); });
      });
      each(body.rows, function (r) {
        var ok = true;
        if (n) {
          var has = (" " + r.getAttribute("data-s") + " ").indexOf(" " + n + " ") >= 0;
          ok = omits ? !has : has;
        }
        if (ok && q) ok = r.cells[0].textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !ok;
        if (ok) matches += 1;
        r.classList.toggle("over", ok && !all && matches > limit);
      });
      count.textContent = matches + " of " + body.rows.length + " facts";
      if (more) more.hidden = all || matches <= limit;
    };
    var sortRows = function () {
      var key = order.value;
      var rows = Array.prototype.slice.call(body.rows);
      var val = function (r) {
        if (key === "story") return parseFloat(r.getAttribute("data-pos"));
        if (key === "text") return r.cells[0].textContent.toLowerCase();
        return parseInt(r.getAttribute("data-rank"), 10);
      };
      rows.sort(function (a, b) {
        var x = val(a), y = val(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      apply();
    };
    outlet.addEventListener("change", apply);
    mode.addEventListener("change", apply);
    find.addEventListener("input", apply);
    order.addEventListener("change", sortRows);
    if (more) more.addEventListener("click", function () { all = true; apply(); });
    // Framing's "show all it omits": the matrix, filtered to that outlet's omissions.
    each(document.querySelectorAll("button.show-omits"), function (btn) {
      btn.addEventListener("click", function () {
        outlet.value = btn.getAttribute("data-outlet");
        mode.value = "omits";
        find.value = "";
        all = true;
        apply();
        document.getElementById("coverage").scrollIntoView();
      });
    });
    apply();
  }

  // Any table.sortable: a header button sorts by its column, again for the other way.
  each(document.querySelectorAll("table.sortable"), function (table) {
    each(table.tHead.querySelectorAll("button.sort"), function (btn) {
      btn.addEventListener("click", function () {
        var col = btn.closest("th").cellIndex;
        var num = btn.hasAttribute("data-num");
        var dir = btn.getAttribute("data-dir") === "asc" ? -1 : 1;
        each(table.tHead.querySelectorAll("button.sort"),
             function (b) { b.removeAttribute("data-dir"); });
        btn.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        var val = function (r) {
          var t = r.cells[col].textContent.trim();
          return num ? parseFloat(t) || 0 : t.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = val(a), y = val(b);
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  });

  var ent = document.getElementById("ent");
  if (ent) {
    var entFind = document.getElementById("ent-find");
    var entType = document.getElementById("ent-type");
    var entApply = function () {
      var q = entFind.value.trim().toLowerCase();
      each(ent.tBodies[0].rows, function (r) {
        r.hidden = (entType.value !== "" && r.getAttribute("data-type") !== entType.value) ||
          (q !== "" && r.textContent.toLowerCase().indexOf(q) < 0);
      });
    };
    entFind.addEventListener("input", entApply);
    entType.addEventListener("change", entApply);
  }

  var articles = document.querySelectorAll("details.article");
  document.getElementById("art-find").addEventListener("input", function (ev) {
    var q = ev.target.value.trim().toLowerCase();
    each(articles, function (a) {
      a.hidden = q !== "" && a.querySelector("summary").textContent.toLowerCase().indexOf(q) < 0;
    });
  });
  document.getElementById("art-open").addEventListener("click", function () {
    each(articles, function (a) { a.open = true; });
  });
  document.getElementById("art-close").addEventListener("click", function () {
    each(articles, function (a) { a.open = false; });
  });

  // Paper has no clicks: everything collapsed is opened for printing, then closed again.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"),
                                         function (x) { return !x.open; });
    closed.forEach(function (x) { x.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (x) { x.open = false; });
    closed = [];
  });
})();
