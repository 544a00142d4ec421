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
 */
window.CM = window.CM || {};
(function (CM) {
    CM.esc = function (value) {
        return String(value).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    };
    CM.day = function (days) {
        return new Date(days * 86400000).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
    };
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
        CM.ready = fetch(config.indexUrl).then(function (r) { return r.json(); });
        CM.ready.then(function (index) { CM.index = index; });
    };
    function drawZones(group, index, codes) {
        for (var z = 0; z < codes.length; z++) {
            if (codes[z] === "." || codes[z] === "-" || !index.cells[z]) continue;
            var s = codes.charCodeAt(z) - 65, owner = s >> 2, contested = (s & 2) !== 0;
            L.geoJSON(index.cells[z], {interactive: false, style: {
                stroke: contested, color: CM.colours[owner], weight: 1.5, dashArray: "6 4",
                fillColor: CM.colours[owner], fillOpacity: contested ? 0.12 : 0.22
            }}).addTo(group);
        }
    }
    function drawEvents(group, index, state) {
        for (var e = 0; e < state.events.length; e++) {
            var ev = state.events[e], place = index.places[ev[0]];
            var detail = ev[1] + (ev[1] === 1 ? " event" : " events") + (ev[2] ? ", " + ev[2] + " deaths" : "");
            var dot = L.circleMarker([place[0], place[1]], {
                radius: Math.min(14, 3 + 2 * Math.sqrt(ev[1])), color: "#333333", weight: 1,
                fillColor: CM.typeColours[ev[3]] || CM.unknown, fillOpacity: 0.7
            }).bindTooltip("<b>" + CM.esc(place[2]) + "</b><br>\n" + CM.esc(detail) + "<br>\n" + CM.esc(state.period), {direction: "top"})
              .addTo(group);
            // Leaflet makes a dot with a tooltip a tab stop: it gets a name
            onMap(dot, function (element) { element.setAttribute("aria-label", this); }.bind(place[2] + ": " + detail));
        }
    }
    // Once per page: label and badge styles, a round focus halo instead of the browser's square outline.
    var STYLE = ".cm-label{background:none;border:none;font:600 12px/1.2 sans-serif;color:#222;white-space:nowrap;" +
        "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}.cm-label.cm-hidden{visibility:hidden}" +
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
    // after each draw, zoom or pan, a label whose box overlaps one already placed is hidden.
    function label(group, town, rank) {
        var marker = L.marker([town[0], town[1]], {
            icon: L.divIcon({className: "cm-label", html: CM.esc(town[2]), iconSize: null, iconAnchor: [-town[3] - 3, 8]}),
            interactive: false, keyboard: false
        }).addTo(group);
        CM.labels.push({marker: marker, rank: rank});
    }
    function declutter() {
        var list = (CM.labels || []).filter(function (entry) { return entry.marker.getElement(); });
        list.sort(function (a, b) { return a.rank - b.rank; });
        var elements = list.map(function (entry) { return entry.marker.getElement(); });
        elements.forEach(function (element) { element.classList.remove("cm-hidden"); });
        // the map's own boxes (legend, zoom buttons, scale, credits) come first: a label under them is hidden
        var placed = [], controls = window.map ? window.map.getContainer().querySelectorAll(".leaflet-control") : [];
        for (var c = 0; c < controls.length; c++) placed.push(controls[c].getBoundingClientRect());
        var boxes = elements.map(function (element) { return element.getBoundingClientRect(); });
        for (var i = 0; i < elements.length; i++) {
            var box = boxes[i], free = box.width > 0;
            for (var j = 0; free && j < placed.length; j++) {
                var other = placed[j];
                free = box.right + 1 < other.left || other.right + 1 < box.left || box.bottom + 1 < other.top || other.bottom + 1 < box.top;
            }
            if (free) placed.push(box);
            else elements[i].classList.add("cm-hidden");
        }
    }
    // A small badge at the marker's upper right: "1" (one independent source), "?" (claims only).
    function badge(group, town, one, claimed) {
        var text = (one ? "1" : "") + (claimed ? "?" : ""), size = one && claimed ? 18 : 13, offset = town[3] * 0.75;
        var kind = one && claimed ? "both" : one ? "one" : "claimed";
        L.marker([town[0], town[1]], {
            icon: L.divIcon({className: "cm-badge cm-badge-" + kind, html: text, iconSize: [size, 13], iconAnchor: [size / 2 - offset, 6.5 + offset]}),
            interactive: false, keyboard: false
        }).addTo(group);
    }
    // A town whose holder changed between the two compared dates: a band in the earlier holder's colour, edged in black.
    function changeBand(group, town, radius, before, tooltip) {
        var at = [town[0], town[1]], colour = before >= 0 ? CM.colours[before] : CM.unknown;
        // black, white, the earlier holder, white, black: a double ring that reads on any fill, even a black one
        L.circleMarker(at, {radius: radius, fill: false, color: "#111111", weight: 10, opacity: 1, interactive: false, className: "cm-changed"}).addTo(group);
        L.circleMarker(at, {radius: radius, fill: false, color: "#FFFFFF", weight: 7, opacity: 1, interactive: false}).addTo(group);
        var band = L.circleMarker(at, {radius: radius, fill: false, color: colour, weight: 4, opacity: 1, interactive: !!tooltip, className: "cm-changed-band"});
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
    function keyboard(marker, name, group) {
        onMap(marker, function (element) { named(marker, element, name, group); });
    }
    function named(marker, element, name, group) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "button");
        element.setAttribute("aria-label", name);
        // a round halo while the keyboard is on the marker (the square outline is off, see STYLE)
        element.addEventListener("focus", function () {
            if (!element.matches(":focus-visible") || !marker._map) return;
            var at = marker.getLatLng(), r = marker.getRadius() + 4;
            marker.cmHalo = L.layerGroup([
                L.circleMarker(at, {radius: r, fill: false, color: "#FFFFFF", weight: 6, opacity: 1, interactive: false}),
                L.circleMarker(at, {radius: r, fill: false, color: "#0B57D0", weight: 3, opacity: 1, interactive: false, className: "cm-focus-ring"})
            ]).addTo(group);  // in the date's group: swapped out with it
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

    function drawTowns(group, index, state) {
        var codes = state.codes, from = state.from || [], reported = state.reported || [], disputedSet = {}, claimedSet = {}, changed = {};
        (state.disputed || []).forEach(function (t) { disputedSet[t] = true; });
        (state.claimed || []).forEach(function (t) { claimedSet[t] = true; });
        (state.changed || []).forEach(function (c) { changed[c[0]] = c; });
        var between = state.compare ? " between " + CM.day(state.compare[0]) + " and " + CM.day(state.compare[1]) : "";
        function holder(number) { return number < 0 ? "unknown" : CM.controllers[number] || "other"; }
        function changeLine(c) { return CM.esc(holder(c[1]) + " \u2192 " + holder(c[2]) + between); }
        CM.labels = [];
        for (var t = 0; t < codes.length; t++) {
            var town = index.places[t], marker, lines, change = changed[t];
            if (codes[t] === ".") {
                // not drawn today (filtered out, or never known): the change still shows, with its own tooltip
                if (change && town) changeBand(group, town, town[3] + 7, change[1], "<b>" + CM.esc(town[2]) + "</b><br>\n" + changeLine(change));
                continue;
            }
            if (change) changeBand(group, town, town[3] + (disputedSet[t] ? 10.5 : 7), change[1], "");
            // The first tooltip line is the place label: the dashboard reads it back on a click.
            if (codes[t] === "-") {
                // Known before, no report now: a hollow grey town, not a guess at its holder.
                marker = L.circleMarker([town[0], town[1]], {
                    radius: Math.max(4, town[3] - 2), fillColor: CM.unknown, fillOpacity: 0.25, color: CM.unknown, weight: 1.5, opacity: 0.9
                });
                lines = ["<b>" + CM.esc(town[2]) + "</b>", "unknown", "no recent report since " + CM.day(state.since[t])];
                if (change) lines.push(changeLine(change));
                marker.bindTooltip(lines.join("<br>\n"), {direction: "top"});
                marker.cm = {label: town[2], index: t, controller: "unknown", contested: false, disputed: false, colour: CM.unknown,
                    sources: 0, claimed: false, changed: !!change};
                marker.addTo(group);
                keyboard(marker, town[2] + ": control unknown", group);
                label(group, town, 2000 + t);
                continue;
            }
            var v = codes.charCodeAt(t) - 65, who = v >> 2, contested = (v & 2) !== 0, stale = (v & 1) !== 0;
            var disputed = disputedSet[t] === true, name = CM.controllers[who] || "other";
            if (contested) {
                // the halo under the dashed ring: the ring reads against any fill and any background
                L.circleMarker([town[0], town[1]], {radius: town[3], fill: false, color: CM.halo, weight: 6, opacity: 1, interactive: false}).addTo(group);
            }
            marker = L.circleMarker([town[0], town[1]], {
                radius: town[3], fillColor: CM.colours[who], fillOpacity: (contested ? 0.55 : 0.9) * (stale ? 0.6 : 1),
                color: contested ? CM.ring : CM.outline, weight: contested ? 3.5 : 1.5, dashArray: contested ? "4 3" : null, opacity: 1
            });
            lines = ["<b>" + CM.esc(town[2]) + "</b>", CM.esc(name + (contested ? " \u00b7 contested" : "") + (disputed ? " \u00b7 disputed" : ""))];
            if (reported[t]) lines.push("held before a report of " + CM.day(reported[t]) + " (start not reported)");
            else if (from[t] && state.since[t]) lines.push("taken between " + CM.day(from[t]) + " and " + CM.day(state.since[t]));
            else if (state.since[t]) lines.push("since " + CM.day(state.since[t]));
            if (disputed) lines.push("reports disagree on the holder");
            var origins = (state.sources || [])[t] || 0, claimed = claimedSet[t] === true;
            if (origins) lines.push(origins === 1 ? "one source only" : origins + " independent sources");
            if (claimed) lines.push("claimed, not confirmed: every report behind it is a claim");
            if (change) lines.push(changeLine(change));
            marker.bindTooltip(lines.join("<br>\n"), {direction: "top"});
            marker.cm = {label: town[2], index: t, controller: name, contested: contested, disputed: disputed, colour: CM.colours[who],
                sources: origins, claimed: claimed, changed: !!change};
            marker.addTo(group);
            keyboard(marker, town[2] + ": " + name + (contested ? ", contested" : "") + (disputed ? ", disputed" : ""), group);
            if (disputed) {
                // A dotted ring outside the marker: doubt about the holder, distinct from the dashed "contested" ring.
                L.circleMarker([town[0], town[1]], {
                    radius: town[3] + 4, fill: false, color: CM.disputedRing, weight: 2.5, dashArray: "1 5", lineCap: "round",
                    opacity: 1, interactive: false
                }).addTo(group);
            }
            if (origins === 1 || claimed) badge(group, town, origins === 1, claimed);
            // towns with a known holder first, the most reported (largest) of them first
            label(group, town, 1000 - 10 * town[3] + t / 1000);
        }
    }
    CM.show = function (group, state) {
        function draw(index) {
            if (state.zones) drawZones(group, index, state.codes);
            drawEvents(group, index, state);
            hookMap();
            drawTowns(group, index, state);
            showLegend(state);
            if (group._map) declutter(); else group.once("add", declutter);
            // A town chosen in the table or by Find is brought into view, once, if it is off screen.
            var focus = typeof state.focus === "number" ? state.focus : -1;
            if (focus >= 0 && focus !== CM.focus && window.map && index.places[focus]) {
                var at = L.latLng(index.places[focus][0], index.places[focus][1]);
                if (!window.map.getBounds().contains(at)) window.map.panTo(at);
            }
            CM.focus = focus;
            // For tests and the benchmark: how many dates were drawn, and when the last one was.
            CM.drawn = (CM.drawn || 0) + 1;
            CM.drawnAt = Date.now();
        }
        if (CM.index) { draw(CM.index); } else { CM.ready.then(draw); }
    };
})(window.CM);
