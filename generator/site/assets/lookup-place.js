/* remit: the lookup page by place — "use my location", a click on the small map, and
 * what they found (the nearest asset, how far, the boundary warning).
 *
 * Loaded by lookup.js only when a place is asked for (a button, or an address with
 * ?at=), so a page that never asks loads none of it, nor Leaflet, nor the map's
 * background. A port of generator/answers/nearby.py over the spatial index that
 * generator/answers/spatial_index.py writes (sp/b/X_Y.json, sp/c/X_Y.json, sp/base.json);
 * the browser tests compare it with remit lookup --at.
 *
 * Registry text is only ever inserted with textContent.
 */
(function () {
  "use strict";
  // K: the lookup page's own functions and its loaded manifest (lookup.js, loadPlace)
  window.remitLookupPlace = function (K) {
    var man = K.man, getJSON = K.getJSON, record = K.record, route = K.route;
    var answer = K.answer, fmt = K.fmt, el = K.el, typeName = K.typeName;
    var cmpStr = K.cmpStr, todayISO = K.todayISO;

    // --- places: port of generator/answers/nearby.py over the spatial index ----------------
    // (generator/answers/spatial_index.py writes sp/b/X_Y.json and sp/c/X_Y.json)

    function wrapLon(d) { return ((d + 180) % 360 + 360) % 360 - 180; }

    // metres from (lon, lat) to a cell entry [id, type, depth, name, runs, closed, top]
    function featureDist(f, lon, lat) {
      var R = man.near.earth_r, mPerDeg = R * Math.PI / 180;
      var kx = Math.cos(lat * (Math.PI / 180)) * mPerDeg, ky = mPerDeg, best = Infinity;
      f[4].forEach(function (run) {
        if (run.length === 2) {
          best = Math.min(best, Math.hypot(wrapLon(run[0] - lon) * kx, (run[1] - lat) * ky));
          return;
        }
        for (var i = 0; i + 3 < run.length; i += 2) {
          var ax = wrapLon(run[i] - lon), ay = (run[i + 1] - lat) * ky;
          var bx = (ax + wrapLon(run[i + 2] - run[i])) * kx, by = (run[i + 3] - lat) * ky;
          ax *= kx;
          var dx = bx - ax, dy = by - ay, ll = dx * dx + dy * dy;
          var u = ll === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / ll));
          best = Math.min(best, Math.hypot(ax + u * dx, ay + u * dy));
        }
      });
      if (best > 0 && f[5]) {
        for (var r = 0; r < f[4].length; r++) if (inside(f[4][r], lon, lat)) return 0;
      }
      return best;
    }

    function inside(run, lon, lat) {
      var n = run.length / 2, ins = false;
      for (var i = 0; i < n; i++) {
        var j = (i + 1) % n;
        var x1 = wrapLon(run[2 * i] - lon), y1 = run[2 * i + 1] - lat;
        var x2 = wrapLon(run[2 * j] - lon), y2 = run[2 * j + 1] - lat;
        if ((y1 > 0) !== (y2 > 0) && 0 < x1 + (0 - y1) * (x2 - x1) / (y2 - y1)) ins = !ins;
      }
      return ins;
    }

    function nearBound(d0) {
      return Math.max(d0 * man.near.ratio, d0 + man.near.slack);
    }

    // the cells of the grid within `radius` m of the point, nearest first: [cx, cy, metres]
    function cellsAround(lon, lat, radius) {
      var sp = man.sp, cols = Math.pow(2, sp.k), c = 360 / cols;
      var mPerDeg = man.near.earth_r * Math.PI / 180;
      var kx = Math.cos(lat * (Math.PI / 180)) * mPerDeg;
      var dlat = radius / mPerDeg, dlon = Math.min(180, radius / Math.max(kx, 1e-6));
      var out = [];
      var cy0 = Math.floor((lat - dlat + 90) / c), cy1 = Math.floor((lat + dlat + 90) / c);
      var cx0 = Math.floor((lon - dlon + 180) / c), cx1 = Math.floor((lon + dlon + 180) / c);
      for (var cx = cx0; cx <= cx1; cx++) {
        for (var cy = Math.max(0, cy0); cy <= cy1 && cy * c < 180; cy++) {
          var x0 = cx * c - 180, y0 = cy * c - 90;
          var ex = Math.max(0, Math.max(x0 - lon, lon - (x0 + c))); // degrees outside the cell
          var ey = Math.max(0, Math.max(y0 - lat, lat - (y0 + c)));
          var dist = Math.hypot(ex * kx, ey * mPerDeg);
          if (dist <= radius) out.push([((cx % cols) + cols) % cols, cy, dist]);
        }
      }
      out.sort(function (a, b) { return a[2] - b[2] || a[0] - b[0] || a[1] - b[1]; });
      return out;
    }

    var blockSet = null;
    function cellExists(cx, cy) {
      var sp = man.sp, B = sp.block;
      if (!blockSet) {
        blockSet = new Set(sp.blocks.map(function (b) { return b[0] + "_" + b[1]; }));
      }
      var bk = Math.floor(cx / B) + "_" + Math.floor(cy / B);
      if (!blockSet.has(bk)) return Promise.resolve(false);
      return getJSON("sp/b/" + bk + ".json").then(function (cells) {
        return cells.some(function (x) { return x[0] === cx && x[1] === cy; });
      });
    }

    // Assets of `types` (any when empty) near (lon, lat): every one within the radius that
    // can decide the answer (the nearest, and all about equally near), nearest first, the
    // more specific first at equal distance, then by id (nearby.ranked).
    var BEYOND = 1000, BEYOND_BYTES = 60000;

    async function nearby(types, lon, lat, radius, budget) {
      var cells = cellsAround(lon, lat, radius), best = new Map(), bound = radius;
      var feats = new Map(), start = K.stats.bytes, capped = false;
      for (var i = 0; i < cells.length; i++) {
        var cell = cells[i];
        if (cell[2] > bound) break;
        if (budget && K.stats.bytes - start > budget) { capped = true; break; }
        if (!(await cellExists(cell[0], cell[1]))) continue;
        var body = await getJSON("sp/c/" + cell[0] + "_" + cell[1] + ".json");
        body.f.forEach(function (f) {
          if (f.length > 6 && typeof f[6] === "number") f[6] = body.t[f[6]]; // top's name
          var type = man.types[f[1]] ? man.types[f[1]][0] : "";
          if (types && types.length && types.indexOf(type) < 0) return;
          var dist = featureDist(f, lon, lat), old = best.get(f[0]);
          if (old === undefined || dist < old) best.set(f[0], dist);
          var g = feats.get(f[0]); // every run seen, for the map
          feats.set(f[0], g ? [g[0], g[1], g[2], g[3], g[4].concat(f[4]), g[5], g[6]] : f);
        });
        var top = Infinity;
        best.forEach(function (d) { if (d <= radius && d < top) top = d; });
        if (top < Infinity) bound = Math.min(radius, nearBound(top));
      }
      var out = [];
      best.forEach(function (d, id) {
        if (d <= radius) {
          var f = feats.get(id);
          out.push({ id: id, name: f[3], type: man.types[f[1]] ? man.types[f[1]][0] : "",
            depth: f[2], dist: d, feature: f, top: f[6] || null });
        }
      });
      out.sort(function (a, b) {
        return Math.floor(a.dist * 100 + 0.5) - Math.floor(b.dist * 100 + 0.5) ||
          b.depth - a.depth ||
          cmpStr(a.id, b.id);
      });
      out.capped = capped;
      return out;
    }

    // The answer for matter `mid` at a place (nearby.at_place): the nearest asset of its
    // types within the radius, routed, and the first about equally near one another
    // department answers for (the boundary warning).
    async function placeAnswer(mid, lon, lat, radius, today) {
      radius = radius || man.near.radius;
      var mr = await record("mt", mid);
      if (!mr) return { error: "matter", id: mid };
      var place = { lon: lon, lat: lat, radius: radius, candidates: [], chosen: null,
        rival: null };
      if (mr.rec.hb) { // a fixed department: the place changes nothing
        var r0 = await answer(mid, null, today);
        r0.place = place; place.ignored = true;
        return r0;
      }
      var cands = await nearby(mr.rec.at, lon, lat, radius);
      place.candidates = cands;
      if (!cands.length) {
        // the nearest farther away, if a short search finds it (remit lookup --at looks
        // at any distance)
        var far = await nearby(mr.rec.at, lon, lat, BEYOND, BEYOND_BYTES);
        if (far.length && !far.capped) place.beyond = far[0];
        var r1 = await answer(mid, null, today);
        r1.place = place;
        return r1;
      }
      var first = cands[0];
      place.chosen = first;
      var res = await answer(mid, first.id, today);
      var bound = nearBound(first.dist);
      var others = cands.slice(1).filter(function (c) { return c.dist <= bound; })
        .slice(0, man.near.rivals);
      var M = Object.assign({ id: mid }, mr.rec);
      var facts = await Promise.all(others.map(function (c) { return record("as", c.id); }));
      for (var i = 0; i < others.length; i++) {
        var ar = facts[i];
        if (!ar) continue;
        var o = route(M, mr.names, ar.rec, ar.names, today || todayISO());
        if (o.department !== res.department) {
          place.rival = others[i];
          place.rivalDept = o.department;
          place.rivalDeptName = o.departmentName;
          break;
        }
      }
      res.place = place;
      return res;
    }


    // --- the place: "use my location", a click on the map, and what they found ----------

    function metres(x) { return String(Math.max(1, Math.round(x))); }

    // an asset as the warning names it: with the road (the top asset) it is part of
    function placeLabel(c) {
      return c.top ? fmt(man.w.place_within, { name: c.name, root: c.top }) : c.name;
    }

    // what the place adds to an answer, first in the box: where, what was found, the warning
    function renderPlace(box, res) {
      var p = res.place, w = man.w;
      if (!p) return "";
      var wrap = el("div", "rl-answer-place");
      var said = [];
      if (p.ignored) {
        said.push(w.place_ignored);
      } else if (p.chosen) {
        said.push(fmt(p.source === "gps" ? w.place_near_you : w.place_near_point, {
          name: p.chosen.name, type: typeName(p.chosen.type), m: metres(p.chosen.dist) }));
      } else {
        said.push(fmt(w.place_none, { radius: metres(p.radius),
          types: res.matter.assetTypes.length ? res.matter.assetTypes.map(typeName)
            .join(w.place_or) : w.place_any }));
      }
      wrap.appendChild(el("p", "rl-answer-place-found", said[0]));
      if (!p.chosen && p.beyond) {
        said.push(fmt(w.place_beyond, { name: p.beyond.name, type: typeName(p.beyond.type),
          m: metres(p.beyond.dist) }));
        wrap.appendChild(el("p", "rl-answer-place-beyond", said[1]));
      }
      if (p.rival) {
        var warn = el("div", "rl-answer-boundary");
        warn.setAttribute("role", "note");
        warn.appendChild(el("p", "rl-answer-boundary-title", w.place_boundary_title));
        var text = fmt(w.place_boundary, { name: placeLabel(p.chosen), m: metres(p.chosen.dist),
          dept: res.departmentName || (res.dept ? res.dept.n : ""), rival: placeLabel(p.rival),
          rm: metres(p.rival.dist), rdept: p.rivalDeptName || p.rivalDept,
          short: p.chosen.name });
        warn.appendChild(el("p", "rl-answer-boundary-text", text));
        wrap.appendChild(warn);
        said.push(text);
      }
      var title = box.querySelector(".rl-answer-title");
      box.insertBefore(wrap, title ? title.nextSibling : box.firstChild);
      return said.join(" ");
    }

    // The map (Leaflet, when the page loaded it) and the "use my location" button.
    function PlaceUI(app, root) {
      this.app = app;
      this.note = root.querySelector("#remit-place-note");
      this.locate = root.querySelector("#remit-locate");
      this.clear = root.querySelector("#remit-place-clear");
      this.opener = root.querySelector("#remit-map-open");
      this.mapEl = root.querySelector("#remit-map");
      this.map = null; this.layer = null; this.ready = null;
    }

    // a stylesheet or script of this site, once (the page's CSP allows no other host)
    function load(tag, url) {
      return new Promise(function (resolve, reject) {
        var found = document.querySelector(tag === "script" ? 'script[src="' + url + '"]'
          : 'link[href="' + url + '"]');
        if (found && found.dataset.loaded) { resolve(); return; }
        var e = found || document.createElement(tag);
        e.addEventListener("load", function () { e.dataset.loaded = "1"; resolve(); });
        e.addEventListener("error", reject);
        if (!found) {
          if (tag === "script") e.src = url;
          else { e.rel = "stylesheet"; e.href = url; }
          document.head.appendChild(e);
        }
      });
    }

    // Show the map: Leaflet (and the site's map script, for its controls, words and
    // tiles) is fetched now, not with the page.
    PlaceUI.prototype.showMap = function () {
      var self = this, el = this.mapEl;
      if (this.ready) return this.ready;
      if (!el || !man.sp || !man.sp.box) { this.ready = Promise.resolve(); return this.ready; }
      if (this.opener) this.opener.hidden = true;
      el.hidden = false;
      var lf = new URL(el.dataset.leaflet || "../assets/vendor/leaflet/", document.baseURI);
      var steps = [load("link", new URL("leaflet.css", lf).href),
        load("script", new URL("leaflet.js", lf).href)];
      this.ready = Promise.all(steps).then(function () {
        if (el.dataset.mapjs === undefined) return null;
        var mj = new URL(el.dataset.mapjs, document.baseURI);
        return Promise.all([load("link", new URL("map.css", mj).href),
          load("script", new URL("map.js", mj).href)]).then(function () {
          return window.RemitMap ? window.RemitMap.config(el.dataset.root) : null;
        }).catch(function () { return null; });
      }).then(function (cfg) {
        self.makeMap(cfg && window.RemitMap ? window.RemitMap.create(el, cfg) : null);
      }).catch(function () {
        el.hidden = true; // no map: the location button and the place box still work
        if (self.opener) self.opener.hidden = true;
      });
      return this.ready;
    };

    PlaceUI.prototype.say = function (text) { if (this.note) this.note.textContent = text; };

    PlaceUI.prototype.makeMap = function (given) {
      var self = this, L = window.L, box = man.sp.box;
      var map = given;
      if (!map) {
        map = L.map(this.mapEl, { zoomControl: true, attributionControl: false,
          keyboard: true });
        L.control.scale({ imperial: false }).addTo(map);
      }
      map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [8, 8] });
      this.map = map;
      getJSON("sp/base.json").then(function (b) {
        b.f.forEach(function (f) {
          f[2].forEach(function (run) {
            var ll = [];
            for (var i = 0; i + 1 < run.length; i += 2) ll.push([run[i + 1], run[i]]);
            L.polyline(ll, { className: "rl-map-base", weight: 4, interactive: false })
              .addTo(map);
          });
        });
      }).catch(function () {});
      map.on("click", function (ev) {
        var p = ev.latlng.wrap();
        self.app.choosePlace(p.lng, p.lat, "map");
      });
      if (this.last) this.draw(this.last);
    };

    // draw the place, the radius, the chosen asset and the rival
    PlaceUI.prototype.draw = function (place) {
      this.last = place; // drawn when the map is ready, if it is not yet
      if (!this.map) return;
      var L = window.L, map = this.map;
      if (this.layer) { map.removeLayer(this.layer); this.layer = null; }
      if (!place) return;
      var g = L.layerGroup();
      function feature(c, cls) {
        c.feature[4].forEach(function (run) {
          var ll = [];
          for (var i = 0; i + 1 < run.length; i += 2) ll.push([run[i + 1], run[i]]);
          var near = cls === "rl-map-near";
          if (ll.length === 1) {
            L.circleMarker(ll[0], { className: cls, radius: near ? 4 : 7, interactive: false })
              .addTo(g);
          } else {
            L.polyline(ll, { className: cls, weight: near ? 3 : 6, interactive: false }).addTo(g);
          }
        });
      }
      L.circle([place.lat, place.lon], { radius: place.radius, className: "rl-map-radius",
        interactive: false }).addTo(g);
      (place.candidates || []).slice(0, 80).forEach(function (c) {
        if (c !== place.chosen && c !== place.rival) feature(c, "rl-map-near");
      });
      if (place.rival) feature(place.rival, "rl-map-rival");
      if (place.beyond) feature(place.beyond, "rl-map-rival");
      if (place.chosen) feature(place.chosen, "rl-map-chosen");
      L.circleMarker([place.lat, place.lon], { className: "rl-map-here", radius: 6,
        interactive: false }).addTo(g);
      g.addTo(map);
      this.layer = g;
      var here = L.latLng(place.lat, place.lon);
      if (place.source !== "map" || !map.getBounds().contains(here)) {
        map.setView(here, Math.max(map.getZoom(), 17));
      }
    };

    PlaceUI.prototype.geolocate = function () {
      var self = this, w = man.w;
      if (!navigator.geolocation) { this.say(w.geo_unavailable); return; }
      this.say(w.locating);
      if (this.locate) this.locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        if (self.locate) self.locate.disabled = false;
        var c = pos.coords;
        self.app.choosePlace(c.longitude, c.latitude, "gps", c.accuracy);
      }, function (err) {
        if (self.locate) self.locate.disabled = false;
        self.say(err && err.code === 1 ? w.geo_denied : w.geo_failed);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    };


    return { nearby: nearby, placeAnswer: placeAnswer, renderPlace: renderPlace,
      PlaceUI: PlaceUI, metres: metres };
  };
})();
