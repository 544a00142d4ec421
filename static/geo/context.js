/* Geographic context under the conflict map (this project's own, served from static/).
 *
 * CX.init(map, config) is called once per page (geo/mapview.py ContextLayers) with the URL of the
 * Natural Earth extract (geo/resources/ne_context.geojson, published into static/cache), the river
 * colour, the zoom from which river names show, and the choropleth's palette (light to dark).
 * It draws the rivers (class "cx-river") in a pane under the towns, their names along them, and
 * follows CM.show: a date state with "provinces" (events per governorate, in the extract's order)
 * shades each governorate (class "cx-province") and shows a legend (class "cx-legend"); a state
 * without it removes both. Names come from the extract and are escaped before they become HTML.
 * config.cities (optional): the URL of the big cities' names ([name, lat, lon, major] rows), drawn
 * muted under the data for orientation (minor ones from config.cityZoom).
 */
window.CX = window.CX || {};
(function (CX) {
    function esc(value) {
        return String(value).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    }

    function style() {
        if (document.getElementById("cx-style")) return;
        var element = document.createElement("style");
        element.id = "cx-style";
        element.textContent =
            ".cx-river-label{background:none;border:none;white-space:nowrap;pointer-events:none}" +
            ".cx-river-label span{display:inline-block;font:italic 600 12px/1 sans-serif;color:#36576B;letter-spacing:1px;" +
            "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;transform-origin:center}" +
            ".cx-far .cx-river-label{display:none}" +
            ".cx-city{background:none;border:none;white-space:nowrap;pointer-events:none}" +
            ".cx-city span{display:inline-block;transform:translate(-3px,-50%);font:500 11px/1 sans-serif;color:#4A4A4A;" +
            "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}.cx-city span:before{content:'';display:inline-block;width:4px;height:4px;" +
            "margin-right:4px;vertical-align:1px;background:#4A4A4A;border:1px solid #fff}.cx-city.cx-hidden{visibility:hidden}" +
            ".cx-legend{background:rgba(255,255,255,0.92);padding:6px 8px;border-radius:4px;font:12px/1.35 sans-serif;color:#222;" +
            "box-shadow:0 1px 4px rgba(0,0,0,0.3)}" +
            ".cx-legend b{display:block;margin-bottom:3px}" +
            ".cx-legend i{display:inline-block;width:14px;height:11px;margin-right:6px;vertical-align:-1px;border:1px solid #555}";
        document.head.appendChild(element);
    }

    function pane(map, name, z) {
        if (!map.getPane(name)) {
            map.createPane(name);
            map.getPane(name).style.zIndex = z;  // Leaflet's overlay pane (the towns) is 400, tiles 200
        }
        return name;
    }

    // Label positions along a line: every `step` degrees of length, each with the line's angle on screen.
    function labelSpots(coords, step) {
        var spots = [], run = 0, next = step / 2;
        for (var i = 1; i < coords.length; i++) {
            var a = coords[i - 1], b = coords[i];
            var length = Math.sqrt(Math.pow(b[0] - a[0], 2) + Math.pow(b[1] - a[1], 2));
            while (length > 0 && run + length >= next) {
                var t = (next - run) / length, lon = a[0] + t * (b[0] - a[0]), lat = a[1] + t * (b[1] - a[1]);
                // Mercator is conformal: the screen angle at a point does not change with the zoom
                var p = L.CRS.EPSG3857.project(L.latLng(a[1], a[0])), q = L.CRS.EPSG3857.project(L.latLng(b[1], b[0]));
                var angle = Math.atan2(-(q.y - p.y), q.x - p.x) * 180 / Math.PI;
                if (angle > 90) angle -= 180;
                if (angle < -90) angle += 180;
                spots.push([lat, lon, angle]);
                next += step;
            }
            run += length;
        }
        return spots;
    }

    function drawRivers(map, data) {
        var rivers = data.features.filter(function (f) { return f.properties.kind === "river"; });
        CX.rivers = L.geoJSON({type: "FeatureCollection", features: rivers}, {
            pane: pane(map, "cx-rivers", 390), interactive: false,
            style: {color: CX.config.river, weight: 1.6, opacity: 0.9, className: "cx-river"}
        }).addTo(map);
        CX.riverLabels = L.layerGroup().addTo(map);
        rivers.forEach(function (f) {
            if (!f.properties.name) return;
            var lines = f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates;
            lines.forEach(function (coords) {
                labelSpots(coords, 3.0).forEach(function (spot) {
                    L.marker([spot[0], spot[1]], {
                        pane: "cx-rivers", interactive: false, keyboard: false,
                        icon: L.divIcon({className: "cx-river-label", iconSize: null, iconAnchor: [0, 0],
                            html: '<span style="transform:translate(-50%,-50%) rotate(' + (-spot[2]).toFixed(1) + 'deg)">' + esc(f.properties.name) + "</span>"})
                    }).addTo(CX.riverLabels);
                });
            });
        });
        var update = function () { map.getContainer().classList.toggle("cx-far", map.getZoom() < CX.config.riverLabelZoom); };
        map.on("zoomend", update);
        update();
    }

    // Big cities (GeoNames, geo/context.py major_cities) named for orientation, muted under the data:
    // a city where the data has a town (within 12 km) is left to the town's own label; a minor one shows
    // from config.cityZoom; a name that would overlap a town's label or a bigger city's is hidden.
    function drawCities(map, rows) {
        CX.cities = rows.map(function (row) {
            var marker = L.marker([row[1], row[2]], {
                pane: pane(map, "cx-cities", 395), interactive: false, keyboard: false,
                icon: L.divIcon({className: "cx-city", iconSize: null, iconAnchor: [0, 0], html: "<span>" + esc(row[0]) + "</span>"})
            });
            return {row: row, marker: marker, shown: false};
        });
        map.on("zoomend moveend", placeCities);
        placeCities();
        if (window.CM && window.CM.ready) window.CM.ready.then(function () { setTimeout(placeCities, 0); });  // once the towns are known
    }
    function nearData(city) {
        var index = window.CM && window.CM.index;
        if (!index || !index.places) return false;
        if (city.nearOf !== index) {
            city.nearOf = index;
            var towns = typeof index.towns === "number" ? index.places.slice(0, index.towns) : index.places;
            city.near = towns.some(function (place) {  // a town of the data, which has its own label
                var dlat = place[0] - city.row[1], dlon = (place[1] - city.row[2]) * Math.cos(city.row[1] * Math.PI / 180);
                return dlat * dlat + dlon * dlon < 0.0117;  // (12 km / 111 km per degree) squared
            });
        }
        return city.near;
    }
    function overlaps(a, b) {
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    // Boxes from the projection, in the map's container pixels, against the towns' label boxes that
    // static/geo/conflictmap.js placed (CM.placedBoxes): no layout is read back but a new name's size, once.
    function placeCities(retries) {
        var map = CX.map;
        if (!map || !CX.cities) return;
        var zoom = map.getZoom(), placed = window.CM && window.CM.placedBoxes, mapView = map.getCenter().toString() + zoom;
        // the towns' boxes of another view (declutter runs on the same moveend, in an order not ours): wait for it
        var waited = typeof retries === "number" ? retries : 0;
        if (placed && window.CM.placedAt !== mapView && waited < 5) { setTimeout(function () { placeCities(waited + 1); }, 0); return; }
        var taken = (placed || []).slice();
        CX.cities.forEach(function (city) {  // biggest first
            var wanted = (city.row[3] || zoom >= CX.config.cityZoom) && !nearData(city);
            if (!wanted) {
                if (city.shown) { map.removeLayer(city.marker); city.shown = false; }
                return;
            }
            if (!city.shown) { city.marker.addTo(map); city.shown = true; }
            var element = city.marker.getElement(), span = element && element.firstChild;
            if (!span) return;
            if (!city.width) {
                var measured = span.getBoundingClientRect();
                city.width = measured.width;
                city.height = measured.height;
            }
            // the name sits right of its point, centred on it (see .cx-city span)
            var point = map.latLngToContainerPoint(city.marker.getLatLng());
            var box = {left: point.x - 3, right: point.x - 3 + city.width, top: point.y - city.height / 2, bottom: point.y + city.height / 2};
            var size = map.getSize(), inside = box.left >= 0 && box.top >= 0 && box.right <= size.x && box.bottom <= size.y;  // never cut by the edge
            var free = city.width > 0 && inside && !taken.some(function (other) { return overlaps(box, other); });
            element.classList.toggle("cx-hidden", !free);
            if (free) taken.push(box);
        });
    }
    CX.placeCities = placeCities;

    // Class breaks over the governorates that have events: up to five, never two alike.
    function breaks(counts) {
        var values = counts.filter(function (c) { return c > 0; }).sort(function (a, b) { return a - b; });
        if (!values.length) return [];
        var steps = CX.config.palette.length, out = [1];
        for (var k = 1; k < steps; k++) {
            var v = values[Math.min(values.length - 1, Math.floor(k * values.length / steps))];
            if (v > out[out.length - 1]) out.push(v);
        }
        return out;
    }

    // The palette step of class i of n: spread over the whole palette, so three classes still run light to dark.
    function step(i, n) {
        var last = CX.config.palette.length - 1;
        return CX.config.palette[n === 1 ? Math.ceil(last / 2) : Math.round(i * last / (n - 1))];
    }

    function classOf(count, edges) {
        var k = -1;
        for (var i = 0; i < edges.length; i++) if (count >= edges[i]) k = i;
        return k;
    }

    function legend(map, edges, max) {
        if (CX.legend) { CX.legend.remove(); CX.legend = null; }
        var control = L.control({position: "bottomleft"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "cx-legend");
            var rows = ["<b>Events per governorate</b>"];
            if (!edges.length) rows.push("none in the window");
            for (var i = 0; i < edges.length; i++) {
                var high = i + 1 < edges.length ? edges[i + 1] - 1 : max;
                rows.push('<span><i style="background:' + step(i, edges.length) + '"></i>' + (high > edges[i] ? edges[i] + "–" + high : edges[i]) + "</span>");
            }
            div.innerHTML = rows.join("<br>");
            return div;
        };
        CX.legend = control.addTo(map);
    }

    CX.provinces = function (counts) {
        var map = CX.map;
        if (!map) return;
        if (CX.shaded) { map.removeLayer(CX.shaded); CX.shaded = null; }
        if (!counts || !CX.data) {
            if (CX.legend) { CX.legend.remove(); CX.legend = null; }
            CX.pending = counts || null;
            return;
        }
        var provinces = CX.data.features.filter(function (f) { return f.properties.kind === "province"; });
        var edges = breaks(counts), max = Math.max.apply(null, [0].concat(counts));
        CX.shaded = L.geoJSON({type: "FeatureCollection", features: provinces}, {
            pane: pane(map, "cx-provinces", 250),
            style: function (feature) {
                var count = counts[provinces.indexOf(feature)] || 0, k = classOf(count, edges);
                return {color: k >= 0 ? "#3F2A6B" : "#666666", weight: k >= 0 ? 1.2 : 0.8, opacity: 0.8, fill: true, fillColor: k >= 0 ? step(k, edges.length) : "#FFFFFF",
                    fillOpacity: k >= 0 ? 0.6 : 0.0, className: "cx-province" + (k >= 0 ? " cx-shaded" : "")};
            },
            onEachFeature: function (feature, layer) {
                var count = counts[provinces.indexOf(feature)] || 0;
                layer.bindTooltip(esc(feature.properties.name) + ": " + count + (count === 1 ? " event" : " events") + " in the window", {sticky: true});
            }
        }).addTo(map);
        legend(map, edges, max);
    };

    CX.init = function (map, config) {
        style();
        CX.config = config;
        if (CX.map === map && CX.rivers) return;  // this map has its rivers already (a script run twice)
        CX.map = map;
        if (window.CM && window.CM.show && !window.CM.cxFollowed) {
            // The date's state reaches us through the towns' CM.show (static/geo/conflictmap.js).
            var show = window.CM.show;
            window.CM.show = function (group, state) {
                var result = show.apply(this, arguments);
                CX.provinces(state && state.provinces);
                placeCities();  // the towns' labels moved with the date
                return result;
            };
            window.CM.cxFollowed = true;
        }
        fetch(config.url).then(function (r) { return r.json(); }).then(function (data) {
            CX.data = data;
            drawRivers(map, data);
            if (CX.pending) CX.provinces(CX.pending);
        }).catch(function () {});
        if (config.cities) {
            fetch(config.cities).then(function (r) { return r.json(); }).then(function (rows) { drawCities(map, rows); }).catch(function () {});
        }
    };
})(window.CX);
