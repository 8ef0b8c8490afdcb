/* remit: filters and sorting for the staff views (the handover dashboard, the gaps report,
 * the disputes register and their continuation pages). No server, no library.
 *
 * Progressive enhancement: the page lists every row without this script; the controls
 * (form.remit-filter, rendered hidden at build time with labelled <select>s) are shown only
 * here. The rows to filter are the elements with data-depts inside .remit-dash; each
 * carries what a filter compares: data-depts (department ids, space-separated),
 * data-state, data-kind, data-status, data-due and data-since (ISO dates). A table group
 * (.remit-dash[data-filter-group]) with no row left is hidden with its heading and its
 * entry in the table of contents.
 *
 * The state lives in the address (?dept=...&state=...&due=...&sort=...): a filtered view
 * can be shared, survives a reload, and the back button steps through the changes. Links
 * to the continuation pages (the pager, "all N rows") carry it too. Values the page does
 * not offer are ignored (a department id is kept: it shows "0 of N" rather than guessing).
 * Text reaches the page only through textContent.
 */
(function () {
  "use strict";
  var form = document.querySelector("form.remit-filter");
  if (!form || !window.URLSearchParams || !window.history || !history.pushState) return;

  var today = form.getAttribute("data-today") || "";
  var countText = form.getAttribute("data-count") || "{shown} / {total}";
  var noneText = form.getAttribute("data-none") || "";
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));
  var names = selects.map(function (s) { return s.name; });
  var items = Array.prototype.slice.call(document.querySelectorAll(".remit-dash [data-depts]"));
  var groups = Array.prototype.slice.call(
    document.querySelectorAll(".remit-dash[data-filter-group]"));
  var count = form.querySelector(".remit-filter__count");
  var order = new Map();
  items.forEach(function (el, i) { order.set(el, i); });
  // links to the other pages of this view, which carry the filter along
  var carry = Array.prototype.slice.call(document.querySelectorAll(
    ".remit-pager a[href], .remit-dash > p.remit-muted a[href]"));
  carry.forEach(function (a) { a.setAttribute("data-href", a.getAttribute("href")); });

  function byName(name) {
    for (var i = 0; i < selects.length; i++) if (selects[i].name === name) return selects[i];
    return null;
  }

  function offered(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return true;
    }
    return false;
  }

  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  /* The filter state in the address, limited to what the controls offer. */
  function fromAddress() {
    var q = new URLSearchParams(location.search);
    var st = {};
    names.forEach(function (name) {
      var v = q.get(name) || "";
      var select = byName(name);
      if (name === "sort" && v === "due") v = "";  // the default order is by due date
      if (v && !offered(select, v)) {
        if (name === "dept" && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v)) {
          var o = document.createElement("option");  // a department not on this page
          o.value = v;
          o.textContent = v;
          select.appendChild(o);
        } else {
          v = "";
        }
      }
      st[name] = v;
    });
    return st;
  }

  function fromControls() {
    var st = {};
    selects.forEach(function (s) { st[s.name] = s.value; });
    return st;
  }

  function toControls(st) {
    selects.forEach(function (s) { s.value = st[s.name] || ""; });
  }

  /* The address's query for ``st``: the controls in their order, then anything else. */
  function query(st) {
    var q = new URLSearchParams();
    names.forEach(function (name) { if (st[name]) q.set(name, st[name]); });
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (names.indexOf(key) < 0) q.append(key, value);
    });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  function toAddress(st, push) {
    var url = location.pathname + query(st) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  function dueMatches(el, want) {
    var due = el.getAttribute("data-due") || "";
    if (want === "none") return !due;
    if (!due || el.getAttribute("data-state") === "accepted") return false;
    if (want === "overdue") return due < today;
    var days = parseInt(want, 10);
    return due >= today && due <= addDays(today, days);
  }

  function matches(el, st) {
    if (st.dept && (" " + el.getAttribute("data-depts") + " ").indexOf(" " + st.dept + " ") < 0) {
      return false;
    }
    if (st.state) {
      var s = el.getAttribute("data-state");
      if (st.state === "open" ? (s === "accepted" || s === "resolved") : s !== st.state) {
        return false;
      }
    }
    if (st.kind && el.getAttribute("data-kind") !== st.kind) return false;
    if (st.status && el.getAttribute("data-status") !== st.status) return false;
    if (st.due && !dueMatches(el, st.due)) return false;
    return true;
  }

  /* Reorder the rows of each table (or cards of a list); "" is the built order. */
  function sortRows(how) {
    var key = null;
    if (how === "due-desc") key = function (el) { return el.getAttribute("data-due") || ""; };
    if (how === "since") key = function (el) { return el.getAttribute("data-since") || ""; };
    var parents = new Map();
    items.forEach(function (el) {
      if (!parents.has(el.parentNode)) parents.set(el.parentNode, []);
      parents.get(el.parentNode).push(el);
    });
    parents.forEach(function (rows, parent) {
      rows.sort(function (a, b) {
        if (key) {
          var ka = key(a), kb = key(b);
          if (ka !== kb) {
            if (!ka) return 1;  // no date: last
            if (!kb) return -1;
            if (how === "due-desc") return ka < kb ? 1 : -1;
            return ka < kb ? -1 : 1;
          }
        }
        return order.get(a) - order.get(b);
      });
      rows.forEach(function (el) { parent.appendChild(el); });
    });
  }

  function tocEntries(id) {
    var out = [];
    document.querySelectorAll(".md-nav--secondary a[href]").forEach(function (a) {
      if (a.getAttribute("href") === "#" + id) out.push(a.parentNode);
    });
    return out;
  }

  function apply(st) {
    var shown = 0;
    items.forEach(function (el) {
      var ok = matches(el, st);
      el.hidden = !ok;
      if (ok) shown += 1;
    });
    if (names.indexOf("sort") >= 0) sortRows(st.sort || "");
    groups.forEach(function (g) {
      var empty = !g.querySelector("[data-depts]:not([hidden])");
      g.hidden = empty;
      var head = g.previousElementSibling;
      if (head && /^H[2-4]$/.test(head.tagName)) {
        head.hidden = empty;
        if (head.id) tocEntries(head.id).forEach(function (li) { li.hidden = empty; });
      }
    });
    var text = countText.replace("{shown}", String(shown)).replace("{total}",
                                                                   String(items.length));
    count.textContent = shown ? text : text + " " + noneText;
    var q = query(st);
    carry.forEach(function (a) {
      var href = a.getAttribute("data-href");
      var cut = href.search(/[?#]/);
      var base = cut < 0 ? href : href.slice(0, cut);
      var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "";
      a.setAttribute("href", base + q + hash);
    });
  }

  form.addEventListener("change", function () {
    var st = fromControls();
    toAddress(st, true);
    apply(st);
  });
  form.addEventListener("reset", function (ev) {
    ev.preventDefault();
    var st = {};
    toControls(st);
    toAddress(st, true);
    apply(st);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  window.addEventListener("popstate", function () {
    var st = fromAddress();
    toControls(st);
    apply(st);
  });

  var initial = fromAddress();
  toControls(initial);
  toAddress(initial, false);  // drop values the page does not offer
  apply(initial);
  form.hidden = false;
})();
