/* remit's maps (generator/site/map_site.py writes the data; Leaflet 1.9.4 draws).
 *
 * Every element <div class="remit-map" data-root="../" data-map="../map/x.json"
 * [data-colour="type|state"] [data-kind="overview|asset|list"]> is drawn when the page
 * loads: the site's config (data-root + "map/config.json": legend, words, tiles) and the
 * element's data file are fetched from this site only; a tile layer is added only when the
 * deployment configured one (site.map.tiles), else the registry's own geometry is drawn on a
 * plain background. Registry text goes into the page with textContent only.
 *
 * For other pages (the lookup page...), window.RemitMap:
 *   RemitMap.config(root)             -> Promise of the config (cached per root)
 *   RemitMap.create(el, cfg)          -> an L.Map on the plain background (or the tiles),
 *                                         with a scale bar
 *   RemitMap.draw(map, data, cfg, opts) -> a drawing of a map data file ({features: [...]},
 *                                         see map_site.py) coloured by opts.colour
 *                                         ("type" | "state"), popups linking to
 *                                         opts.root + the feature's url; .layer (L.FeatureGroup),
 *                                         .recolour(colour), .counts(colour)
 *   RemitMap.geojson(map, fc, cfg, opts) -> the same for a GeoJSON FeatureCollection as
 *                                         remit export writes it (properties id, name, type,
 *                                         handover_status)
 *   RemitMap.legend(el, cfg, drawing, opts) -> the switch and legend under a map
 *   RemitMap.show(el)                 -> Promise: draw one .remit-map element as above
 */
