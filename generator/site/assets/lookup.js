/* remit: the "Who is responsible?" page.
 *
 * Plain JavaScript, no dependencies, no server: it fetches small JSON files next to the
 * page (lookup/data/, written by generator/lookup_site.py) only when a query needs them.
 *
 * Two ports of Python live here and must stay in step with it:
 *   - normalize/compact/runs/units/score/rank/pick/queryTokens: generator/matching.py
 *   - route(): generator/routing.py (the reason templates come from the manifest, i.e.
 *     from routing.REASONS itself, so the sentences are the CLI's sentences).
 * The browser tests compare the page with the CLI for every matter and asset of the
 * example registry.
 *
 * Registry text is only ever inserted with textContent; links are built from checked
 * schemes (tel:, mailto:, http:, https:).
 */
(function () {
  "use strict";
  // Loaded again (Material's instant navigation re-runs the page's scripts): the first
  // copy already holds the data cache and listens to document$; let it start the page.
  if (window.remitLookup && window.remitLookup.init) { window.remitLookup.init(); return; }

  // --- text: port of generator/matching.py -------------------------------------------

  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  // exactly Python's str.isspace()
  var SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var ALNUM = /[\p{L}\p{N}]/u;
  var ALPHA = /\p{L}/u;
  var DIGIT = /\p{Nd}/u;
  var RUN_MIN = 3, RUN_MAX = 8, PREFIX_MAX = 10, WHOLE_MAX = 40;

  function normalize(s) { return String(s).normalize("NFKC").toLowerCase(); }

  function compact(s) {
    var out = "";
    for (var ch of normalize(s)) if (!SPACE.test(ch)) out += ch;
    return out;
  }

  function cpLen(s) { var n = 0; for (var _ of s) n++; return n; } // eslint-disable-line no-unused-vars

  function runs(s) {
    var out = [], kind = "", cur = [];
    for (var ch of normalize(s)) {
      var k = CJK.test(ch) ? "c" : (ALNUM.test(ch) ? "w" : "");
      if (k !== kind) {
        if (kind && cur.length) out.push([kind, cur]);
        kind = k; cur = [];
      }
      if (k) cur.push(ch);
    }
    if (kind && cur.length) out.push([kind, cur]);
    return out; // [kind, array of code points]
  }

  function units(s) {
    var out = [];
    runs(s).forEach(function (r) {
      var cs = r[1], pieces = [];
      if (r[0] === "w" || cs.length === 1) pieces = [cs.join("")];
      else for (var i = 0; i < cs.length - 1; i++) pieces.push(cs[i] + cs[i + 1]);
      pieces.forEach(function (p) { if (out.indexOf(p) < 0) out.push(p); });
    });
    return out;
  }

  function cmpStr(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  function queryTokens(q) {
    var qc = compact(q), first = [], ql = cpLen(qc);
    if (ql >= RUN_MIN && ql <= WHOLE_MAX) first.push(qc); // a whole name, alias, keyword or id
    var rs = runs(q);
    var longs = [], seen = {};
    rs.forEach(function (r) {
      if (r[0] === "c" && r[1].length >= RUN_MIN && r[1].length <= RUN_MAX) {
        var s = r[1].join("");
        if (!seen[s]) { seen[s] = 1; longs.push([r[1].length, s]); }
      }
    });
    longs.sort(function (a, b) { return b[0] - a[0] || cmpStr(a[1], b[1]); });
    var words = [], wseen = {};
    rs.forEach(function (r) {
      if (r[0] !== "w" || r[1].length < 2) return;
      var cs = r[1], hasA = cs.some(function (c) { return ALPHA.test(c); });
      var hasD = cs.some(function (c) { return DIGIT.test(c); });
      var tok = hasA ? cs.slice(0, PREFIX_MAX).join("") : cs.join("");
      var key = (hasA && hasD ? 0 : 1) + "\u0000" + tok;
      if (!wseen[key]) { wseen[key] = 1; words.push([hasA && hasD ? 0 : 1, cpLen(tok), tok]); }
    });
    words.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] || cmpStr(a[2], b[2]); });
    var bigrams = [];
    rs.forEach(function (r) {
      if (r[0] !== "c" || r[1].length < 2) return;
      var cs = r[1], grams = [], order = [];
      for (var i = 0; i < cs.length - 1; i++) { grams.push(cs[i] + cs[i + 1]); order.push(i); }
      var n = grams.length;
      order.sort(function (a, b) {
        return Math.min(a, n - 1 - a) - Math.min(b, n - 1 - b) || a - b;
      });
      order.forEach(function (i) { bigrams.push(grams[i]); });
    });
    var out = [];
    first.concat(longs.map(function (x) { return x[1]; }),
      words.map(function (x) { return x[2]; }), bigrams).forEach(function (t) {
      if (out.indexOf(t) < 0) out.push(t);
    });
    return out;
  }

  // The tokens every entry containing the query must carry: its bigrams and its words
  // (a word may be a prefix). The rarest of them bounds the candidates; whole names and
  // runs are extra hints only.
  function safeTokens(q) {
    var out = new Set();
    runs(q).forEach(function (r) {
      var cs = r[1];
      if (r[0] === "w" && cs.length >= 2) {
        var hasA = cs.some(function (c) { return ALPHA.test(c); });
        out.add(hasA ? cs.slice(0, PREFIX_MAX).join("") : cs.join(""));
      } else if (r[0] === "c") {
        for (var i = 0; i < cs.length - 1; i++) out.add(cs[i] + cs[i + 1]);
      }
    });
    return out;
  }

  var S = null; // scoring constants from the manifest (generator/matching.py)

  function makeDoc(kind, e) {
    var doc = { kind: kind, entry: e, id: e[0], name: e[1], aliases: [], keywords: [],
      location: "", type: "", depth: 0, hint: "" };
    if (kind === "a") {
      doc.type = e[2] >= 0 && man.types[e[2]] ? man.types[e[2]][0] : "";
      doc.typeName = e[2] >= 0 && man.types[e[2]] ? man.types[e[2]][1] : "";
      doc.depth = e[3]; doc.aliases = e[4]; doc.location = e[5] || "";
      doc.hint = doc.typeName + (doc.location ? man.w.hint_sep + doc.location : "");
    } else {
      doc.hint = e[2] || ""; doc.aliases = e[3]; doc.keywords = e[4];
    }
    var fs = [[compact(doc.id), "id"], [compact(doc.name), "name"]];
    doc.aliases.forEach(function (x) { fs.push([compact(x), "alias"]); });
    doc.keywords.forEach(function (x) { fs.push([compact(x), "keyword"]); });
    if (doc.location) fs.push([compact(doc.location), "location"]);
    doc.fields = fs.filter(function (f) { return f[0]; }).map(function (f) {
      return [f[0], f[1], cpLen(f[0])];
    });
    doc.alltext = doc.fields.map(function (f) { return f[0]; }).join("\u0001");
    doc.nameLen = cpLen(doc.name);
    return doc;
  }

  // weights: unit -> log(1 + N / df) (unitWeights); a unit no entry holds weighs 0
  function score(qc, ql, qunits, doc, weights) {
    if (!qc) return 0;
    var best = 0;
    for (var i = 0; i < doc.fields.length; i++) {
      var text = doc.fields[i][0], kind = doc.fields[i][1], n = doc.fields[i][2], v;
      if (text === qc) v = S.exact[kind];
      else if (text.startsWith(qc)) v = S.prefix[kind] + S.span[kind] * ql / n;
      else if (text.indexOf(qc) >= 0) v = S.contains[kind] + S.span[kind] * ql / n;
      else if ((kind === "name" || kind === "alias" || kind === "keyword") && n >= 2 &&
               qc.indexOf(text) >= 0) v = S.inside_base + S.inside_span * n / ql;
      else v = 0;
      if (v > best) best = v;
    }
    var cover = 0;
    if (qunits.length) {
      var total = 0, found = 0;
      for (var j = 0; j < qunits.length; j++) {
        var w = weights ? (weights[qunits[j]] || 0) : 1;
        total += w;
        if (w && doc.alltext.indexOf(qunits[j]) >= 0) found += w;
      }
      if (total > 0) {
        cover = found / total;
        if (S.cover_span * cover > best) best = S.cover_span * cover;
      }
    }
    return best ? best + S.cover_tie * cover : 0;
  }

  // port of matching.unit_weights; df: unit -> the entries holding it (from the index)
  function unitWeights(qunits, df, n) {
    var out = {};
    qunits.forEach(function (u) {
      var d = (cpLen(u) > 1 || !CJK.test(u)) ? (df[u] || 0) : 0;
      out[u] = d ? Math.log(1 + n / d) : 0;
    });
    return out;
  }

  function rank(q, docs, prefer, limit, weights) {
    var qc = compact(q), ql = cpLen(qc), qu = units(q), out = [];
    docs.forEach(function (doc) {
      var s = score(qc, ql, qu, doc, weights);
      if (s > 0) {
        if (prefer && prefer.length && prefer.indexOf(doc.type) >= 0) s += S.type_bonus;
        out.push({ doc: doc, score: s });
      }
    });
    out.sort(function (a, b) {
      return b.score - a.score || a.doc.depth - b.doc.depth ||
        a.doc.nameLen - b.doc.nameLen || cmpStr(a.doc.id, b.doc.id);
    });
    return out.slice(0, limit || 10);
  }

  function pick(cands, prefer) {
    if (!cands.length || cands[0].score < S.min_score) return null;
    if (cands.length > 1 && cands[1].score === cands[0].score) return null;
    if (prefer && prefer.length && prefer.indexOf(cands[0].doc.type) < 0 &&
        cands.some(function (c) { return prefer.indexOf(c.doc.type) >= 0; })) return null;
    return cands[0].doc;
  }

  // One box: the words left once the matter's own are cut out, searched as the place
  // (port of matching.place_words).
  var REST_MIN = 2;
  var SPACES = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
    "\\u202f\\u205f\\u3000]";

  function placeWords(q, doc) {
    var qc = compact(q), best = "", bestLen = 0;
    doc.fields.forEach(function (f) {
      if (f[1] !== "location" && f[2] >= 2 && f[2] > bestLen && qc.indexOf(f[0]) >= 0) {
        best = f[0]; bestLen = f[2];
      }
    });
    if (!best) return null;
    var s = normalize(q);
    var m = new RegExp(Array.from(best).map(function (ch) {
      return ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join(SPACES + "*"), "u").exec(s);
    if (!m) return null;
    var rest = (s.slice(0, m.index) + " " + s.slice(m.index + m[0].length))
      .replace(new RegExp(SPACES + "+", "gu"), " ").replace(/^ | $/g, "");
    return cpLen(compact(rest)) >= REST_MIN ? rest : null;
  }

  // --- data --------------------------------------------------------------------------

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  var base = null, man = null, manP = null, scriptURL = null;
  var cache = new Map();
  var stats = { bytes: 0, requests: 0 };
  var decoder = new TextDecoder("utf-8");

  function getJSON(path) {
    if (cache.has(path)) return cache.get(path);
    var p = fetch(base + path, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      stats.bytes += buf.byteLength; stats.requests += 1;
      return JSON.parse(decoder.decode(buf));
    });
    cache.set(path, p);
    p.catch(function () { cache.delete(path); });
    return p;
  }

  function manifest() {
    if (!manP) {
      manP = getJSON("manifest.json").then(function (m) { man = m; S = m.score; return m; });
      manP.catch(function () { manP = null; });
    }
    return manP;
  }

  // Asset facts as lookup_site.pack_facts stores them -> lookup_site.asset_facts.
  function unpackFacts(P, ids) {
    var c = P.c;
    function dep(i) { return i === null || i === undefined ? null : ids[i]; }
    function src(k) { return k ? c[k] : null; }
    var d = {};
    Object.keys(P.d).forEach(function (duty) {
      var r = P.d[duty];
      d[duty] = [r[0].map(dep), r.length > 2 ? r[2] : null, src(r[1])];
    });
    return {
      n: c[0], t: P.t, d: d, o: P.o ? [dep(P.o[0]), src(P.o[1])] : null,
      h: (P.h || []).map(function (r) {
        return [c[r[0]], dep(r[1]), dep(r[2]), r[3], r[4], r[5], r[6], dep(r[7])];
      }),
      p: (P.p || []).map(function (r) {
        return [r[0], r[1] === null ? null : c[r[1]], r[2], r[3], r[4].map(dep), dep(r[5]),
          dep(r[6])];
      })
    };
  }

  function record(kind, id) {
    var n = man.n[kind];
    return getJSON(kind + "/" + (fnv1a(id) % n) + ".json").then(function (shard) {
      if (kind === "dp" || kind === "es") return own(shard, id) ? shard[id] : null;
      if (!own(shard.r, id)) return null;
      if (kind === "as") {
        var ids = [], names = {};
        shard.n.forEach(function (x) { ids.push(x[0]); names[x[0]] = x[1]; });
        return { rec: unpackFacts(shard.r[id], ids), names: names };
      }
      return { rec: shard.r[id], names: shard.n };
    });
  }

  function loadToken(kind, tok) {
    var ix = man.ix[kind];
    var s = fnv1a(tok) % ix.n;
    return getJSON("ix/" + kind + "/" + s + ".json").then(function (shard) {
      var t = Object.prototype.hasOwnProperty.call(shard.t, tok) ? shard.t[tok] : null;
      if (!t) return { tok: tok, df: 0, entries: [], stem: "", pages: 0 };
      return { tok: tok, df: t[0], entries: t[1].map(function (i) { return shard.d[i]; }),
        stem: t[2], pages: t[3] };
    });
  }

  var MAX_TOKENS = 6, MAX_UNITS = 16, BOX_BUDGET = 40000, LIMIT = 10;
  var ID_LIKE = /^[a-z0-9]+(-[a-z0-9]+)+$/;

  // Does a fetched list hold an entry named exactly by the query? 2: by its id, 1: by its
  // name or an alias, 0: no.
  function exactIn(kind, loaded, qc) {
    var ai = kind === "a" ? 4 : 3, found = 0;
    loaded.forEach(function (l) {
      l.entries.forEach(function (e) {
        if (compact(e[0]) === qc) found = 2;
        else if (!found && (compact(e[1]) === qc ||
                 e[ai].some(function (x) { return compact(x) === qc; }))) found = 1;
      });
    });
    return found;
  }

  // Candidates for a query. Fetch the shards of a few tokens, most selective first; stop as
  // soon as a safe token is rare enough to be listed whole, or once a list holds an entry
  // the query names exactly (by its id: at once; by its name: once three tokens are in,
  // so that entries containing the name come too). The
  // rarest safe token is then listed whole (its pages) unless the query was named exactly;
  // everything fetched is ranked with score().
  async function search(kind, q, prefer, limit, only) {
    await manifest();
    var ix = man.ix[kind];
    var toks = queryTokens(q), safe = safeTokens(q);
    if (!toks.length) return { status: "short", items: [], complete: true, total: 0 };
    var qc = compact(q), start = stats.bytes, loaded = [], i = 0, best = null, b = 0;
    var exact = 0, missing = false;
    // an id is looked up on its own first; other words three tokens at a time (the whole
    // query or its longest run, then bigrams from both ends, which are often the rarest)
    var batches = ID_LIKE.test(qc) ? [1, 2, 3] : [3, 3];
    while (i < toks.length && i < MAX_TOKENS) {
      var batch = toks.slice(i, i + batches[Math.min(b++, batches.length - 1)]);
      i += batch.length;
      var got = await Promise.all(batch.map(function (t) { return loadToken(kind, t); }));
      loaded = loaded.concat(got);
      best = null;
      loaded.forEach(function (l) {
        if (l.df > 0 && safe.has(l.tok) && (!best || l.df < best.df)) best = l;
      });
      missing = loaded.some(function (l) { return l.df === 0 && safe.has(l.tok); });
      exact = exactIn(kind, loaded, qc);
      // a word no entry holds (怎么, 了怎) no longer ends the search: the others still rank
      if (best && best.df <= ix.listed) break;
      if (exact === 2 || (exact && loaded.length >= 3)) break;
      if (stats.bytes - start > BOX_BUDGET / 2) break;
    }
    var extra = [];
    if (!exact && best && best.df > best.entries.length && best.df <= ix.listed &&
        best.pages) {
      var pages = [];
      for (var p = 1; p <= best.pages; p++) {
        pages.push(getJSON("ix/" + kind + "/p/" + best.stem + "." + p + ".json"));
      }
      (await Promise.all(pages)).forEach(function (pg) { extra = extra.concat(pg.d); });
    }
    // every unit of the question weighs by how many entries hold it (its token's count):
    // fetch the units not fetched yet (their shards are mostly cached already)
    var qu = units(q), tokOf = {}, have = {}, more = [];
    loaded.forEach(function (l) { have[l.tok] = l; });
    qu.forEach(function (u) {
      var cs = Array.from(u);
      if (cs.length < 2) return;  // a lone character weighs nothing (no token)
      var tok = cs.some(function (c) { return ALPHA.test(c); }) && !CJK.test(cs[0])
        ? cs.slice(0, PREFIX_MAX).join("") : u;
      tokOf[u] = tok;
      if (!have[tok] && more.indexOf(tok) < 0 && more.length < MAX_UNITS) more.push(tok);
    });
    // an id, or a query naming an entry exactly, counts its pieces alike (matching.rank)
    var uniform = ID_LIKE.test(qc) || exactIn(kind, loaded, qc) > 0;
    if (more.length && !uniform && stats.bytes - start < BOX_BUDGET / 2) {
      var got2 = await Promise.all(more.map(function (t) { return loadToken(kind, t); }));
      got2.forEach(function (l) { have[l.tok] = l; });
      loaded = loaded.concat(got2);
    }
    var df = {};
    Object.keys(tokOf).forEach(function (u) { df[u] = have[tokOf[u]] ? have[tokOf[u]].df : 0; });
    var pool = new Map();
    loaded.forEach(function (l) {
      l.entries.forEach(function (e) { if (!pool.has(e[0])) pool.set(e[0], e); });
    });
    extra.forEach(function (e) { if (!pool.has(e[0])) pool.set(e[0], e); });
    var docs = [];
    pool.forEach(function (e) {
      var doc = makeDoc(kind, e);
      // only assets of these types (matching.rank's only_types; the units still weigh by
      // the counts of the whole index)
      if (!only || !only.length || only.indexOf(doc.type) >= 0) docs.push(doc);
    });
    var items = rank(q, docs, prefer, limit || LIMIT,
      uniform ? null : unitWeights(qu, df, ix.docs));
    var complete = missing || !!(best && best.df <= best.entries.length + extra.length);
    return { status: items.length ? "ok" : "none", items: items, chosen: pick(items, prefer),
      complete: complete, total: best ? best.df : 0, pool: docs.length };
  }

  // --- routing: port of generator/routing.py -----------------------------------------

  // as words.t: a value ending with a full stop ("Acme Corp.") swallows the template's own
  function fmt(tpl, params) {
    return tpl.replace(/\{(\w+)\}(\.?)/g, function (m, k, stop) {
      if (!Object.prototype.hasOwnProperty.call(params, k)) return m;
      var v = String(params[k]);
      return v + (stop && v.charAt(v.length - 1) === "." ? "" : stop);
    });
  }

  function todayISO() {
    var d = new Date();
    function p2(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + p2(d.getMonth() + 1) + "-" + p2(d.getDate());
  }

  function handoverState(h, today) {
    var status = h[4], due = h[6];
    if (status === "accepted") return "accepted";
    if (status === "disputed") return "disputed";
    if (due && due < today) return "overdue";
    return status;
  }

  function dutyName(duty) {
    return Object.prototype.hasOwnProperty.call(man.duties, duty) ? man.duties[duty] : duty;
  }

  function typeName(id) {
    for (var i = 0; i < man.types.length; i++) if (man.types[i][0] === id) return man.types[i][1];
    return id;
  }

  function own(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k); }

  // M: matter record, mNames: its shard's names; F: asset facts or null, fNames likewise.
  function route(M, mNames, F, fNames, today) {
    var lang = man.lang, t = man.t.reasons, states = man.t.states;
    function name(id) {
      if (!id) return "";
      if (own(fNames, id)) return fNames[id];
      if (own(mNames, id)) return mNames[id];
      return id;
    }
    var reasons = [], gap = false, dept = null, holders = [], usedHandover = null;
    var usedDispute = null;
    // each reason said; one with a short form (routing.WHY_KEYS: the manifest's t.why)
    // sets the first line's "why" (the last one said wins)
    var why = "";
    function say(key, params) {
      reasons.push(fmt(t[key], params));
      if (own(man.t.why, key)) why = fmt(man.t.why[key], params);
    }
    if (M.hb) {
      dept = M.hb; holders = [dept];
      say("handled_by", { matter: M.n, dept: name(dept) });
    } else if (!F) {
      dept = M.fc;
      var types = M.at.map(typeName).join(t.and);
      say(dept ? "no_asset" : "no_asset_nofirst", {
        matter: M.n, duty: dutyName(M.du || ""), first: name(dept), types: types });
    } else {
      var duty = M.du || "", dn = dutyName(duty);
      if (M.at.length && M.at.indexOf(F.t) < 0) {
        say("type_mismatch", { asset: F.n, type: typeName(F.t), matter: M.n,
          types: M.at.map(typeName).join(t.and) });
      }
      var held = duty && own(F.d, duty) ? F.d[duty] : null;
      var dutyAt = reasons.length;
      if (held) {
        var by = held[0];
        dept = by[0]; holders = by.slice();
        if (by.length > 1) {
          var depts = by.map(name).join(t.and);
          if (held[1]) {
            say("duty_shared", { asset: F.n, duty: dn, depts: depts,
              split: held[1], dept: name(dept) });
          } else {
            gap = true;
            say("duty_shared_nosplit", { asset: F.n, duty: dn, depts: depts,
              dept: name(dept) });
          }
        } else if (held[2] !== null) {
          say("duty_inherited", { asset: F.n, parent: held[2], duty: dn,
            dept: name(dept) });
        } else {
          say("duty_direct", { asset: F.n, duty: dn, dept: name(dept) });
        }
      } else if (F.o) {
        dept = F.o[0]; holders = [dept];
        if (F.o[1] === null) {
          say("owner", { asset: F.n, duty: dn, dept: name(dept) });
        } else {
          say("owner_inherited", { asset: F.n, duty: dn, parent: F.o[1],
            dept: name(dept) });
        }
      } else {
        gap = true; dept = M.fc;
        say(dept ? "nobody" : "nobody_nofirst", { asset: F.n, duty: dn,
          first: name(dept) });
      }
      // 3. handovers not accepted
      var found = null;
      for (var i = 0; i < F.h.length; i++) {
        var h = F.h[i];
        if (!duty || !h[3].length || h[3].indexOf(duty) >= 0) { found = h; break; }
      }
      if (found) {
        var st = handoverState(found, today);
        var phrase = duty ? fmt(t.its_duty, { duty: dn }) : t.all_duties;
        var parts = [];
        if (found[5]) parts.push(fmt(t.since, { since: found[5] }));
        if (found[6]) parts.push(fmt(t.due, { due: found[6] }));
        var dates = parts.length ? t.sep + parts.join(t.sep) : "";
        // a handover of named duties speaks of the duty, not of the whole asset
        var byDuty = duty && found[3].length ? "_duty" : "";
        if (found[4] === "accepted") {
          if (held && holders.indexOf(found[1]) >= 0 && holders.indexOf(found[2]) < 0) {
            var stale = fmt(t["handover_accepted_stale" + byDuty], { asset: found[0],
              to: name(found[2]), duty: dn, dept: name(found[1]) });
            why = fmt(man.t.why.duty_direct, { asset: found[0], duty: dn,
              dept: name(found[1]) });
            if (holders.length === 1) reasons[dutyAt] = stale;
            else reasons.push(stale);
          } else if (found[5]) {
            say("handover_accepted" + byDuty, { asset: found[0],
              to: name(found[2]), date: found[5], duty: dn });
          }
        } else {
          usedHandover = found;
          var key = "handover_interim";
          if (found[7]) dept = found[7];
          else { dept = found[1]; gap = true; key = "handover_builder"; }
          say(key + byDuty, { asset: found[0], to: name(found[2]),
            state: states[st], dates: dates, duty_phrase: phrase, dept: name(dept), duty: dn });
        }
      }
    }
    // 4. open disputes (Directory.open_disputes)
    var disputes = [], seen = {};
    var mduty = M.du;
    if (F) {
      F.p.forEach(function (dp) {
        if (seen[dp[0]]) return;
        if (dp[2] === M.id || (!dp[2] && mduty && (!dp[3] || dp[3] === mduty))) {
          seen[dp[0]] = 1; disputes.push(dp);
        }
      });
    }
    M.p.forEach(function (dp) {
      if (!seen[dp[0]]) { seen[dp[0]] = 1; disputes.push(dp); }
    });
    if (disputes.length) {
      var dp = disputes[0];
      usedDispute = dp;
      var sp = [];
      if (dp[1]) sp.push(dp[1]);
      if (dp[3]) sp.push(fmt(t.duty_named, { duty: dutyName(dp[3]) }));
      if (!sp.length) sp.push(M.n);
      var subject = sp.join(t.subject_sep);
      var parties = dp[4].map(name).join(t.and);
      if (dp[6]) {
        dept = dp[6];
        say("dispute", { subject: subject, parties: parties,
          arbiter: name(dp[5]) || "?", dept: name(dept) });
      } else {
        say("dispute_nointerim", { subject: subject, parties: parties });
      }
    }
    if (M.tl) say("time_limit", { limit: M.tl });
    if (M.es) say("escalate", { path: M.es[1] });
    return { department: dept, departmentName: dept ? name(dept) : "", reasons: reasons,
      gap: gap, holders: holders, handover: usedHandover, dispute: usedDispute, why: why };
  }

  // --- what to do now: port of generator/answers/act_now.py --------------------------
  // Hours come parsed (lookup_site.hours_rules: [days mask, start, end, ...] per rule;
  // none: free text, never guessed); the clock is the visitor's.

  var DAY_MINUTES = 1440;

  function spansOf(rules, wd) { // Hours._spans_of, without public holidays
    var s = [];
    rules.forEach(function (r) { if (r[0] & (1 << wd)) s = r.slice(1); });
    return s;
  }

  function hoursOpen(rules, t) { // Hours.open_at: spans past midnight count the next morning
    var minute = t.getHours() * 60 + t.getMinutes(), wd = (t.getDay() + 6) % 7;
    var days = [[spansOf(rules, wd), 0], [spansOf(rules, (wd + 6) % 7), DAY_MINUTES]];
    for (var k = 0; k < 2; k++) {
      var s = days[k][0], off = days[k][1];
      for (var i = 0; i + 1 < s.length; i += 2) {
        if (s[i] <= minute + off && minute + off < s[i + 1]) return true;
      }
    }
    return false;
  }

  function nextOpen(rules, when) { // Hours.next_open: 15-minute steps, within a week
    var t = new Date(when.getTime());
    t.setSeconds(0, 0);
    for (var k = 0; k < 8 * 96; k++) {
      t.setMinutes(t.getMinutes() + 15);
      t.setMinutes(t.getMinutes() - t.getMinutes() % 15);
      if (hoursOpen(rules, t)) return new Date(t.getTime());
    }
    return null;
  }

  function openAt(c, now) { return c.hr ? hoursOpen(c.hr, now) : null; }

  function servesMatter(c, M) {
    return !c.sv || !c.sv.length || c.sv.indexOf(M.id) >= 0 || c.sv.indexOf(M.du || "") >= 0;
  }

  // the body's contacts for this matter (all when none says what it serves); public: the
  // ones the first line may name (the staff build's records carry internal ones too)
  function shownContacts(dep, M) {
    return dep ? dep.c.filter(function (c) { return servesMatter(c, M); }) : [];
  }
  function relevantContacts(dep, M) {
    return shownContacts(dep, M).filter(function (c) { return !c.i; });
  }

  function reachable(c) { return !!(c.p || c.e || c.u); }

  function afterHoursContact(M, dept, recs) {
    var ids = [dept, M.fc, man.site.fb];
    for (var k = 0; k < ids.length; k++) {
      var dep = ids[k] && own(recs, ids[k]) ? recs[ids[k]] : null;
      if (!dep) continue;
      var cs = relevantContacts(dep, M);
      for (var i = 0; i < cs.length; i++) {
        if ((cs[i].p || cs[i].u) && cs[i].nt) return { id: ids[k], dep: dep, c: cs[i] };
      }
    }
    return null;
  }

  function p2(n) { return (n < 10 ? "0" : "") + n; }

  function sameDay(a, b) {
    return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function whenText(x, now) {
    var A = man.t.act, day;
    if (sameDay(x, now)) day = "today";
    else if (sameDay(x, new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1))) {
      day = "tomorrow";
    } else day = "wd" + ((x.getDay() + 6) % 7);
    return fmt(A.when, { day: A["day." + day], time: x.getHours() + ":" + p2(x.getMinutes()) });
  }

  function how(c) {
    var W = man.t.answer;
    if (c.p) return fmt(W.phone, { x: c.p });
    if (c.e) return fmt(W.email, { x: c.e });
    return fmt(W.url, { x: c.u || "" });
  }

  // act_now.call_now: {text, department, contact, open (null: unknown), opens, afterHours}
  function callNow(M, dept, why, now, recs) {
    var A = man.t.act, fbId = man.site.fb;
    var dep = dept && own(recs, dept) ? recs[dept] : null;
    var fb = fbId && own(recs, fbId) ? recs[fbId] : null;
    if (!dep) {
      if (fb) {
        var fcs = fb.c.filter(function (c) { return !c.i && reachable(c); });
        if (fcs.length) {
          return { text: fmt(A.fallback, { dept: fb.n, how: how(fcs[0]) }), department: fbId,
            contact: fcs[0], open: null };
        }
      }
      return { text: A.nobody, department: null, contact: null, open: null };
    }
    var cs = relevantContacts(dep, M).filter(reachable);
    if (!cs.length) {
      return { text: fmt(A.no_contact, { dept: dep.n, why: why }), department: dept,
        contact: null, open: null };
    }
    var phones = cs.filter(function (c) { return c.p; });
    if (!phones.length) phones = cs;
    var c, isOpen = null;
    if (now) {
      var openOnes = phones.filter(function (x) { return openAt(x, now) !== false; });
      if (!openOnes.length) {
        var soonest = [];
        phones.forEach(function (x, k) {
          var o = x.hr ? nextOpen(x.hr, now) : null;
          if (o) soonest.push([o, k]);
        });
        soonest.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
        var opens = soonest.length ? soonest[0][0] : null;
        var first = soonest.length ? phones[soonest[0][1]] : phones[0];
        var when = opens ? whenText(opens, now) : "";
        var night = M.ur ? afterHoursContact(M, dept, recs) : null;
        if (night) {
          return { text: fmt(A.closed_urgent, { dept: dep.n, when: when, night: night.dep.n,
            role: night.c.r, how: how(night.c), why: why }), department: night.id,
            contact: night.c, open: false, opens: opens, afterHours: true };
        }
        return { text: fmt(A[M.ur ? "closed_urgent_nobody" : "closed"], { dept: dep.n,
          role: first.r, how: how(first), when: when, why: why }), department: dept,
          contact: first, open: false, opens: opens };
      }
      c = openOnes[0];
      isOpen = openAt(c, now);
    } else {
      c = phones[0];
    }
    return { text: fmt(A[c.p ? "call" : "write"], { dept: dep.n, role: c.r, how: how(c),
      why: why }), department: dept, contact: c, open: isOpen };
  }

  // days since the contact was last checked, when more than the registry allows
  // (routing.stale_days), counted from the visitor's date
  function staleDays(c, now) {
    if (!c.v) return null;
    var v = c.v.split("-").map(Number);
    var age = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) -
      Date.UTC(v[0], v[1] - 1, v[2])) / 86400000);
    return age > man.site.age ? age : null;
  }

  // the first line and the out-of-hours contact of an answer at `now`; `address` (the
  // answer's page) and `at` ([lon, lat] or null) for its messages (lookup-report.js)
  function act(res, now, address, at) {
    var M = res.M;
    res.call = callNow(M, res.department, res.why, now, res.recs);
    res.night = M.ur ? afterHoursContact(M, res.department, res.recs) : null;
    res.now = now; res.address = address; res.at = at;
    return res;
  }

  // The whole answer for matter id `mid` on asset id `aid` (or null).
  async function answer(mid, aid, today) {
    await manifest();
    var got = await Promise.all([record("mt", mid), aid ? record("as", aid) : null]);
    var mr = got[0], ar = got[1];
    if (!mr) return { error: "matter", id: mid };
    if (aid && !ar) return { error: "asset", id: aid };
    var M = Object.assign({ id: mid }, mr.rec);
    var res = route(M, mr.names, ar ? ar.rec : null, ar ? ar.names : null,
      today || todayISO());
    // the fallback: who answers out of hours last, and who to call when nobody is named
    var fb = man.site.fb && (M.ur || !res.department) ? man.site.fb : null;
    var more = await Promise.all([
      res.department ? record("dp", res.department) : null,
      M.es ? record("es", M.es[0]) : null,
      M.fc && M.fc !== res.department ? record("dp", M.fc) : null,
      fb && fb !== res.department && fb !== M.fc ? record("dp", fb) : null]);
    res.matter = { id: mid, name: M.n, timeLimit: M.tl, firstContact: M.fc,
      handledBy: M.hb, assetTypes: M.at };
    res.asset = ar ? { id: aid, name: ar.rec.n, type: ar.rec.t } : null;
    res.dept = more[0];
    res.path = more[1];
    res.first = more[2];
    res.M = M;
    res.recs = {}; // department id -> record, for the first line and the messages
    if (res.department && more[0]) res.recs[res.department] = more[0];
    if (M.fc) res.recs[M.fc] = M.fc === res.department ? more[0] : more[2];
    if (fb && more[3]) res.recs[fb] = more[3];
    return res;
  }


  // --- the page ----------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function safeHref(u) {
    return /^(https?:|mailto:|tel:)/i.test(u) ? u : null;
  }

  // a contact; with `now`, whether it is open now and whether it was checked too long ago
  function contactItem(c, w, now) {
    var li = el("li", "rl-contact");
    li.appendChild(el("span", "rl-contact-role", c.r + (c.nm ? " " + c.nm : "")));
    if (c.i) li.appendChild(el("span", "rl-contact-internal", w.internal || "internal"));
    var state = now ? openAt(c, now) : null;
    if (state !== null) {
      li.appendChild(el("span", "rl-open rl-open--" + (state ? "yes" : "no"),
        state ? w.open_now : w.closed_now));
    }
    var n = 0;
    function add(node) { // each part with its separator (the print view leaves some out)
      var part = el("span", "rl-part", n++ ? " · " : w.colon);
      part.appendChild(node);
      li.appendChild(part);
    }
    if (c.p) {
      var a = el("a", "rl-contact-phone", w.phone + " " + c.p);
      a.href = "tel:" + c.p.replace(/[^0-9+]/g, "");
      add(a);
    }
    if (c.e) {
      var m = el("a", "rl-contact-email", c.e);
      var href = safeHref("mailto:" + c.e);
      if (href && !/[\s:?/]/.test(c.e)) m.href = href;
      add(m);
    }
    if (c.u) {
      var h = safeHref(c.u);
      var u = el(h ? "a" : "span", "rl-contact-url", w.web);
      if (h) { u.href = h; u.rel = "noopener"; }
      add(u);
    }
    if (c.a) add(el("span", "rl-contact-address", w.address + " " + c.a));
    if (c.h) add(el("span", "rl-contact-hours", w.hours + " " + c.h));
    var age = now ? staleDays(c, now) : null;
    if (age !== null) li.appendChild(el("span", "rl-stale", fmt(w.stale, { n: age })));
    return li;
  }

  // a body's contacts; with the matter M, only those that serve it
  function contactList(dep, w, M, now) {
    var cs = dep ? (M ? shownContacts(dep, M) : dep.c) : [];
    if (!cs.length) return el("p", "rl-contact-none", w.no_contacts);
    var ul = el("ul", "rl-contacts");
    cs.forEach(function (c) { ul.appendChild(contactItem(c, w, now)); });
    return ul;
  }

  function button(cls, text) {
    var b = el("button", "rl-button " + cls, text);
    b.type = "button";
    return b;
  }

  // the answer's first line, in a box of its own with the number to call
  function nowBox(call, w) {
    var box = el("div", "rl-now rl-now--" + (call.open === true ? "open"
      : (call.open === false ? "closed" : "unknown")));
    box.appendChild(el("p", "rl-now-label", w.now));
    box.appendChild(el("p", "rl-now-line", call.text));
    if (call.contact && call.contact.p) {
      var tel = el("a", "rl-button rl-call", fmt(w.call, { x: call.contact.p }));
      tel.href = "tel:" + call.contact.p.replace(/[^0-9+]/g, "");
      var p = el("p", "rl-now-actions");
      p.appendChild(tel);
      box.appendChild(p);
    }
    return box;
  }

  // "report it" and "suggest a correction" (lookup-report.js, fetched when asked for) and
  // print
  function reportBox(res, w) {
    var wrap = el("section", "rl-report");
    wrap.appendChild(el("h3", null, w.report_title));
    var bar = el("p", "rl-report-actions");
    var open = button("rl-report-open", w.report_open);
    var print = button("rl-button--quiet rl-print", w.print);
    bar.appendChild(open);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(print);
    wrap.appendChild(bar);
    var panel = el("div", "rl-report-panel");
    wrap.appendChild(panel);
    open.addEventListener("click", function () {
      open.disabled = true;
      loadReport().then(function (R) {
        R.render(panel, res);
        open.hidden = true;
        var first = panel.querySelector("a, button");
        if (first) first.focus();
      }).catch(function () {
        open.disabled = false;
        panel.textContent = w.error;
      });
    });
    print.addEventListener("click", function () { window.print(); });
    return wrap;
  }

  function stamp(now) {
    return now.getFullYear() + "-" + p2(now.getMonth() + 1) + "-" + p2(now.getDate()) + " " +
      p2(now.getHours()) + ":" + p2(now.getMinutes());
  }

  // res: answer() with act() done; the page address and the time go to the print view
  function renderAnswer(box, res) {
    var w = man.w, now = res.now, M = res.M;
    box.textContent = "";
    var title = res.asset ? fmt(w.answer_for, { matter: res.matter.name, asset: res.asset.name })
      : res.matter.name;
    box.appendChild(el("h2", "rl-answer-title", title));
    box.appendChild(nowBox(res.call, w));
    var who = el("div", "rl-answer-who");
    who.appendChild(el("p", "rl-answer-label", w.department));
    who.appendChild(el("p", "rl-answer-dept",
      res.department ? (res.dept ? res.dept.n : res.departmentName) : "—"));
    who.appendChild(contactList(res.dept, w, M, now));
    box.appendChild(who);
    if (res.gap) box.appendChild(el("p", "rl-answer-gap", w.gap));
    var dl = el("dl", "rl-answer-facts");
    if (res.matter.timeLimit) {
      dl.appendChild(el("dt", null, w.time_limit));
      dl.appendChild(el("dd", "rl-answer-limit", res.matter.timeLimit));
    }
    if (res.night && res.night.id !== res.department) {
      dl.appendChild(el("dt", null, w.after_hours));
      var nd = el("dd", "rl-answer-night");
      nd.appendChild(el("span", null, res.night.dep.n));
      var nl = el("ul", "rl-contacts");
      nl.appendChild(contactItem(res.night.c, w, now));
      nd.appendChild(nl);
      dl.appendChild(nd);
    }
    if (res.first) {
      dl.appendChild(el("dt", null, w.first_contact));
      var dd = el("dd", "rl-answer-first");
      dd.appendChild(el("span", null, res.first.n));
      dd.appendChild(contactList(res.first, w, M, now));
      dl.appendChild(dd);
    }
    if (dl.childNodes.length) box.appendChild(dl);
    box.appendChild(el("h3", null, w.reasons));
    var ol = el("ol", "rl-answer-reasons");
    res.reasons.forEach(function (r) { ol.appendChild(el("li", null, r)); });
    box.appendChild(ol);
    if (res.path) {
      box.appendChild(el("h3", null, fmt(w.ladder, { path: res.path.n })));
      var lad = el("ol", "rl-answer-ladder");
      res.path.l.forEach(function (lv, i) {
        var li = el("li", "rl-level");
        var head = el("p", "rl-level-head");
        head.appendChild(el("strong", null, fmt(w.level, { n: i + 1 }) + " · " +
          (lv[1] ? man.w.at_intake || lv[0] : fmt(man.w.after || "{x}", { x: lv[0] }))));
        li.appendChild(head);
        if (lv[3]) li.appendChild(el("p", "rl-level-action", lv[3]));
        var ul = el("ul", "rl-level-who");
        lv[2].forEach(function (id) {
          var dep = own(res.path.dp, id) ? res.path.dp[id] : null;
          var wli = el("li", null);
          wli.appendChild(el("span", "rl-level-dept", dep ? dep.n : id));
          if (dep && dep.c.length) wli.appendChild(contactList(dep, w, null, null));
          ul.appendChild(wli);
        });
        li.appendChild(ul);
        lad.appendChild(li);
      });
      box.appendChild(lad);
    }
    box.appendChild(reportBox(res, w));
    var meta = el("div", "rl-print-meta");
    if (res.address) meta.appendChild(el("p", "rl-print-address", fmt(w.page_address,
      { x: res.address })));
    meta.appendChild(el("p", "rl-print-time", fmt(w.asked_at, { x: stamp(now) })));
    box.appendChild(meta);
    box.hidden = false;
    return fmt(w.announce, { title: title,
      department: res.department ? (res.dept ? res.dept.n : res.departmentName) : "—" }) +
      (res.gap ? " " + w.gap : "");
  }

  // no matter fits the words: whom to call anyway (site.fallback), never a dead end
  function renderNoMatch(box, fb) {
    var w = man.w;
    box.textContent = "";
    box.appendChild(el("h2", "rl-answer-title", w.nomatch_title));
    var cs = fb ? fb.c.filter(function (c) { return !c.i && reachable(c); }) : [];
    if (!cs.length) { box.hidden = false; return w.none_matter; }
    var text = fmt(man.t.fallback, { dept: fb.n, how: how(cs[0]) });
    box.appendChild(nowBox({ text: text, contact: cs[0], open: null }, w));
    var who = el("div", "rl-answer-who");
    who.appendChild(el("p", "rl-answer-dept", fb.n));
    who.appendChild(contactList(fb, w, null, new Date()));
    box.appendChild(who);
    box.hidden = false;
    return w.none_matter + " " + text;
  }

  // the status line screen readers announce (polite): emptied first, so the same sentence
  // twice is announced twice
  var announceTimer = 0;
  function announce(status, text) {
    if (!status) return;
    clearTimeout(announceTimer); // a later word (or silence) wins over one still pending
    status.textContent = "";
    if (text) announceTimer = setTimeout(function () { status.textContent = text; }, 50);
  }

  function Box(app, key, kind) {
    var self = this;
    this.app = app; this.kind = kind; this.key = key;
    this.input = app.root.querySelector("#remit-" + key);
    this.list = app.root.querySelector("#remit-" + key + "-list");
    this.note = app.root.querySelector("#remit-" + key + "-note");
    this.items = []; this.active = -1; this.chosen = null; this.explicit = false;
    this.seq = 0; this.composing = false; this.timer = 0; this.text = "";
    var inp = this.input;
    inp.addEventListener("compositionstart", function () { self.composing = true; });
    inp.addEventListener("compositionend", function () {
      self.composing = false; self.schedule(0);
    });
    inp.addEventListener("input", function (ev) {
      if (ev.isComposing || self.composing) return;
      self.schedule(40);
    });
    inp.addEventListener("keydown", function (ev) { self.key_(ev); });
    inp.addEventListener("focus", function () {
      if (self.items.length && !self.explicit) self.open(true);
    });
    inp.addEventListener("blur", function () {
      setTimeout(function () { self.open(false); }, 120);
    });
    this.list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  }

  Box.prototype.schedule = function (ms) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, ms);
  };

  Box.prototype.prefer = function () {
    var m = this.app.matter;
    return this.kind === "a" && m ? m.assetTypes : null;
  };

  Box.prototype.run = async function () {
    var q = this.input.value, w = man ? man.w : null, seq = ++this.seq;
    if (this.chosen && q === this.chosen.name) return;
    this.chosen = null; this.explicit = false; this.text = q;
    if (!compact(q)) {
      this.items = []; this.render(); this.say("");
      this.app.update();
      return;
    }
    var res;
    try {
      res = await search(this.kind, q, this.prefer());
    } catch (err) {
      if (seq === this.seq) this.say(man ? man.w.error : "…");
      return;
    }
    if (seq !== this.seq) return;
    w = man.w;
    this.items = res.items;
    this.active = res.items.length ? 0 : -1;
    this.chosen = res.chosen;
    this.render();
    this.open(res.items.length > 0 && document.activeElement === this.input);
    if (res.status === "short") this.say(w.short);
    else if (res.status === "none") this.say(this.kind === "m" ? w.none_matter : w.none_asset);
    else if (!res.complete && res.total > res.items.length) this.say(fmt(w.more, { n: res.items.length }));
    else if (!res.chosen) this.say(this.kind === "m" ? w.choose_matter : w.choose_asset);
    else this.say("");
    if (this.kind === "m" && res.status === "none") this.app.noMatch();
    else this.app.update();
  };

  Box.prototype.say = function (text) { this.note.textContent = text; };

  Box.prototype.render = function () {
    var self = this, w = man.w;
    this.list.textContent = "";
    this.items.forEach(function (c, i) {
      var li = el("li", "rl-option");
      li.id = "remit-" + self.key + "-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === self.active ? "true" : "false");
      li.appendChild(el("span", "rl-option-name", c.doc.name));
      if (c.doc.hint) li.appendChild(el("span", "rl-option-hint", c.doc.hint));
      li.dataset.id = c.doc.id;
      li.addEventListener("click", function () { self.choose(i); });
      self.list.appendChild(li);
    });
    this.list.setAttribute("aria-label", this.kind === "m" ? w.matters_list : w.assets_list);
    this.mark();
  };

  Box.prototype.mark = function () {
    var self = this;
    Array.prototype.forEach.call(this.list.children, function (li, i) {
      li.setAttribute("aria-selected", i === self.active ? "true" : "false");
      li.classList.toggle("rl-option--active", i === self.active);
    });
    if (this.active >= 0 && !this.list.hidden) {
      this.input.setAttribute("aria-activedescendant", "remit-" + this.key + "-opt-" + this.active);
      var a = this.list.children[this.active];
      if (a && a.scrollIntoView) a.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Box.prototype.open = function (on) {
    this.list.hidden = !on;
    this.input.setAttribute("aria-expanded", on ? "true" : "false");
    this.mark();
  };

  Box.prototype.choose = function (i) {
    var c = this.items[i];
    if (!c) return;
    var app = this.app, where = app.where;
    // one box: the place typed with the matter ("D3路路灯不亮") goes on to the where box
    var rest = this.kind === "m" && !compact(where.input.value) && !app.place &&
      c.doc.fields ? placeWords(this.input.value, c.doc) : null;
    if (rest) {
      where.input.value = rest; where.chosen = null; where.explicit = false;
      where.schedule(0);
    }
    this.chosen = c.doc; this.explicit = true; this.active = i;
    this.input.value = c.doc.name;
    this.open(false);
    this.say("");
    this.app.pushNext = true;
    this.app.update();
  };

  Box.prototype.key_ = function (ev) {
    var n = this.items.length, openNow = !this.list.hidden;
    if (ev.key === "ArrowDown" || ev.key === "Down") {
      if (!n) return;
      ev.preventDefault();
      if (!openNow) { this.open(true); return; }
      this.active = (this.active + 1) % n; this.mark();
    } else if (ev.key === "ArrowUp" || ev.key === "Up") {
      if (!n) return;
      ev.preventDefault();
      if (!openNow) { this.open(true); return; }
      this.active = (this.active - 1 + n) % n; this.mark();
    } else if (ev.key === "Enter") {
      if (ev.isComposing || this.composing) return;
      ev.preventDefault();
      if (n) this.choose(this.active >= 0 ? this.active : 0);
    } else if (ev.key === "Escape" || ev.key === "Esc") {
      if (openNow) { ev.preventDefault(); this.open(false); }
    }
  };

  // set a box to a known entity (prefilled links)
  Box.prototype.set = function (doc) {
    this.chosen = doc; this.explicit = true; this.items = []; this.text = doc.name;
    this.input.value = doc.name;
    this.render(); this.open(false); this.say("");
  };

  function App(root) {
    this.root = root;
    this.what = new Box(this, "what", "m");
    this.where = new Box(this, "where", "a");
    this.out = root.querySelector("#remit-answer");
    this.status = root.querySelector("#remit-status");
    this.matter = null; // {id, assetTypes, handledBy}
    this.seq = 0;
    this.place = null; // {lon, lat, source, accuracy}: a place instead of the where box
    this.answered = null; // {m, a, at}: what the page address says
    var form = root.querySelector("form");
    if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var self = this;
    // typing a place by name replaces a place picked on the map
    this.where.input.addEventListener("input", function () {
      if (self.place) { self.setPlace(null); }
    });
    // the place: its code, Leaflet and the map's data come only when asked for
    this.placeUI = null;
    var panel = root.querySelector("#remit-place");
    if (panel) panel.hidden = false;
    var locate = root.querySelector("#remit-locate");
    var opener = root.querySelector("#remit-map-open");
    this.clearBtn = root.querySelector("#remit-place-clear");
    if (locate && !navigator.geolocation) locate.hidden = true;
    if (locate) {
      locate.addEventListener("click", function () {
        self.placeTools().then(function (ui) { ui.geolocate(); ui.showMap(); })
          .catch(function () { self.sayPlace(man.w.error); });
      });
    }
    if (opener) {
      opener.addEventListener("click", function () {
        self.placeTools().then(function (ui) { return ui.showMap(); })
          .catch(function () { self.sayPlace(man.w.error); });
      });
    }
    if (this.clearBtn) {
      this.clearBtn.addEventListener("click", function () {
        self.setPlace(null); self.pushNext = true; self.update();
      });
    }
  }

  // lookup-place.js, fetched once, with what it needs of this script
  var placeP = null;
  function loadPlace() {
    if (!placeP) {
      placeP = new Promise(function (resolve, reject) {
        if (window.remitLookupPlace) { resolve(); return; }
        var s = document.createElement("script");
        s.src = new URL("lookup-place.js", scriptURL).href;
        s.addEventListener("load", function () { resolve(); });
        s.addEventListener("error", reject);
        document.head.appendChild(s);
      }).then(manifest).then(function () {
        return window.remitLookupPlace({ man: man, getJSON: getJSON, record: record,
          route: route, answer: answer, fmt: fmt, el: el, typeName: typeName,
          cmpStr: cmpStr, todayISO: todayISO, stats: stats });
      });
      placeP.catch(function () { placeP = null; });
    }
    return placeP;
  }

  // lookup-report.js and its words (data/report.json), fetched once, when asked for
  var reportP = null;
  function loadReport() {
    if (!reportP) {
      reportP = Promise.all([new Promise(function (resolve, reject) {
        if (window.remitLookupReport) { resolve(); return; }
        var s = document.createElement("script");
        s.src = new URL("lookup-report.js", scriptURL).href;
        s.addEventListener("load", function () { resolve(); });
        s.addEventListener("error", reject);
        document.head.appendChild(s);
      }), getJSON("report.json")]).then(function (got) {
        return window.remitLookupReport({ man: man, words: got[1], fmt: fmt, el: el,
          button: button, own: own, typeName: typeName,
          relevantContacts: relevantContacts });
      });
      reportP.catch(function () { reportP = null; });
    }
    return reportP;
  }

  App.prototype.placeTools = async function () {
    var P = await loadPlace();
    if (!this.placeUI) this.placeUI = new P.PlaceUI(this, this.root);
    return this.placeUI;
  };

  App.prototype.sayPlace = function (text) {
    var note = this.root.querySelector("#remit-place-note");
    if (note) note.textContent = text;
  };

  function metres(x) { return String(Math.round(x)); }

  App.prototype.setPlace = function (place) {
    this.place = place;
    if (this.clearBtn) this.clearBtn.hidden = !place;
    if (place) {
      this.sayPlace(fmt(man.w.place_at, { lon: place.lon.toFixed(6),
        lat: place.lat.toFixed(6) }) + (place.accuracy ? fmt(man.w.place_accuracy,
        { m: metres(place.accuracy) }) : ""));
    } else {
      this.sayPlace("");
    }
    if (this.placeUI) {
      this.placeUI.draw(null);
    }
  };

  // a place picked on the map or found by the browser: it replaces the where box
  App.prototype.choosePlace = async function (lon, lat, source, accuracy) {
    this.setPlace({ lon: lon, lat: lat, source: source, accuracy: accuracy || 0 });
    this.pushNext = true;
    this.where.chosen = null; this.where.explicit = false; this.where.items = [];
    this.where.input.value = ""; this.where.render(); this.where.open(false);
    this.where.say("");
    if (!this.what.chosen) this.sayPlace(man.w.place_need_matter);
    await this.update();
  };

  // the page address reflects the question and the answer: ?m=MATTER&a=ASSET&at=LON,LAT
  // (a place) or &q=TEXT (words that did not settle on one place yet)
  App.prototype.state = function () {
    var p = new URLSearchParams();
    if (this.what.chosen) p.set("m", this.what.chosen.id);
    else if (compact(this.what.input.value)) p.set("mq", this.what.input.value);
    if (this.place) {
      if (this.answered && this.answered.a) p.set("a", this.answered.a);
      p.set("at", this.place.lon.toFixed(6) + "," + this.place.lat.toFixed(6));
    } else if (this.where.chosen) {
      p.set("a", this.where.chosen.id);
    } else if (compact(this.where.input.value)) {
      p.set("q", this.where.input.value);
    } else if (this.split && this.split.asset && this.answered && this.answered.a) {
      p.set("a", this.answered.a); // the place found in the matter's words
    }
    return p.toString();
  };

  // the address of an answer (report_message.answer_address): m, a, at
  function answerAddress(mid, aid, at) {
    var p = new URLSearchParams();
    p.set("m", mid);
    if (aid) p.set("a", aid);
    if (at) p.set("at", at[0].toFixed(6) + "," + at[1].toFixed(6));
    return window.location.origin + window.location.pathname + "?" + p.toString();
  }

  // no matter fits the words: the registry's fallback (site.fallback) to call anyway
  App.prototype.noMatch = async function () {
    var seq = ++this.seq, fbId = man.site.fb, fb = null;
    this.matter = null;
    if (fbId) { try { fb = await record("dp", fbId); } catch (err) { fb = null; } }
    if (seq !== this.seq) return;
    announce(this.status, renderNoMatch(this.out, fb));
    this.root.dataset.nomatch = "1";
  };

  App.prototype.sync = function (push) {
    if (this.restoring || !window.history || !history.replaceState) return;
    var q = this.state(), now = window.location.search.replace(/^\?/, "");
    if (q === now) return;
    // another matter than the address answers is a new question: a step back returns to
    // the last answer (refining the same one replaces it)
    var was = new URLSearchParams(now).get("m"), next = new URLSearchParams(q).get("m");
    if (was && next && was !== next) push = true;
    var url = window.location.pathname + (q ? "?" + q : "") + window.location.hash;
    if (push) history.pushState({ remit: q }, "", url);
    else history.replaceState({ remit: q }, "", url);
  };

  App.prototype.update = async function () {
    var seq = ++this.seq, w = man.w, self = this;
    var m = this.what.chosen;
    delete this.root.dataset.nomatch;
    if (this.split) { this.split = null; if (m) this.what.say(""); }
    if (!m) {
      this.matter = null;
      this.out.hidden = true; this.out.textContent = "";
      announce(this.status, "");
      return;
    }
    var mr;
    try { mr = await record("mt", m.id); } catch (err) { this.where.say(w.error); return; }
    if (seq !== this.seq) return;
    if (mr) { // what any answer for this matter needs: fetch it while the place is typed
      if (mr.rec.es) record("es", mr.rec.es[0]).catch(function () {});
      if (mr.rec.fc) record("dp", mr.rec.fc).catch(function () {});
      if (mr.rec.hb) record("dp", mr.rec.hb).catch(function () {});
    }
    var prevTypes = this.matter ? this.matter.assetTypes.join() : null;
    this.matter = { id: m.id, assetTypes: mr ? mr.rec.at : [], handledBy: mr ? mr.rec.hb : null };
    // the chosen matter changes which assets fit best: rank the place again
    if (!this.where.explicit && compact(this.where.input.value) &&
        prevTypes !== this.matter.assetTypes.join()) {
      this.where.chosen = null; this.where.run();
      return;
    }
    var a = this.where.chosen;
    var placeText = compact(this.where.input.value);
    if (this.matter.handledBy) {
      this.where.say(placeText ? w.no_place : "");
      a = null;
    } else if (!a && placeText) {
      this.out.hidden = true;
      announce(this.status, "");
      return;
    } else if (!a && !this.place && m.fields) {
      // one box: "D3路路灯不亮" names the matter and, in the words left, the place
      // (routing.lookup): an asset of the matter's types that stands out answers
      var rest = placeWords(this.what.input.value, m);
      if (rest) {
        var types = this.matter.assetTypes, found;
        try { found = await search("a", rest, types, LIMIT, types); } catch (err) { found = null; }
        if (seq !== this.seq) return;
        if (found && found.chosen) {
          a = found.chosen;
          this.split = { asset: a.id, q: rest };
          this.what.say(fmt(w.one_box, { asset: a.name }));
        } else if (found && found.items.length && found.items[0].score >= S.min_score) {
          this.split = { asset: null, q: rest };
          this.what.say(fmt(w.one_box_choose, { q: rest }));
        }
      }
    }
    var res, place = this.place, P = null;
    try {
      if (place) {
        this.root.dataset.placing = "1";
        P = await loadPlace();
        res = await P.placeAnswer(m.id, place.lon, place.lat);
        if (res.place) res.place.source = place.source;
      } else {
        res = await answer(m.id, a ? a.id : null);
      }
    } catch (err) {
      if (seq === this.seq) {
        this.out.hidden = false; this.out.textContent = w.error; announce(this.status, w.error);
      }
      return;
    }
    if (seq !== this.seq || res.error) return;
    var at = place ? [place.lon, place.lat] : null;
    var aid = res.place ? (res.place.chosen ? res.place.chosen.id : null) : (a ? a.id : null);
    res.now = new Date();
    res.address = answerAddress(m.id, aid, at);
    act(res, res.now, res.address, at);
    var said = renderAnswer(self.out, res);
    if (res.place) {
      said = P.renderPlace(self.out, res) + " " + said;
      if (this.placeUI) this.placeUI.draw(res.place);
      a = res.place.chosen ? { id: res.place.chosen.id } : null;
      delete this.root.dataset.placing;
    }
    announce(this.status, said);
    this.answered = { m: m.id, a: a ? a.id : null };
    this.root.dataset.answered = m.id + (a ? "/" + a.id : "") +
      (place ? "@" + place.lon.toFixed(6) + "," + place.lat.toFixed(6) : "");
    this.sync(this.pushNext); // a choice made by hand is a step back can return to
    this.pushNext = false;
  };

  App.prototype.prefill = async function (mid, aid) {
    var got = await Promise.all([mid ? record("mt", mid) : null, aid ? record("as", aid) : null]);
    if (got[1]) {
      var fr = got[1].rec;
      this.where.set({ id: aid, name: fr.n, type: fr.t });
    }
    if (got[0]) {
      this.what.set({ id: mid, name: got[0].rec.n });
      await this.update();
    } else if (got[1]) {
      this.what.input.focus();
    }
  };

  // the question of a page address (on load, and on back and forward): ?m=&a= (the
  // labels' QR codes), ?at=LON,LAT (a place), ?q= / ?mq= (words typed)
  App.prototype.restore = async function (search) {
    var params = new URLSearchParams(search);
    var mid = params.get("m"), aid = params.get("a"), at = params.get("at");
    var q = params.get("q"), mq = params.get("mq");
    this.restoring = true;
    try {
      this.setPlace(null);
      this.what.chosen = null; this.what.explicit = false; this.what.items = [];
      this.what.input.value = ""; this.what.render(); this.what.say("");
      this.where.chosen = null; this.where.explicit = false; this.where.items = [];
      this.where.input.value = ""; this.where.render(); this.where.say("");
      var ll = at ? at.split(",").map(Number) : null;
      var place = ll && ll.length === 2 && isFinite(ll[0]) && isFinite(ll[1]) &&
        Math.abs(ll[0]) <= 180 && Math.abs(ll[1]) <= 90 ? ll : null;
      if (place) {
        this.setPlace({ lon: place[0], lat: place[1], source: "link", accuracy: 0 });
        aid = null; // the place decides the asset again
        var ui = await this.placeTools();
        await ui.showMap();
      }
      if (mid || aid) {
        await this.prefill(mid, aid);
      } else {
        await this.update();
      }
      if (!this.what.chosen && mq) { this.what.input.value = mq; await this.what.run(); }
      if (!place && !aid && q) { this.where.input.value = q; await this.where.run(); }
    } finally {
      this.restoring = false;
    }
    this.sync(false); // the address names the answer (a place's asset) too
  };

  function init() {
    var root = document.getElementById("remit-lookup");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var script = document.currentScript ||
      document.querySelector('script[src$="lookup.js"]');
    var dataRel = root.getAttribute("data-data") || "data/";
    scriptURL = script && script.src ? script.src : document.baseURI;
    base = new URL(dataRel, scriptURL).href;
    manifest().then(function () {
      var app = new App(root);
      window.remitLookup.app = app;
      var p = window.location.search ? app.restore(window.location.search)
        : Promise.resolve();
      window.addEventListener("popstate", function () {
        if (document.getElementById("remit-lookup") !== root) return;
        root.dataset.restored = "0";
        app.restore(window.location.search).then(function () {
          root.dataset.restored = "1";
        });
      });
      return p.then(function () { root.dataset.loaded = "1"; });
    }).catch(function () {
      var w = man ? man.w : null;
      var out = root.querySelector("#remit-answer");
      if (out) { out.hidden = false; out.textContent = w ? w.error : "Error"; }
      announce(root.querySelector("#remit-status"), w ? w.error : "Error");
    });
  }

  var api = {};
  api.search = search; api.answer = answer; api.route = route; api.stats = stats;
  api.queryTokens = queryTokens; api.units = units; api.compact = compact;
  api.fnv1a = fnv1a; api.rank = rank; api.makeDoc = makeDoc; api.init = init;
  api.manifest = manifest;
  api.nearby = function () {
    var a = arguments;
    return loadPlace().then(function (P) { return P.nearby.apply(null, a); });
  };
  api.placeAnswer = function () {
    var a = arguments;
    return loadPlace().then(function (P) { return P.placeAnswer.apply(null, a); });
  };
  window.remitLookup = api;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // Material's instant navigation swaps the page without a reload
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { init(); });
  }
})();
