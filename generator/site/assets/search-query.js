/* remit: a question typed the way people ask it, read before Material's search ranks it.
 *
 * generator/site/engine.py (patch_search_worker) puts this script at the top of the site's
 * copy of Material's search worker, and makes the worker's Search.search(query) start with
 * query = self.__remitQuery(query, invertedIndex). Material then segments and ranks what
 * this returns as it always does (each word may start a longer one; the more words a page
 * holds, the higher it ranks).
 *
 * What it does to the query (the data, assets/javascripts/remit-search-words.js, is built by
 * generator/site/search_words.py and loaded the first time a question is asked, after the
 * index):
 *   - each run of Chinese characters is cut into the words the index holds and the
 *     vocabulary's words, covering as much of the run as it can with as few pieces as it
 *     can; filler words (了, 怎么办, 找谁) cover their characters but are dropped, a lone
 *     character counts for nothing (as in the lookup), and a stretch of two or more
 *     characters no word covers looks for the longer indexed words that hold its pairs;
 *   - other words are kept, unless they are filler words ("how", "my");
 *   - a word of the vocabulary adds what it stands for (the registry's synonyms and the
 *     bundled vocabulary), cut into indexed words: the other words of its ``same`` group
 *     as strongly as the words typed (驾照 -> 机动车驾驶证), the official words of a ``say``
 *     entry more weakly (换 -> 换领, 换证).
 * The words typed may begin a longer indexed word ("word*^2"); the words added must be
 * indexed words themselves ("word^1", so 变更 does not reach the tag 变更登记).
 * A query written with Material's own syntax (+word, -word, word^2, "a b", field:word) is
 * left as it is; so is one of which nothing is left.
 */
