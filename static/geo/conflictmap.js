/* The conflict map's drawing code (this project's own, served from static/).
 *
 * CM.init(config) is called once per page with the vocabularies, the colours
 * and the URL of the map index (where each town is, its label, its area cell).
 * CM.show(group, state) draws one date into a Leaflet feature group: state.codes
 * has one character per town (holder, contested, stale; "-" unknown after a stale
 * report), state.since the day each holder took over (or the town became unknown),
 * state.from the day a vague change may have begun (0: none), state.disputed the
 * towns whose reports disagree, state.events the events of the window per place,
 * state.sources the independent sources behind each town's state, state.claimed the
 * towns whose holder rests on claims only; when two dates are compared,
 * state.changed ([town, holder before, holder after], -1: unknown) and state.compare
 * (the two days). Every label is escaped before it becomes tooltip HTML.
 *
 * The towns, their labels, badges, rings and cells are made once per build and kept on the map;
 * a date only restyles, shows or hides the towns whose state changed (see layers()).
 */
window.CM = window.CM || {};
(function (CM) {
    CM.esc = function (value) {
        return String(value).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    };
    // a town's tooltip names its days: Intl's formatting is slow, and the same days come back each step
    var DAY_FORMAT = new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"}), dayTexts = {};
    CM.day = function (days) {
        return dayTexts[days] || (dayTexts[days] = DAY_FORMAT.format(new Date(days * 86400000)));
    };
    // A marker's icon (a town's label or badge) is placed with a 3D translate, which gives each its own
    // compositing layer: with fifteen hundred badges Chromium spent 540 ms of every date step sorting
    // layers. A 2D translate puts them in their pane's layer; the map's panes (zoom, pan) stay 3D.
    if (window.L && L.Marker && !L.Marker.prototype.cmFlat) {
        var leafletSetPos = L.Marker.prototype._setPos;
        L.Marker.prototype._setPos = function (pos) {
            leafletSetPos.call(this, pos);
            if (this._icon) this._icon.style.transform = "translate(" + pos.x + "px," + pos.y + "px)";
        };
        L.Marker.prototype.cmFlat = true;
    }
    // Leaflet focuses the map's container on a mouse-down (for its arrow keys) and then restores the
    // scroll of its own window only: the page around the iframe scrolled the container into view,
    // between the press and the release, so the first click on a marker landed elsewhere.
    if (window.L && L.Map && L.Map.Keyboard) {
        L.Map.Keyboard.prototype._onMouseDown = function () {
            if (this._focused) return;
            this._map._container.focus({preventScroll: true});
        };
    }
    CM.init = function (config) {
        CM.controllers = config.controllers;
        CM.colours = config.colours;  // from geo/resources/factions.toml, via geo/mapview.py
        CM.unknown = config.unknown;
        CM.typeColours = config.typeColours;
        CM.ring = config.ring;
        CM.halo = config.halo || "#FFFFFF";
        CM.outline = config.outline || "#222222";
        CM.disputedRing = config.disputedRing || config.ring;
        if (CM.indexUrl === config.indexUrl && CM.ready) return;
        CM.indexUrl = config.indexUrl;
        CM.index = null;
        CM.previewReady = 0;  // counts the second parts read of this index
        CM.ready = fetch(config.indexUrl).then(function (r) { return r.json(); });
        CM.ready.then(function (index) { CM.index = index; });
    };
    // The towns' control periods and the events' columns, which only a date drawn in the page needs,
    // are the index's larger part: read after the first draw, so the map never waits for them. Until
    // they come a step is drawn by the server alone.
    function readPreview(index) {
        if (!index.preview || index.previewAsked) return;
        index.previewAsked = true;
        fetch(index.preview).then(function (r) {
            if (!r.ok) throw new Error(index.preview + ": " + r.status);
            return r.json();
        }).then(function (part) {
            index.periods = part.periods;
            index.events = part.events;
            if (index === CM.index) CM.previewReady = (CM.previewReady || 0) + 1;
        }).catch(function () {});  // not asked again: the map works without it, each step drawn by the server
    }
    // What stays on the map from one date to the next (issue 16): each town's marker, label, badge,
    // rings and area cell are made once per build and only restyled, shown or hidden when the town's
    // state changes; a step redraws only the day's events and the compare bands (CM.show's group).
    var PANES = ["cm-zones", "cm-events", "cm-under", "cm-towns", "cm-marks"];
    function layers() {
        var map = window.map;
        if (CM.kept && CM.kept.map === map && CM.kept.indexUrl === CM.indexUrl) return CM.kept;
        if (CM.kept) ["zones", "under", "towns", "marks", "events"].forEach(function (name) { CM.kept[name].remove(); });
        CM.kept = {map: map, indexUrl: CM.indexUrl, towns: {}};
        // SVG paths stack in the order they were added, whatever their group: a pane per layer keeps
        // a cell made today under a marker made last week, and the day's event dots under the towns
        // (above the borders, rivers and governorates of the overlay pane, under labels and tooltips)
        PANES.forEach(function (name, number) {
            if (!map.getPane(name)) map.createPane(name).style.zIndex = String(410 + 10 * number);
        });
        // zones under the rings under the markers; streamlit-folium binds its click handler to every layer
        // of the map after each rerun, and a click on a marker reaches it through its group
        ["zones", "under", "towns", "marks", "events"].forEach(function (name) { CM.kept[name] = L.featureGroup().addTo(map); });
        return CM.kept;
    }
    function keep(group, layer, shown) {
        if (shown && !group.hasLayer(layer)) group.addLayer(layer);
        else if (!shown && group.hasLayer(layer)) group.removeLayer(layer);
    }
    function drawZones(kept, index, codes, shown) {
        for (var z = 0; z < index.places.length; z++) {
            var code = shown && z < codes.length ? codes[z] : ".", entry = kept.towns[z] || (kept.towns[z] = {});
            var on = code !== "." && code !== "-" && !!index.cells[z];
            if (!on) { if (entry.zone) keep(kept.zones, entry.zone, false); continue; }
            var s = code.charCodeAt(0) - 65, owner = s >> 2, contested = (s & 2) !== 0;
            var style = {stroke: contested, color: CM.colours[owner], weight: 1.5, dashArray: "6 4",
                fillColor: CM.colours[owner], fillOpacity: contested ? 0.12 : 0.22};
            if (!entry.zone) entry.zone = L.geoJSON(index.cells[z], {interactive: false, style: style, pane: "cm-zones"});
            else if (entry.zoneCode !== code) entry.zone.setStyle(style);
            entry.zoneCode = code;
            keep(kept.zones, entry.zone, true);
        }
    }
    // The window's event dots, one per place, kept on the map between dates: a step restyles the dots
    // whose count, deaths or type changed, adds and removes the others, and only rewrites the rest's
    // tooltips (a closed tooltip's text is a field: a thousand dots cost nothing).
    function drawEvents(kept, index, state) {
        var dots = kept.dots || (kept.dots = {}), seen = {};
        for (var e = 0; e < state.events.length; e++) {
            var ev = state.events[e], at = ev[0], place = index.places[at];
            var detail = ev[1] + (ev[1] === 1 ? " event" : " events") + (ev[2] ? ", " + ev[2] + " deaths" : "");
            var tooltip = "<b>" + CM.esc(place[2]) + "</b><br>\n" + CM.esc(detail) + "<br>\n" + CM.esc(state.period);
            var sig = ev[1] + "|" + ev[2] + "|" + ev[3], dot = dots[at];
            seen[at] = true;
            if (!dot) {
                dot = dots[at] = L.circleMarker([place[0], place[1]], {color: "#333333", weight: 1, pane: "cm-events", fillOpacity: 0.7})
                    .bindTooltip(tooltip, {direction: "top"}).addTo(kept.events);
            } else {
                dot.setTooltipContent(tooltip);
            }
            if (dot.cmSig !== sig) {
                dot.setRadius(Math.min(14, 3 + 2 * Math.sqrt(ev[1])));
                dot.setStyle({fillColor: CM.typeColours[ev[3]] || CM.unknown});
                dot.cmSig = sig;
                // Leaflet makes a dot with a tooltip a tab stop: it gets a name
                onMap(dot, function (element) { element.setAttribute("aria-label", this); }.bind(place[2] + ": " + detail));
            }
        }
        for (var key in dots) {
            if (!seen[key]) { kept.events.removeLayer(dots[key]); delete dots[key]; }
        }
    }
    // Once per page: label and badge styles, a round focus halo instead of the browser's square outline.
    // a town label's type: in the style below, and measured on a canvas to place the labels
    var LABEL_PX = 12, LABEL_LINE = 1.2, LABEL_FONT = "600 " + LABEL_PX + "px sans-serif", LABEL_HEIGHT = LABEL_PX * LABEL_LINE;
    var STYLE = ".cm-label{background:none;border:none;font:600 " + LABEL_PX + "px/" + LABEL_LINE + " sans-serif;color:#222;white-space:nowrap;" +
        "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}" +
        ".cm-badge{font:700 10px/12px sans-serif;color:#111;text-align:center;background:#fff;border:1.5px solid #111;" +
        "box-sizing:border-box;pointer-events:none}.cm-badge-one{border-radius:50%}.cm-badge-claimed{border-radius:2px;border-style:dashed}" +
        ".cm-badge-both{border-radius:6px;border-style:dashed}" +
        // the outline of a focused SVG path is its bounding box: a black square on a round marker
        ".leaflet-container .leaflet-interactive:focus,.leaflet-container .leaflet-interactive:focus-visible{outline:none}" +
        ".cm-legend{background:rgba(255,255,255,0.92);padding:4px 7px;border-radius:4px;font:11px/1.5 sans-serif;color:#222;" +
        "box-shadow:0 1px 4px rgba(0,0,0,0.3)}.cm-legend .cm-badge{display:inline-block;width:13px;height:13px;margin-right:5px;vertical-align:-2px}" +
        ".cm-legend .cm-band{display:inline-block;width:7px;height:7px;border-radius:50%;border:3px solid #888;" +
        "box-shadow:0 0 0 1.5px #fff,0 0 0 3px #111,inset 0 0 0 1.5px #fff,inset 0 0 0 3px #111;margin:0 7px 0 3px;vertical-align:-2px}";
    function hookMap() {
        var map = window.map;
        if (!map || CM.hooked === map) return;
        CM.hooked = map;
        if (!document.getElementById("cm-label-style")) {
            var style = document.createElement("style");
            style.id = "cm-label-style";
            style.textContent = STYLE;
            document.head.appendChild(style);
        }
        if (map.keyboard && map.keyboard.enabled()) {
            // a map made before this file was read bound Leaflet's own mouse-down: bind the one above
            map.keyboard.disable();
            map.keyboard.enable();
        }
        map.on("moveend resize", declutter);
        map.on("moveend", function () { keepViewInUrl(map); });
        var legend = L.control({position: "topright"});
        legend.onAdd = function () {
            var box = L.DomUtil.create("div", "cm-legend");
            box.setAttribute("data-testid", "cm-legend");
            L.DomEvent.disableClickPropagation(box);
            return box;
        };
        legend.addTo(map);
        CM.legend = legend;
    }
    function viewText(map) {
        var centre = map.getCenter();
        return [centre.lat.toFixed(4) + "," + centre.lng.toFixed(4), String(map.getZoom())];
    }
    // A pan or zoom replaces the page's URL in place (its view, in the server's order of keys), before
    // the rerun it causes writes the same URL: Streamlit then adds no history entry, so Back steps
    // through dates and places, not through every pan.
    function keepViewInUrl(map) {
        var host, state = CM.lastState;
        try { host = window.parent !== window ? window.parent : null; if (host) host.location.search; } catch (error) { return; }
        if (!host || !state || !state.url_order) return;
        var view = viewText(map), params = new URLSearchParams(host.location.search), out = new URLSearchParams();
        // the server leaves the opening view of the theatre out of the URL: so does this
        if (state.url_default && view[0] === state.url_default[0] && view[1] === state.url_default[1]) {
            params.delete("center");
            params.delete("zoom");
        } else {
            params.set("center", view[0]);
            params.set("zoom", view[1]);
        }
        // Streamlit keeps its own embed keys first and the app's keys in the order it wrote them
        ["embed", "embed_options"].concat(state.url_order).forEach(function (key) {
            params.getAll(key).forEach(function (value) { out.append(key, value); });
        });
        var search = "?" + out.toString();
        if (search !== host.location.search) host.history.replaceState(host.history.state, "", host.location.pathname + search);
    }
    function showLegend(state) {
        if (!CM.legend) return;
        var rows = [
            '<span class="cm-badge cm-badge-one">1</span>one independent source',
            '<span class="cm-badge cm-badge-claimed">?</span>claimed, not confirmed'
        ];
        if (state.compare) {
            rows.push('<span class="cm-band"></span>holder changed ' + CM.esc(CM.day(state.compare[0]) + " \u2192 " + CM.day(state.compare[1])) +
                "<br><small>(band: the earlier holder)</small>");
        }
        CM.legend.getContainer().innerHTML = rows.join("<br>");
    }
    // Labels at every zoom: the most telling first (known holder, then the towns with most reports);
    // after each draw, zoom or pan, a label whose box would overlap one already placed is left off.
    // A town's label is only a candidate here: its element is made when it first has room (at a
    // hundred thousand events most of two thousand labels never do, and making them all was most of
    // the first draw).
    function label(entry, town, rank) {
        CM.labels.push({entry: entry, town: town, rank: rank});
    }
    // where a label's box starts: right of its marker, the text's middle at the marker's centre
    function labelAnchor(town) {
        return [-town[3] - 3, 8];
    }
    var labelWidths = {}, measure = null;
    function labelWidth(text) {
        if (labelWidths[text] === undefined) {
            if (!measure) {
                measure = document.createElement("canvas").getContext("2d");
                measure.font = LABEL_FONT;
            }
            labelWidths[text] = measure.measureText(text).width;
        }
        return labelWidths[text];
    }
    function labelMarker(entry, town) {
        if (!entry.label) {
            entry.label = L.marker([town[0], town[1]], {
                icon: L.divIcon({className: "cm-label", html: CM.esc(town[2]), iconSize: null, iconAnchor: labelAnchor(town)}),
                interactive: false, keyboard: false
            });
        }
        return entry.label;
    }
    // Boxes worked out from the map's projection and each label's text measured on a canvas, not read
    // back from the page: two thousand labels are placed without a layout. Only a label whose fate
    // changed is touched.
    function declutter() {
        var map = window.map;
        if (!map || !CM.kept) return;
        var list = (CM.labels || []).slice();
        list.sort(function (a, b) { return a.rank - b.rank; });
        // the map's own boxes (legend, zoom buttons, scale, credits) come first: a label under them is left off
        var size = map.getSize(), origin = map.getContainer().getBoundingClientRect(), placed = [];
        var controls = map.getContainer().querySelectorAll(".leaflet-control");
        for (var c = 0; c < controls.length; c++) {
            var r = controls[c].getBoundingClientRect();
            placed.push({left: r.left - origin.left, right: r.right - origin.left, top: r.top - origin.top, bottom: r.bottom - origin.top});
        }
        // placed boxes kept in a grid of 64-pixel cells: a label is checked against its neighbours only
        var grid = {};
        function cellsOf(box, visit) {
            for (var gx = Math.floor(box.left / 64); gx <= Math.floor(box.right / 64); gx++) {
                for (var gy = Math.floor(box.top / 64); gy <= Math.floor(box.bottom / 64); gy++) {
                    if (visit(grid[gx + "," + gy] || (grid[gx + "," + gy] = []))) return true;
                }
            }
            return false;
        }
        function overlaps(box) {
            // the cells of the box and its one-pixel margin: a neighbour that close, across a cell's edge, counts
            var near = {left: box.left - 1, right: box.right + 1, top: box.top - 1, bottom: box.bottom + 1};
            return cellsOf(near, function (cell) {
                for (var j = 0; j < cell.length; j++) {
                    var other = cell[j];
                    if (!(box.right + 1 < other.left || other.right + 1 < box.left || box.bottom + 1 < other.top || other.bottom + 1 < box.top)) return true;
                }
                return false;
            });
        }
        placed.forEach(function (box) { cellsOf(box, function (cell) { cell.push(box); return false; }); });
        for (var i = 0; i < list.length; i++) {
            var town = list[i].town, entry = list[i].entry, point = map.latLngToContainerPoint([town[0], town[1]]);
            var anchor = labelAnchor(town), box = {left: point.x - anchor[0], top: point.y - anchor[1]};
            box.bottom = box.top + LABEL_HEIGHT;
            box.right = box.left;
            // off the map, or its first pixel already covered: left off without measuring its text
            var free = box.bottom > 0 && box.left < size.x && box.top < size.y && !overlaps(box);
            if (free) {
                box.right = box.left + labelWidth(town[2]);
                free = box.right > 0 && !overlaps(box);
            }
            if (free) {
                placed.push(box);
                cellsOf(box, function (cell) { cell.push(box); return false; });
                keep(CM.kept.marks, labelMarker(entry, town), true);
            } else if (entry.label) {
                keep(CM.kept.marks, entry.label, false);
            }
        }
        CM.placedBoxes = placed;  // the shown labels and the map's controls, in container pixels (static/geo/context.js)
        CM.placedAt = map.getCenter().toString() + map.getZoom();
    }
    // A small badge at the marker's upper right: "1" (one independent source), "?" (claims only).
    function badge(kept, entry, town, one, claimed) {
        var text = (one ? "1" : "") + (claimed ? "?" : ""), size = one && claimed ? 18 : 13, offset = town[3] * 0.75;
        var kind = one && claimed ? "both" : one ? "one" : "claimed";
        var icon = L.divIcon({className: "cm-badge cm-badge-" + kind, html: text, iconSize: [size, 13], iconAnchor: [size / 2 - offset, 6.5 + offset]});
        if (!entry.badge) entry.badge = L.marker([town[0], town[1]], {icon: icon, interactive: false, keyboard: false});
        else if (entry.badgeText !== text) entry.badge.setIcon(icon);
        entry.badgeText = text;
        keep(kept.marks, entry.badge, true);
    }
    // A town whose holder changed between the two compared dates: a band in the earlier holder's colour, edged in black.
    function changeBand(group, town, radius, before, tooltip) {
        var at = [town[0], town[1]], colour = before >= 0 ? CM.colours[before] : CM.unknown;
        // black, white, the earlier holder, white, black: a double ring that reads on any fill, even a black one
        L.circleMarker(at, {radius: radius, fill: false, color: "#111111", weight: 10, opacity: 1, interactive: false, className: "cm-changed", pane: "cm-under"}).addTo(group);
        L.circleMarker(at, {radius: radius, fill: false, color: "#FFFFFF", weight: 7, opacity: 1, interactive: false, pane: "cm-under"}).addTo(group);
        var band = L.circleMarker(at, {radius: radius, fill: false, color: colour, weight: 4, opacity: 1, interactive: !!tooltip, className: "cm-changed-band",
            pane: "cm-under"});
        if (tooltip) band.bindTooltip(tooltip, {direction: "top"});
        band.addTo(group);
    }
    // A town marker a keyboard reaches: a named tab stop; Enter or Space opens its panel as a click does.
    // After a rerun the date's group is drawn before streamlit-folium adds it to the map: its
    // markers have no element yet, so what needs one waits for the marker to be on the map.
    function onMap(layer, then) {
        if (layer.getElement && layer.getElement()) then(layer.getElement());
        else layer.once("add", function () { if (layer.getElement()) then(layer.getElement()); });
    }
    function keyboard(marker, name) {
        onMap(marker, function (element) { named(marker, element, name); });
    }
    function rename(marker, name) {
        var element = marker.getElement && marker.getElement();
        if (element) element.setAttribute("aria-label", name);
        else marker.once("add", function () { if (marker.getElement()) marker.getElement().setAttribute("aria-label", name); });
    }
    function named(marker, element, name) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "button");
        element.setAttribute("aria-label", name);
        // a round halo while the keyboard is on the marker (the square outline is off, see STYLE)
        element.addEventListener("focus", function () {
            if (!element.matches(":focus-visible") || !marker._map) return;
            var at = marker.getLatLng(), r = marker.getRadius() + 4;
            marker.cmHalo = L.layerGroup([
                L.circleMarker(at, {radius: r, fill: false, color: "#FFFFFF", weight: 6, opacity: 1, interactive: false, pane: "cm-marks"}),
                L.circleMarker(at, {radius: r, fill: false, color: "#0B57D0", weight: 3, opacity: 1, interactive: false, className: "cm-focus-ring", pane: "cm-marks"})
            ]).addTo(CM.group);  // in the date's group: swapped out with it
        });
        element.addEventListener("blur", function () {
            if (marker.cmHalo) { marker.cmHalo.remove(); marker.cmHalo = null; }
        });
        element.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                // a real click on the marker, so Leaflet (and whoever listens to the map) sees what a mouse does
                var box = element.getBoundingClientRect();
                element.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window,
                    clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
            }
        });
    }

    function hide(kept, entry) {
        ["marker", "label", "badge"].forEach(function (part) { if (entry[part]) keep(part === "marker" ? kept.towns : kept.marks, entry[part], false); });
        if (entry.halo) keep(kept.under, entry.halo, false);
        if (entry.ring) keep(kept.marks, entry.ring, false);
        entry.key = ".";
        entry.code = ".";
    }
    // One town drawn for its state on the date (only called when that state changed).
    function restyle(kept, entry, t, town, code, info) {
        var at = [town[0], town[1]], style, lines, name, cm, contested = false, disputed = info.disputed;
        var origins = info.origins, claimed = info.claimed;
        if (code === "-") {
            // Known before, no report now: a hollow grey town, not a guess at its holder.
            style = {radius: Math.max(4, town[3] - 2), fillColor: CM.unknown, fillOpacity: 0.25, color: CM.unknown, weight: 1.5, opacity: 0.9, dashArray: null};
            lines = ["<b>" + CM.esc(town[2]) + "</b>", "unknown", "no recent report since " + CM.day(info.since)];
            if (info.change) lines.push(info.change);
            name = town[2] + ": control unknown";
            disputed = false; origins = 0; claimed = false;
            cm = {label: town[2], index: t, controller: "unknown", contested: false, disputed: false, colour: CM.unknown,
                sources: 0, claimed: false, changed: !!info.change};
        } else {
            var v = code.charCodeAt(0) - 65, who = v >> 2, stale = (v & 1) !== 0, holder = CM.controllers[who] || "other";
            contested = (v & 2) !== 0;
            style = {radius: town[3], fillColor: CM.colours[who], fillOpacity: (contested ? 0.55 : 0.9) * (stale ? 0.6 : 1),
                color: contested ? CM.ring : CM.outline, weight: contested ? 3.5 : 1.5, dashArray: contested ? "4 3" : null, opacity: 1};
            lines = ["<b>" + CM.esc(town[2]) + "</b>", CM.esc(holder + (contested ? " \u00b7 contested" : "") + (disputed ? " \u00b7 disputed" : ""))];
            if (info.reported) lines.push("held before a report of " + CM.day(info.reported) + " (start not reported)");
            else if (info.from && info.since) lines.push("taken between " + CM.day(info.from) + " and " + CM.day(info.since));
            else if (info.since) lines.push("since " + CM.day(info.since));
            if (disputed) lines.push("reports disagree on the holder");
            if (origins) lines.push(origins === 1 ? "one source only" : origins + " independent sources");
            if (claimed) lines.push("claimed, not confirmed: every report behind it is a claim");
            if (info.change) lines.push(info.change);
            name = town[2] + ": " + holder + (contested ? ", contested" : "") + (disputed ? ", disputed" : "");
            cm = {label: town[2], index: t, controller: holder, contested: contested, disputed: disputed, colour: CM.colours[who],
                sources: origins, claimed: claimed, changed: !!info.change};
        }
        // The first tooltip line is the place label: the dashboard reads it back on a click.
        var html = lines.join("<br>\n");
        if (!entry.marker) {
            entry.marker = L.circleMarker(at, L.extend({pane: "cm-towns"}, style)).bindTooltip(html, {direction: "top"});
            keyboard(entry.marker, name);
        } else {
            entry.marker.setStyle(style);
            entry.marker.setRadius(style.radius);
            entry.marker.setTooltipContent(html);
            rename(entry.marker, name);
        }
        entry.marker.cm = cm;
        if (contested && !entry.halo) {
            // the halo under the dashed ring: the ring reads against any fill and any background
            entry.halo = L.circleMarker(at, {radius: town[3], fill: false, color: CM.halo, weight: 6, opacity: 1, interactive: false, pane: "cm-under"});
        }
        if (entry.halo) keep(kept.under, entry.halo, contested);
        if (disputed && !entry.ring) {
            // A dotted ring outside the marker: doubt about the holder, distinct from the dashed "contested" ring.
            entry.ring = L.circleMarker(at, {radius: town[3] + 4, fill: false, color: CM.disputedRing, weight: 2.5, dashArray: "1 5",
                lineCap: "round", opacity: 1, interactive: false, pane: "cm-marks"});
        }
        if (entry.ring) keep(kept.marks, entry.ring, disputed);
        if (origins === 1 || claimed) badge(kept, entry, town, origins === 1, claimed);
        else if (entry.badge) keep(kept.marks, entry.badge, false);
        // towns with a known holder first, the most reported (largest) of them first; then the unknown again
        entry.rank = code === "-" ? 2000 + t : 1000 - 10 * town[3] + t / 1000;
    }
    // Every town for the date; true when any town's drawing changed (the labels are then placed again).
    function drawTowns(kept, group, index, state) {
        var codes = state.codes, from = state.from || [], reported = state.reported || [], disputedSet = {}, claimedSet = {}, changed = {};
        (state.disputed || []).forEach(function (t) { disputedSet[t] = true; });
        (state.claimed || []).forEach(function (t) { claimedSet[t] = true; });
        (state.changed || []).forEach(function (c) { changed[c[0]] = c; });
        var between = state.compare ? " between " + CM.day(state.compare[0]) + " and " + CM.day(state.compare[1]) : "";
        function holder(number) { return number < 0 ? "unknown" : CM.controllers[number] || "other"; }
        function changeLine(c) { return CM.esc(holder(c[1]) + " \u2192 " + holder(c[2]) + between); }
        var moved = false;
        CM.labels = [];
        for (var t = 0; t < index.places.length; t++) {
            var town = index.places[t], entry = kept.towns[t] || (kept.towns[t] = {}), change = changed[t];
            var code = t < codes.length ? codes[t] : ".";
            if (code === ".") {
                // not drawn today (filtered out, or never known): the change still shows, with its own tooltip
                if (entry.key !== ".") { hide(kept, entry); moved = true; }
                if (change && town) changeBand(group, town, town[3] + 7, change[1], "<b>" + CM.esc(town[2]) + "</b><br>\n" + changeLine(change));
                continue;
            }
            var info = {disputed: disputedSet[t] === true, origins: (state.sources || [])[t] || 0, claimed: claimedSet[t] === true,
                since: state.since[t], from: from[t] || 0, reported: reported[t] || 0, change: change ? changeLine(change) : ""};
            if (change) changeBand(group, town, town[3] + (info.disputed && code !== "-" ? 10.5 : 7), change[1], "");
            var key = [code, info.since, info.from, info.reported, info.disputed, info.origins, info.claimed, info.change].join("|");
            if (entry.key !== key) {
                restyle(kept, entry, t, town, code, info);
                entry.key = key;
                entry.code = code;
                moved = true;
            }
            keep(kept.towns, entry.marker, true);
            label(entry, town, entry.rank);
        }
        return moved;
    }
    // While the date slider is dragged (Streamlit sends its value only on release) or stepped by a key,
    // each date it reaches is drawn here from the index: the towns from their control periods, the
    // window's dots from the events' columns, with the server's arithmetic, for the unfiltered view only
    // (state.preview: the stale limit; 0: no preview). Without those columns a drag takes the last
    // date's dots off until the server's state arrives.
    function watchSlider() {
        var doc;
        try { doc = window.parent && window.parent !== window ? window.parent.document : null; } catch (error) { return; }
        var input = doc && doc.querySelector('[data-testid="stSlider"] input[type="range"][aria-label="Date"]');
        if (!input || CM.sliderInput === input) return;
        CM.sliderInput = input;
        input.closest('[data-testid="stSlider"]').addEventListener("pointerdown", function () { CM.dragging = true; }, true);
        if (!doc.cmWatched) {
            doc.cmWatched = true;
            doc.addEventListener("pointerup", function () {
                CM.dragging = false;
                // released where it started: no rerun comes, so the last state is drawn again whole
                if (CM.previewDay !== undefined && CM.lastState && CM.previewDay === CM.lastState.day && CM.group) CM.show(CM.group, CM.lastState);
                CM.previewDay = undefined;
            }, true);
        }
        // A key that steps the slider (arrows, Page Up/Down, Home, End) previews its date at once too:
        // the rerun it sends takes a few hundred milliseconds to come back.
        input.addEventListener("keydown", function (event) {
            if (/^(Arrow|Page|Home$|End$)/.test(event.key)) CM.keyedAt = Date.now();
        }, true);
        new MutationObserver(function () {
            var keyed = CM.keyedAt && Date.now() - CM.keyedAt < 1000;
            if (!CM.dragging && !keyed) return;
            var day = sliderDay(input);
            if (isNaN(day)) return;
            CM.wantedDay = day;  // the reader's date, until the server's state for it is drawn
            preview(day, doc, !CM.dragging);
        }).observe(input, {attributes: true, attributeFilter: ["aria-valuetext"]});
    }
    function sliderDay(input) {
        return Math.round(Date.parse(input.getAttribute("aria-valuetext") + "T00:00:00Z") / 86400000);
    }
    function codeOn(periods, list, day, stale) {
        var lo = 0, hi = list.length - 1, found = -1;
        while (lo <= hi) {
            var mid = (lo + hi) >> 1;
            if (periods[list[mid]][1] <= day) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        if (found < 0) return ".";
        var p = periods[list[found]];
        if (p[2] >= 0 && p[2] < day) { CM.lastEnd = p[2]; return "-"; }  // known before, not today
        return String.fromCharCode(65 + p[3] * 4 + p[4] * 2 + (day - p[5] > stale ? 1 : 0));
    }
    // The events of the window [day - windowDays, day] at places without a known holder today, one dot
    // per place: its count, deaths and commonest type (the first of equals, "other" first), as map_state.
    function windowEvents(index, day, windowDays, kept) {
        var columns = index.events;
        if (CM.eventDaysOf !== index) {
            var days = new Array(columns.day.length), total = 0;
            for (var i = 0; i < days.length; i++) { total += columns.day[i]; days[i] = total; }
            CM.eventDays = days;
            CM.eventDaysOf = index;
        }
        var all = CM.eventDays, lower = firstAtLeast(all, day - windowDays), upper = firstAtLeast(all, day + 1);
        var byPlace = {}, places = [];
        for (var e = lower; e < upper; e++) {
            var at = columns.at[e], entry = kept.towns[at];
            if (entry && entry.code && entry.code !== "." && entry.code !== "-") continue;  // a town with a holder today
            var sum = byPlace[at];
            if (!sum) { sum = byPlace[at] = {count: 0, deaths: 0, types: {}}; places.push(at); }
            sum.count += 1;
            sum.deaths += columns.deaths[e];
            sum.types[columns.type[e]] = (sum.types[columns.type[e]] || 0) + 1;
        }
        places.sort(function (a, b) { return a - b; });
        return places.map(function (at) {
            var sum = byPlace[at], best = -1, most = -1;
            for (var type = -1; type < CM.typeColours.length; type++) {
                if ((sum.types[type] || 0) > most) { most = sum.types[type] || 0; best = type; }
            }
            return [at, sum.count, sum.deaths, best];
        });
    }
    function firstAtLeast(sorted, value) {
        var lo = 0, hi = sorted.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < value) lo = mid + 1; else hi = mid; }
        return lo;
    }
    var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    function dayText(day) {
        var date = new Date(day * 86400000);
        return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
    }
    function periodText(day, windowDays) {
        return windowDays < 20000 ? dayText(day - windowDays) + " \u2013 " + dayText(day) : "until " + dayText(day);
    }
    // keepEvents (a key press): without the events' columns in the index the day's dots stay until the
    // server's come, a step later, rather than blinking off and on at every press.
    function preview(day, doc, keepEvents) {
        var index = CM.index, kept = CM.kept, stale = CM.lastState && CM.lastState.preview;
        var towns = !!(index && index.periods && index.periods.length), events = !!(index && index.events && index.events.day);
        if (!index || !kept || !stale || !(towns || events) || day === CM.previewDay) return;
        CM.previewDay = day;
        if (CM.byTown === undefined || CM.byTownOf !== index) {
            CM.byTown = {};
            CM.byTownOf = index;
            index.periods.forEach(function (period, number) { (CM.byTown[period[0]] = CM.byTown[period[0]] || []).push(number); });
        }
        var windowDays = CM.lastState && CM.lastState.preview_window, drawsEvents = !!(windowDays && index.events && index.events.day);
        // a drag without the events' columns takes the last date's dots off (they belong to it)
        if (!drawsEvents && !keepEvents) drawEvents(kept, index, {events: [], period: ""});
        if (CM.group && !keepEvents) CM.group.clearLayers();
        var moved = false, none = {disputed: false, origins: 0, claimed: false, since: 0, from: 0, reported: 0, change: ""};
        if (towns) CM.labels = [];  // without periods the towns, and so their labels, keep the server's state
        for (var t = 0; towns && t < index.places.length; t++) {
            var town = index.places[t], entry = kept.towns[t] || (kept.towns[t] = {});
            var code = CM.byTown[t] ? codeOn(index.periods, CM.byTown[t], day, stale) : ".";
            if (code === ".") {
                if (entry.key !== ".") { hide(kept, entry); moved = true; }
                continue;
            }
            // only a town whose state changed: one the server drew with the same state keeps its badges and history
            if (entry.code !== code) {
                // a town unknown again says since when: the day after its last period ended
                var info = code === "-" ? L.extend({}, none, {since: CM.lastEnd + 1}) : none;
                restyle(kept, entry, t, town, code, info);
                entry.key = "preview|" + code;
                entry.code = code;
                moved = true;
            }
            keep(kept.towns, entry.marker, true);
            label(entry, town, entry.rank);
        }
        if (moved) declutter();
        if (drawsEvents) drawEvents(kept, index, {events: windowEvents(index, day, windowDays, kept), period: periodText(day, windowDays)});
        var header = doc.querySelector('[data-testid="current-date"]');
        if (header) {
            var date = new Date(day * 86400000), utc = {timeZone: "UTC"};
            header.textContent = date.toLocaleDateString("en-GB", L.extend({weekday: "long"}, utc)) + " " + date.getUTCDate() + " " +
                date.toLocaleDateString("en-GB", L.extend({month: "long"}, utc)) + " " + date.getUTCFullYear();
        }
        CM.previewed = (CM.previewed || 0) + 1;
        CM.previewedAt = Date.now();
    }
    CM.show = function (group, state) {
        // the kept layers are on the map before this returns: streamlit-folium then binds its click handler to them
        var kept = window.map ? layers() : null;
        function draw(index) {
            var started = performance.now();
            kept = kept || layers();
            CM.group = group;
            CM.lastState = state;
            CM.previewDay = CM.dragging ? CM.previewDay : undefined;
            watchSlider();
            drawZones(kept, index, state.codes, !!state.zones);
            drawEvents(kept, index, state);
            hookMap();
            var moved = drawTowns(kept, group, index, state);
            showLegend(state);
            if (moved || CM.placedFor !== kept) declutter();
            CM.placedFor = kept;
            // A town chosen in the table or by Find is brought into view, once, if it is off screen.
            var focus = typeof state.focus === "number" ? state.focus : -1;
            if (focus >= 0 && focus !== CM.focus && window.map && index.places[focus]) {
                var at = L.latLng(index.places[focus][0], index.places[focus][1]);
                if (!window.map.getBounds().contains(at)) window.map.panTo(at);
            }
            CM.focus = focus;
            // Keys pressed faster than the reruns come back: this state is of an earlier date than the one
            // the reader chose, which stays drawn (in the same task, so the earlier date is never painted).
            // A slider the server moved elsewhere (Event >, Jump to) ends the wait.
            var wanted = CM.wantedDay;
            if (wanted !== undefined && !CM.dragging) {
                var slider = CM.sliderInput ? sliderDay(CM.sliderInput) : NaN;
                if (wanted === state.day || slider !== wanted) CM.wantedDay = undefined;
                else if (typeof state.day === "number" && state.preview) preview(wanted, CM.sliderInput.ownerDocument, true);
            }
            // For tests and the benchmark: how many dates were drawn, when the last one was, and what it took here.
            CM.drawn = (CM.drawn || 0) + 1;
            CM.drawnAt = Date.now();
            CM.drawMs = performance.now() - started;
            readPreview(index);
        }
        if (CM.index) { draw(CM.index); } else { CM.ready.then(draw); }
    };
})(window.CM);
