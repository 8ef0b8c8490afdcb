/* remit: filters and sorting for the staff views (the handover dashboard, the gaps report,
 * the disputes register and their continuation pages). No server, no library.
 *
 * Progressive enhancement: the page lists every row without this script; the controls
 * (form.remit-filter, rendered hidden at build time with labelled <select>s) are shown only
 * here. The rows to filter are the elements with data-depts inside .remit-dash; each
 * carries what a filter compares: data-depts (department ids, space-separated),
 * data-state, data-status, data-due and data-since (ISO dates); a gap's data-kind is on
 * its table's group. A table group
 * (.remit-dash[data-filter-group]) with no row left is hidden with its heading and its
 * entry in the table of contents.
 *
 * The state lives in the address (?dept=...&state=...&due=...&sort=...): a filtered view
 * can be shared, survives a reload, and the back button steps through the changes. Links
 * to the continuation pages (the pager, "all N rows") carry it too. Values the page does
 * not offer are ignored (a department id is kept: it shows "0 of N" rather than guessing).
 * Text reaches the page only through textContent.
 *
 * A view whose rows span several pages (a large registry: each kind of gap, or each state
 * of the dashboard, continues on pages of its own) filters the rows listed on this page and
 * says so; its rows' index (data-index: gaps/filter.json, handovers/filter.json) then
 * adds the departments of the other pages and tells how many rows match on each of them,
 * with links that keep the filter.
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
  // every filter of the views; one this page has no control for (the kind on a kind's own
  // page, the state on a state's page) is carried along from the address as it is
  var FILTERS = ["dept", "state", "kind", "status", "due", "sort"];
  var carried = FILTERS.filter(function (n) { return names.indexOf(n) < 0; });
  var ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
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
        if (name === "dept" && ID.test(v)) {
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
    carried.forEach(function (name) {
      var v = q.get(name) || "";
      st[name] = ID.test(v) ? v : "";
    });
    return st;
  }

  function fromControls() {
    var st = fromAddress();
    selects.forEach(function (s) { st[s.name] = s.value; });
    return st;
  }

  function toControls(st) {
    selects.forEach(function (s) { s.value = st[s.name] || ""; });
  }

  /* The address's query for ``st``: the controls in their order, the filters carried
   * along, then anything else. */
  function query(st) {
    var q = new URLSearchParams();
    names.concat(carried).forEach(function (name) { if (st[name]) q.set(name, st[name]); });
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (FILTERS.indexOf(key) < 0) q.append(key, value);
    });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  function toAddress(st, push) {
    var url = location.pathname + query(st) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  function dueMatches(el, want, get) {
    var due = get(el, "due") || "";
    if (want === "none") return !due;
    if (!due || get(el, "state") === "accepted") return false;
    if (want === "overdue") return due < today;
    var days = parseInt(want, 10);
    return due >= today && due <= addDays(today, days);
  }

  function attr(el, name) {
    var v = el.getAttribute("data-" + name);
    if (v === null && name === "kind") {  // a gap's kind is its table's
      var group = el.closest("[data-kind]");
      v = group ? group.getAttribute("data-kind") : null;
    }
    return v;
  }

  /* Does a row match? ``get(row, name)`` reads its data-NAME (a page element, or a row of
   * the view's index, see loadIndex). */
  function matches(el, st, get) {
    get = get || attr;
    if (st.dept && (" " + get(el, "depts") + " ").indexOf(" " + st.dept + " ") < 0) {
      return false;
    }
    if (st.state) {
      var s = get(el, "state");
      if (st.state === "open" ? (s === "accepted" || s === "resolved") : s !== st.state) {
        return false;
      }
    }
    if (st.kind && get(el, "kind") !== st.kind) return false;
    if (st.status && get(el, "status") !== st.status) return false;
    if (st.due && !dueMatches(el, st.due, get)) return false;
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
    showElsewhere(st, shown);
    var q = query(st);
    carry.forEach(function (a) {
      var href = a.getAttribute("data-href");
      var cut = href.search(/[?#]/);
      var base = cut < 0 ? href : href.slice(0, cut);
      var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "";
      a.setAttribute("href", base + q + hash);
    });
  }

  /* --- a view whose rows span several pages: count the matches on the others --------- */

  var index = null;  // {rows: [{depts, state|kind|status|due, page}], pages: [{url, title}]}
  var across = form.querySelector(".remit-filter__across");

  function loadIndex() {
    var src = form.getAttribute("data-index");
    if (!src || !across || !window.fetch) return;
    var base = new URL(src, location.href);
    fetch(base.href).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      var depts = data.depts.map(function (d) { return d[0]; });
      var rows = data.rows.map(function (r) {
        var row = {};
        data.fields.forEach(function (name, i) {
          var v = r[i];
          if (name === "depts") v = v.map(function (j) { return depts[j]; }).join(" ");
          else if (data.values[name]) v = data.values[name][v];
          row[name] = v;
        });
        return row;
      });
      var pages = data.pages.map(function (pg) {
        var url = new URL(pg[0], base);
        return {url: url.pathname, title: pg[1]};
      });
      addDepartments(data.depts);
      index = {rows: rows, pages: pages};
      var st = fromAddress();  // a department of another page is now offered by name
      toControls(st);
      apply(st);
    }).catch(function () { /* the page's own rows still filter; the note says so */ });
  }

  /* Offer every department of the view, not only those of this page, by name. */
  function addDepartments(list) {
    var select = byName("dept");
    if (!select) return;
    var have = {};
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.value && o.textContent !== o.value) have[o.value] = true;
    });
    var keep = select.value;
    var options = Array.prototype.slice.call(select.options, 1).filter(function (o) {
      return have[o.value];
    });
    list.forEach(function (d) {
      if (have[d[0]]) return;
      var o = document.createElement("option");
      o.value = d[0];
      o.textContent = d[1];
      options.push(o);
    });
    options.sort(function (a, b) {
      return a.textContent < b.textContent ? -1 : a.textContent > b.textContent ? 1 :
        (a.value < b.value ? -1 : 1);
    });
    while (select.options.length > 1) select.remove(1);
    options.forEach(function (o) { select.appendChild(o); });
    select.value = keep;
  }

  function showElsewhere(st, here) {
    if (!across || !index) return;
    var filtered = FILTERS.some(function (n) { return n !== "sort" && st[n]; });
    across.hidden = !filtered;
    if (!filtered) return;
    var get = function (row, name) { return row[name]; };
    var all = 0;
    var byPage = {};
    index.rows.forEach(function (row) {
      if (!matches(row, st, get)) return;
      all += 1;
      byPage[row.page] = (byPage[row.page] || 0) + 1;
    });
    across.textContent = form.getAttribute("data-across").replace("{all}", String(all))
      .replace("{here}", String(here));
    var q = query(st);
    var links = [];
    index.pages.forEach(function (pg, i) {
      if (!byPage[i] || pg.url === location.pathname) return;
      var a = document.createElement("a");
      a.href = pg.url + q;
      a.textContent = form.getAttribute("data-page-count").replace("{page}", pg.title)
        .replace("{n}", String(byPage[i]));
      links.push(a);
    });
    if (links.length) {
      across.appendChild(document.createTextNode(" " + form.getAttribute("data-on-pages")));
      links.forEach(function (a, i) {
        across.appendChild(document.createTextNode(i ? " · " : " "));
        across.appendChild(a);
      });
    }
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
  // a bar of the dashboard's chart shows its state (keeping the other filters)
  document.querySelectorAll(".remit-chart .remit-bar a[href^='#']").forEach(function (a) {
    var state = a.closest(".remit-bar").getAttribute("data-state");
    var select = byName("state");
    if (!select || !offered(select, state)) return;
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var st = fromControls();
      st.state = state;
      toControls(st);
      toAddress(st, true);
      apply(st);
      var head = document.getElementById(state);
      if (head) head.scrollIntoView();
    });
  });
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
  loadIndex();
})();