(function () {
  "use strict";
  var DATA = "../remit-search-words.js";
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\p{P}\p{S}]+/gu;
  var SYNTAX = /(^|\s)[+-]\S|[\^~*":]/;
  var LONGEST = 12; // the longest indexed word tried when cutting a run
  var OWN = 2, ADDED = 1; // weights of the query's own words and of the words added
  var HOLDING = 3; // indexed words taken for a pair of characters no piece covers
  var data; // undefined: not loaded yet; null: none to be had
  var latin = []; // the vocabulary's words that are not Chinese

  function load() {
    if (data === undefined) {
      data = null;
      try {
        importScripts(new URL(DATA, self.location.href).href);
        data = self.__remitSearchWords || null;
      } catch (e) {
        data = null;
      }
      if (data) {
        data.alts = Object.create(null);
        [[data.same, OWN], [data.means, ADDED]].forEach(function (kind) {
          for (var w in kind[0]) {
            var list = data.alts[w] || (data.alts[w] = []);
            for (var i = 0; i < kind[0][w].length; i++) list.push([kind[0][w][i], kind[1]]);
          }
        });
        latin = Object.keys(data.alts).filter(function (w) { return !HAN.test(w); });
        data.filler = Object.create(null);
        for (var i = 0; i < data.fillers.length; i++) data.filler[data.fillers[i]] = true;
      }
    }
    return data;
  }

  function wordish(ch) {
    return /[\p{L}\p{N}]/u.test(ch) && !HAN.test(ch);
  }

  // The vocabulary's words of letters that stand whole in the query ("bulky waste";
  // "bin" is not in "cabinet").
  function latinWords(q) {
    var out = [];
    for (var k = 0; k < latin.length; k++) {
      var w = latin[k];
      for (var at = q.indexOf(w); at >= 0; at = q.indexOf(w, at + 1)) {
        var end = at + w.length;
        if (at > 0 && wordish(w.charAt(0)) && wordish(q.charAt(at - 1))) continue;
        if (end < q.length && wordish(w.charAt(w.length - 1)) && wordish(q.charAt(end))) continue;
        out.push(w);
        break;
      }
    }
    return out;
  }

  // A run of Chinese characters cut into pieces: the words the index holds, the
  // vocabulary's words and the filler words; the most characters covered, then the fewest
  // pieces. Returns [[piece, kind]], kind "i" (indexed), "v" (the vocabulary's, not
  // indexed) or "f" (filler); characters no piece covers are left out.
  function cut(run, inv, vocabulary) {
    var n = run.length;
    var best = [{ cov: 0, pieces: 0, prev: -1, piece: null }];
    for (var i = 1; i <= n; i++) {
      var b = { cov: best[i - 1].cov, pieces: best[i - 1].pieces, prev: i - 1, piece: null };
      for (var j = Math.max(0, i - LONGEST); j < i; j++) {
        var w = run.slice(j, i);
        var kind = data.filler[w] ? "f" : w in inv ? "i" : vocabulary && w in data.alts ? "v" : "";
        if (!kind) continue;
        var cov = best[j].cov + (i - j), pieces = best[j].pieces + 1;
        if (cov > b.cov || (cov === b.cov && pieces < b.pieces))
          b = { cov: cov, pieces: pieces, prev: j, piece: [w, kind] };
      }
      best[i] = b;
    }
    // the pieces, and as "g" each stretch of two or more characters that only lone
    // characters or nothing cover (filler words end a stretch)
    var out = [], gap = "";
    for (var at = n; at > 0; at = best[at].prev) {
      var piece = best[at].piece;
      if (piece && (piece[0].length > 1 || piece[1] === "f")) {
        if (gap.length > 1) out.unshift([gap, "g"]);
        gap = "";
      } else gap = run.charAt(at - 1) + gap;
      if (piece) out.unshift(piece);
    }
    if (gap.length > 1) out.unshift([gap, "g"]);
    return out;
  }

  // Indexed words that hold a pair of characters of a stretch no piece covers (资金周转
  // for 周转), a few each, the shortest first: the index cut a longer word there.
  var tokens = null, tokensOf = null;
  function holding(gap, inv) {
    if (tokensOf !== inv) {
      tokensOf = inv;
      tokens = Object.keys(inv).filter(function (t) { return t.length > 2 && HAN.test(t); });
      tokens.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); });
    }
    var out = [];
    for (var i = 0; i + 2 <= gap.length; i++) {
      var pair = gap.slice(i, i + 2), n = 0;
      if (data.filler[pair]) continue;
      for (var t = 0; t < tokens.length && n < HOLDING; t++)
        if (tokens[t].indexOf(pair) >= 0) {
          out.push(tokens[t]);
          n++;
        }
    }
    return out;
  }

  // The pieces of a text: Chinese runs cut as above, other words whole ("f" for fillers,
  // "i" otherwise: Material matches them as the beginning of indexed words).
  function pieces(text, inv, vocabulary) {
    var out = [];
    var runs = text.match(RUNS) || [];
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (HAN.test(run.charAt(0))) out = out.concat(cut(run, inv, vocabulary));
      else out.push([run, data.filler[run] ? "f" : "i"]);
    }
    return out;
  }

  // The query's words, then the words its vocabulary words stand for, as Material's query
  // terms (see the top of this file).
  self.__remitQuery = function (query, inv) {
    if (!load() || !query || SYNTAX.test(query)) return query;
    var q = query.normalize("NFKC").toLowerCase();
    var terms = [], seen = Object.create(null);
    function add(word, term) {
      if (!seen[word]) {
        seen[word] = true;
        terms.push(term);
      }
    }
    var own = pieces(q, inv, true), added = [];
    var found = latinWords(q);
    for (var f = 0; f < found.length; f++) added = added.concat(data.alts[found[f]]);
    for (var i = 0; i < own.length; i++) {
      var w = own[i][0], kind = own[i][1];
      if (HAN.test(w) && w in data.alts) added = added.concat(data.alts[w]);
      if (kind === "i" && !(HAN.test(w) && w.length === 1)) add(w, w + "*^" + OWN);
      if (kind === "g") {
        var held = holding(w, inv);
        for (var h = 0; h < held.length; h++) add(held[h], held[h] + "^" + ADDED);
      }
    }
    for (var a = 0; a < added.length; a++) {
      var alt = pieces(added[a][0], inv, false);
      for (var k = 0; k < alt.length; k++)
        if (alt[k][1] === "i" && !(HAN.test(alt[k][0]) && alt[k][0].length === 1))
          add(alt[k][0], alt[k][0] + "^" + added[a][1]);
    }
    return terms.length ? terms.join(" ") : query;
  };
})();