(function () {
  "use strict";
  var L = window.L;
  var configs = {};

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function config(root) {
    root = root || "";
    if (!configs[root]) { configs[root] = getJSON(root + "map/config.json"); }
    return configs[root];
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return values[k] === undefined ? m : String(values[k]);
    });
  }

  /* --- the map ---------------------------------------------------------------------- */

  function create(node, cfg) {
    var w = cfg.words;
    var map = L.map(node, {
      zoomControl: false, attributionControl: false, maxZoom: cfg.max_zoom || 19,
      zoomSnap: 0.25, zoomDelta: 1, scrollWheelZoom: true
    });
    L.control.zoom({ zoomInTitle: w.zoom_in, zoomOutTitle: w.zoom_out }).addTo(map);
    if (cfg.tiles && cfg.tiles.url) {
      var attribution = L.control.attribution({ prefix: false }).addTo(map);
      var tiles = L.tileLayer(cfg.tiles.url, { maxZoom: cfg.max_zoom || 19 }).addTo(map);
      /* the attribution is registry text: Leaflet would insert it as HTML */
      if (cfg.tiles.attribution) { attribution.addAttribution(escapeHTML(cfg.tiles.attribution)); }
      node.classList.add("remit-map--tiles");
      node.setAttribute("data-tiles", "1");
      void tiles;
    } else {
      node.classList.add("remit-map--plain");
    }
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    return map;
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function colourOf(cfg, colour, t, s) {
    var list = colour === "state" ? cfg.states : cfg.types;
    var item = list[colour === "state" ? s : t];
    return item ? item.colour : "#6b7280";
  }

  function popup(cfg, root, id, name, t, s, url) {
    var w = cfg.words;
    var box = el("div", "remit-map__popup");
    var title = el("p", "remit-map__popup-title");
    if (url) {
      var a = el("a", null, name);
      a.href = root + url;
      title.appendChild(a);
    } else {
      title.textContent = name;
    }
    box.appendChild(title);
    var dl = el("dl");
    [[w.type, cfg.types[t] ? cfg.types[t].name : ""],
     [w.state, cfg.states[s] ? cfg.states[s].name : ""],
     [w.id, id]].forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", null, row[1]));
    });
    box.appendChild(dl);
    return box;
  }

  /* One feature: [id, name, type, state, url, geometry, role]. */
  function featureLayer(f, cfg, ctx) {
    var role = f.length > 6 ? f[6] : 1;
    var colour = colourOf(cfg, ctx.colour, f[2], f[3]);
    var faint = role === 2;
    /* roads are the map's shape: a wide, light band under the lines that follow them */
    var road = cfg.types[f[2]] && cfg.types[f[2]].id === "road" && role !== 0;
    var lineStyle = {
      color: faint ? "#8a8f98" : colour, weight: role === 0 ? 6 : (faint ? 2 : (road ? 9 : 3.5)),
      opacity: faint ? 0.55 : (road ? 0.45 : 0.95), fillColor: faint ? "#8a8f98" : colour,
      fillOpacity: faint ? 0.08 : 0.2, className: "remit-feature remit-feature--r" + role
    };
    var pointStyle = {
      radius: role === 0 ? 10 : (faint ? 4 : (ctx.small ? 4.5 : 6)), color: faint ? "#8a8f98" : "#ffffff",
      weight: role === 0 ? 3 : 1.5, opacity: 1, fillColor: faint ? "#b0b4bb" : colour,
      fillOpacity: faint ? 0.6 : 0.95, className: "remit-feature remit-feature--r" + role
    };
    var g = f[5];
    var layer;
    if (Array.isArray(g)) {
      layer = L.circleMarker([g[1], g[0]], pointStyle);
    } else {
      layer = L.geoJSON(g, {
        style: function () { return lineStyle; },
        pointToLayer: function (x, latlng) { return L.circleMarker(latlng, pointStyle); }
      });
    }
    layer.bindPopup(function () { return popup(cfg, ctx.root, f[0], f[1], f[2], f[3], f[4]); });
    layer.bindTooltip(f[1], { sticky: true, direction: "top", className: "remit-map__tip" });
    layer.remitFeature = f;
    layer.remitRole = role;
    return layer;
  }

  function restyle(layer, cfg, colour) {
    var f = layer.remitFeature;
    if (!f || layer.remitRole === 2) { return; }
    var c = colourOf(cfg, colour, f[2], f[3]);
    if (layer instanceof L.CircleMarker) {
      layer.setStyle({ fillColor: c });
    } else if (layer.setStyle) {
      layer.setStyle({ color: c, fillColor: c });
    }
  }

  /* A cluster: [lon, lat, count, [type, n, ...], [state, n, ...]]. */
  function clusterLayer(c, cfg, ctx, map) {
    var size = c[2] < 10 ? 30 : (c[2] < 100 ? 36 : (c[2] < 1000 ? 44 : 52));
    var icon = el("div", "remit-cluster");
    var label = el("span", "remit-cluster__n", String(c[2]));
    icon.appendChild(label);
    paintCluster(icon, c, cfg, ctx.colour);
    var marker = L.marker([c[1], c[0]], {
      icon: L.divIcon({ html: icon, className: "remit-cluster-icon", iconSize: [size, size] }),
      keyboard: true, title: clusterText(c, cfg, ctx.colour), alt: ""
    });
    marker.on("click", function () {
      map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    marker.remitCluster = c;
    marker.remitIcon = icon;
    return marker;
  }

  function pairs(list) {
    var out = [];
    for (var i = 0; i + 1 < list.length; i += 2) { out.push([list[i], list[i + 1]]); }
    return out;
  }

  function paintCluster(icon, c, cfg, colour) {
    var parts = pairs(colour === "state" ? c[4] : c[3]);
    var at = 0;
    var stops = [];
    parts.forEach(function (p) {
      var col = colourOf(cfg, colour, p[0], p[0]);
      var from = at;
      at += p[1] / c[2] * 360;
      stops.push(col + " " + from.toFixed(1) + "deg " + at.toFixed(1) + "deg");
    });
    /* CSSOM, not a style attribute: allowed by the site's policy */
    icon.style.background = "conic-gradient(" + stops.join(", ") + ")";
  }

  function clusterText(c, cfg, colour) {
    var w = cfg.words;
    var list = colour === "state" ? cfg.states : cfg.types;
    var parts = pairs(colour === "state" ? c[4] : c[3]).map(function (p) {
      return (list[p[0]] ? list[p[0]].name : "?") + " " + p[1];
    });
    return fill(w.cluster, { n: c[2] }) + w.colon + parts.join(w.sep) + " — " + w.zoom_in_here;
  }

  function countsOf(features, colour, roles) {
    var out = {};
    features.forEach(function (f) {
      var role = f.length > 6 ? f[6] : 1;
      if (roles && roles.indexOf(role) < 0) { return; }
      var k = colour === "state" ? f[3] : f[2];
      out[k] = (out[k] || 0) + 1;
    });
    return out;
  }

  /* A data file ({features: [...]}) drawn on a map. */
  function draw(map, data, cfg, opts) {
    opts = opts || {};
    var ctx = { colour: opts.colour || "type", root: opts.root || "", small: !!opts.small };
    var group = L.featureGroup();
    var layers = [];
    var features = (data.features || []).slice();
    /* neighbours below, the page's asset on top */
    function rank(f) {  /* drawn first: neighbours, then roads, then the rest, the asset */
      var role = f.length > 6 ? f[6] : 1;
      var road = cfg.types[f[2]] && cfg.types[f[2]].id === "road";
      return role === 2 ? 0 : (role === 0 ? 3 : (road ? 1 : 2));
    }
    features.sort(function (a, b) { return rank(a) - rank(b); });
    features.forEach(function (f) {
      var layer = featureLayer(f, cfg, ctx);
      layers.push(layer);
      group.addLayer(layer);
    });
    group.addTo(map);
    var drawing = {
      layer: group, features: features, colour: ctx.colour,
      recolour: function (colour) {
        ctx.colour = colour;
        drawing.colour = colour;
        layers.forEach(function (l) { restyle(l, cfg, colour); });
      },
      counts: function (colour) {
        if (data.counts) { return toMap(data.counts[colour]); }
        return countsOf(features, colour, opts.legendRoles);
      }
    };
    return drawing;
  }

  function toMap(list) {
    var out = {};
    (list || []).forEach(function (n, i) { if (n) { out[i] = n; } });
    return out;
  }

  /* A GeoJSON FeatureCollection as remit export writes it. */
  function geojson(map, fc, cfg, opts) {
    var ti = {}, si = {};
    cfg.types.forEach(function (t, i) { ti[t.id] = i; });
    cfg.states.forEach(function (s, i) { si[s.id] = i; });
    var features = (fc.features || []).filter(function (f) { return f && f.geometry; }).map(function (f) {
      var p = f.properties || {};
      var g = f.geometry.type === "Point" ? f.geometry.coordinates : f.geometry;
      var role = opts && opts.focus === p.id ? 0 : 1;
      return [p.id || f.id, p.name || p.id || "", ti[p.type] || 0,
              si[p.handover_status || "none"] || 0, p.url || "", g, role];
    });
    return draw(map, { features: features }, cfg, opts);
  }

  function fitTo(map, box, features) {
    if (box && box.length === 4) {
      var b = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
      if (b.getNorth() === b.getSouth() && b.getEast() === b.getWest()) {
        map.setView(b.getCenter(), 17);
      } else {
        map.fitBounds(b, { padding: [16, 16], maxZoom: 18 });
      }
      return;
    }
    if (features && features.getLayers().length) {
      map.fitBounds(features.getBounds(), { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([0, 0], 2);
    }
  }

  /* --- the overview's pre-aggregated points ---------------------------------------- */

  function pointLayers(map, points, cfg, ctx, base, onchange) {
    var group = L.featureGroup().addTo(map);
    var cache = {};
    var shown = null;
    var drawn = [];
    function load(path) {
      if (!cache[path]) { cache[path] = getJSON(base + path); }
      return cache[path];
    }
    /* the keys ("x-y") of the tiles of zoom tz the map shows, among those that exist */
    function tileKeys(tz, keys) {
      var b = map.getBounds();
      var nw = map.project(b.getNorthWest(), tz).divideBy(256).floor();
      var se = map.project(b.getSouthEast(), tz).divideBy(256).floor();
      var have = {};
      keys.forEach(function (k) { have[k] = true; });
      var out = [];
      for (var x = nw.x; x <= se.x; x++) {
        for (var y = nw.y; y <= se.y; y++) {
          if (have[x + "-" + y]) { out.push(x + "-" + y); }
        }
      }
      return out;
    }
    function update() {
      var z = Math.floor(map.getZoom());
      var want, paths;
      if (z >= points.detail) {
        paths = tileKeys(points.tiles.tz, points.tiles.keys).map(function (k) {
          return "t/" + k + ".json";
        });
      } else {
        var zz = Math.max(points.zooms[0], Math.min(points.zooms[1], z));
        var level = points.levels[String(zz)];
        paths = tileKeys(level.tz, level.keys).map(function (k) {
          return "z/" + zz + "/" + k + ".json";
        });
      }
      want = paths.join(",");
      if (want === shown) { return; }
      shown = want;
      Promise.all(paths.map(load)).then(function (docs) {
        if (shown !== want) { return; }
        group.clearLayers();
        drawn = [];
        docs.forEach(function (doc) {
          (doc.clusters || doc.features || []).forEach(function (item) {
            var layer = typeof item[0] === "string" ? featureLayer(item, cfg, ctx)
              : clusterLayer(item, cfg, ctx, map);
            drawn.push(layer);
            group.addLayer(layer);
          });
        });
        if (onchange) { onchange(drawn.length); }
      });
    }
    map.on("moveend zoomend", update);
    update();
    return {
      group: group,
      recolour: function () {
        drawn.forEach(function (l) {
          if (l.remitCluster) {
            paintCluster(l.remitIcon, l.remitCluster, cfg, ctx.colour);
            l.options.title = clusterText(l.remitCluster, cfg, ctx.colour);
            var e = l.getElement();
            if (e) { e.title = l.options.title; }
          } else {
            restyle(l, cfg, ctx.colour);
          }
        });
      }
    };
  }

  /* --- the legend and the colour switch -------------------------------------------- */

  var switchCount = 0;

  function legend(box, cfg, drawing, opts) {
    opts = opts || {};
    var w = cfg.words;
    box.textContent = "";
    var form = el("fieldset", "remit-map__switch");
    form.appendChild(el("legend", null, w.colour_by));
    var name = "remit-map-colour-" + (++switchCount);
    ["type", "state"].forEach(function (c) {
      var label = el("label", "remit-map__choice");
      var input = el("input");
      input.type = "radio";
      input.name = name;
      input.value = c;
      input.checked = drawing.colour === c;
      input.addEventListener("change", function () {
        if (!input.checked) { return; }
        drawing.recolour(c);
        list(c);
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(c === "state" ? w.by_state : w.by_type));
      form.appendChild(label);
    });
    box.appendChild(form);
    var ul = el("ul", "remit-map__legend");
    ul.setAttribute("aria-live", "polite");
    box.appendChild(ul);
    function list(colour) {
      ul.textContent = "";
      ul.setAttribute("data-colour", colour);
      var counts = drawing.counts(colour);
      var items = colour === "state" ? cfg.states : cfg.types;
      items.forEach(function (item, i) {
        if (!counts[i]) { return; }
        var li = el("li", "remit-map__key");
        li.setAttribute("data-key", item.id);
        var sw = el("span", "remit-map__swatch remit-map__swatch--" + colour);
        sw.setAttribute("aria-hidden", "true");
        sw.style.backgroundColor = item.colour;
        li.appendChild(sw);
        li.appendChild(el("span", "remit-map__key-name", item.name));
        li.appendChild(el("span", "remit-map__key-n", counts[i]));
        ul.appendChild(li);
      });
    }
    list(drawing.colour);
    if (opts.faint) {
      var note = el("p", "remit-map__faint");
      var sw = el("span", "remit-map__swatch remit-map__swatch--faint");
      sw.setAttribute("aria-hidden", "true");
      note.appendChild(sw);
      note.appendChild(document.createTextNode(w.neighbours));
      box.appendChild(note);
    }
    return { list: list };
  }

  /* --- an element of the page ------------------------------------------------------ */

  /* A map as tall as its drawing needs at this width (between 15rem and 75 % of the
     window): a wide park is not a thin band in a tall box on a phone. */
  function fitHeight(node, box) {
    if (!box || box.length !== 4) { return; }
    var a = L.CRS.EPSG3857.project(L.latLng(box[1], box[0]));
    var b = L.CRS.EPSG3857.project(L.latLng(box[3], box[2]));
    var dx = Math.abs(b.x - a.x), dy = Math.abs(b.y - a.y);
    if (!dx || !dy) { return; }
    var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    var want = node.clientWidth * Math.min(dy / dx, 3) + 4 * rem;
    var h = Math.max(15 * rem, Math.min(window.innerHeight * 0.75, want));
    node.style.height = Math.round(h) + "px";  /* CSSOM: allowed by the policy */
  }

  function show(node) {
    var root = node.getAttribute("data-root") || "";
    var kind = node.getAttribute("data-kind") || "list";
    var status = node.parentNode.querySelector(".remit-map__status");
    return Promise.all([config(root), getJSON(node.getAttribute("data-map"))]).then(function (r) {
      var cfg = r[0], data = r[1];
      var w = cfg.words;
      if (!(data.features || []).length && !data.points) {
        /* nothing of this list has a location: no empty map */
        node.parentNode.hidden = true;
        node.setAttribute("data-features-drawn", "0");
        return null;
      }
      var colour = node.getAttribute("data-colour") || "type";
      if (!node.getAttribute("role")) { node.setAttribute("role", "region"); }
      node.setAttribute("aria-label", node.getAttribute("data-label") || w.map);
      fitHeight(node, data.bbox);
      var map = create(node, cfg);
      var drawing = draw(map, data, cfg, {
        colour: colour, root: root, legendRoles: kind === "asset" ? [0, 1] : null,
        small: kind !== "asset"
      });
      var box = data.bbox;
      if (kind === "asset" && box && box[0] === box[2] && box[1] === box[3]) {
        box = null;  /* a point: show it among its neighbours */
      }
      fitTo(map, box, drawing.layer);
      if (kind === "overview" && data.points) {
        var base = node.getAttribute("data-map").replace(/[^/]*$/, "");
        var ctx = { colour: colour, root: root, small: true };
        var pts = pointLayers(map, data.points, cfg, ctx, base, function (n) {
          node.setAttribute("data-points-drawn", String(n));
        });
        var recolourLines = drawing.recolour;
        drawing.recolour = function (c) {
          ctx.colour = c;
          recolourLines(c);
          pts.recolour();
        };
      }
      var panel = node.parentNode.querySelector(".remit-map__panel");
      if (panel) { legend(panel, cfg, drawing, { faint: kind === "asset" }); }
      var links = node.parentNode.querySelector(".remit-map__links");
      if (links) {
        links.textContent = "";
        if (kind !== "overview") {
          var o = el("a", null, w.overview_link);
          o.href = root + cfg.overview;
          links.appendChild(o);
          links.appendChild(document.createTextNode(" · "));
        }
        var g = el("a", null, w.geojson);
        g.href = root + cfg.geojson;
        links.appendChild(g);
      }
      if (status) { status.hidden = true; }
      node.setAttribute("data-features-drawn", String(drawing.layer.getLayers().length));
      node.classList.add("remit-map--ready");
      node.remitMap = map;
      node.remitDrawing = drawing;
      return map;
    }).catch(function (e) {
      if (status) {
        status.hidden = false;
        status.textContent = status.getAttribute("data-error") || String(e);
      }
      node.classList.add("remit-map--failed");
      throw e;
    });
  }

  function start() {
    if (!L) { return; }
    var nodes = document.querySelectorAll(".remit-map[data-map]");
    Array.prototype.forEach.call(nodes, function (n) {
      show(n).catch(function () { /* shown in the status line */ });
    });
  }

  window.RemitMap = {
    config: config, create: create, draw: draw, geojson: geojson, legend: legend,
    show: show, fit: fitTo
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
