/* The conflict map's drawing code (this project's own, served from static/).
 *
 * CM.init(config) is called once per page with the vocabularies, the colours
 * and the URL of the map index (where each town is, its label, its area cell).
 * CM.show(group, state) draws one date into a Leaflet feature group: state.codes
 * has one character per town (holder, contested, stale; "-" unknown after a stale
 * report), state.since the day each holder took over (or the town became unknown),
 * state.from the day a vague change may have begun (0: none), state.disputed the
 * towns whose reports disagree, state.events the events of the window per place.
 * Every label is escaped before it becomes tooltip HTML.
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
            L.circleMarker([place[0], place[1]], {
                radius: Math.min(14, 3 + 2 * Math.sqrt(ev[1])), color: "#333333", weight: 1,
                fillColor: CM.typeColours[ev[3]] || CM.unknown, fillOpacity: 0.7
            }).bindTooltip("<b>" + CM.esc(place[2]) + "</b><br>\n" + CM.esc(detail) + "<br>\n" + CM.esc(state.period), {direction: "top"})
              .addTo(group);
        }
    }
    // Town names on the map when zoomed in (hidden below LABEL_ZOOM, where they would overlap).
    var LABEL_ZOOM = 8;
    function hookLabels() {
        var map = window.map;
        if (!map || CM.labelsHooked === map) return;
        CM.labelsHooked = map;
        if (!document.getElementById("cm-label-style")) {
            var style = document.createElement("style");
            style.id = "cm-label-style";
            style.textContent = ".cm-label{background:none;border:none;font:600 12px/1.2 sans-serif;color:#222;white-space:nowrap;" +
                "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}.cm-far .cm-label{display:none}";
            document.head.appendChild(style);
        }
        var update = function () { map.getContainer().classList.toggle("cm-far", map.getZoom() < LABEL_ZOOM); };
        map.on("zoomend", update);
        update();
    }
    function label(group, town) {
        L.marker([town[0], town[1]], {
            icon: L.divIcon({className: "cm-label", html: CM.esc(town[2]), iconSize: null, iconAnchor: [-town[3] - 3, 8]}),
            interactive: false, keyboard: false
        }).addTo(group);
    }
    // A town marker a keyboard reaches: a named tab stop; Enter or Space opens its panel as a click does.
    function keyboard(marker, name) {
        var element = marker.getElement && marker.getElement();
        if (!element) return;
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "button");
        element.setAttribute("aria-label", name);
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
        hookLabels();
        var codes = state.codes, from = state.from || [], reported = state.reported || [], disputedSet = {};
        (state.disputed || []).forEach(function (t) { disputedSet[t] = true; });
        for (var t = 0; t < codes.length; t++) {
            if (codes[t] === ".") continue;
            var town = index.places[t], marker, lines;
            // The first tooltip line is the place label: the dashboard reads it back on a click.
            if (codes[t] === "-") {
                // Known before, no report now: a hollow grey town, not a guess at its holder.
                marker = L.circleMarker([town[0], town[1]], {
                    radius: Math.max(4, town[3] - 2), fillColor: CM.unknown, fillOpacity: 0.25, color: CM.unknown, weight: 1.5, opacity: 0.9
                });
                lines = ["<b>" + CM.esc(town[2]) + "</b>", "unknown", "no recent report since " + CM.day(state.since[t])];
                marker.bindTooltip(lines.join("<br>\n"), {direction: "top"});
                marker.cm = {label: town[2], index: t, controller: "unknown", contested: false, disputed: false, colour: CM.unknown};
                marker.addTo(group);
                keyboard(marker, town[2] + ": control unknown");
                label(group, town);
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
            var origins = (state.sources || [])[t] || 0;
            if (origins) lines.push(origins === 1 ? "one source only" : origins + " independent sources");
            marker.bindTooltip(lines.join("<br>\n"), {direction: "top"});
            marker.cm = {label: town[2], index: t, controller: name, contested: contested, disputed: disputed, colour: CM.colours[who]};
            marker.addTo(group);
            keyboard(marker, town[2] + ": " + name + (contested ? ", contested" : "") + (disputed ? ", disputed" : ""));
            if (disputed) {
                // A dotted ring outside the marker: doubt about the holder, distinct from the dashed "contested" ring.
                L.circleMarker([town[0], town[1]], {
                    radius: town[3] + 4, fill: false, color: CM.disputedRing, weight: 2.5, dashArray: "1 5", lineCap: "round",
                    opacity: 1, interactive: false
                }).addTo(group);
            }
            label(group, town);
        }
    }
    CM.show = function (group, state) {
        function draw(index) {
            if (state.zones) drawZones(group, index, state.codes);
            drawEvents(group, index, state);
            drawTowns(group, index, state);
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
