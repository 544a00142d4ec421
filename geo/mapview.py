"""The map, as folium elements: offline assets, and a compact state per date.

One class per Leaflet element (as folium's plugins do): :class:`OfflineMap`
loads Leaflet from our own static files, :class:`BordersLayer` draws country
borders without tiles, :class:`ConflictLayers` puts the drawing code and the
map's static index (where each town is, its label, its area cell) into the
page once, and :class:`DateState` carries what changes with the date: one
character per town (holder, contested, stale), the date each holder took over,
and the events of the window aggregated per place. So what travels to the
browser on a slider move grows with the towns on screen, not with the events.

Every label from an article or a dataset is escaped in the browser before it
becomes tooltip HTML, and the JSON put in scripts cannot close a ``<script>``.

>>> "</" in safe_json({"name": "</script><script>alert(1)</script>"})
False
>>> decode_state(encode_state(2, True, False))
(2, True, False)
"""

from __future__ import annotations

import html
import json

import folium
from branca.element import MacroElement
from folium.template import Template

from . import assets
from .records import CONTROLLERS, IRAQI_GOVERNMENT, ISLAMIC_STATE, PESHMERGA, SDF, SYRIAN_GOVERNMENT

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CONTROLLER_COLOURS = {
    ISLAMIC_STATE: "#000000",
    IRAQI_GOVERNMENT: "#0072B2",
    SYRIAN_GOVERNMENT: "#D55E00",
    SDF: "#F0E442",
    PESHMERGA: "#009E73",
}
UNKNOWN_COLOUR = "#8C8C8C"
CONTESTED_RING = "#E8002E"
EVENT_COLOURS = {
    "Battles": "#CC79A7",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#56B4E9",
    "Strategic developments": "#999999",
}
EVENT_TYPES = tuple(EVENT_COLOURS)
THEATRE_CENTRE = (34.9, 41.0)
THEATRE_ZOOM = 6
UNKNOWN_STATE = "."


def colour(controller: str) -> str:
    """The map colour of a controller (grey when unknown)."""
    return CONTROLLER_COLOURS.get(controller, UNKNOWN_COLOUR)


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no <, > or & left raw."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def escape(text) -> str:
    """HTML-escape a value for a tooltip or popup."""
    return html.escape("" if text is None else str(text), quote=True)


def encode_state(controller_index: int, contested: bool, stale: bool) -> str:
    """One character for a town's state on a date ('.' is unknown)."""
    return chr(65 + controller_index * 4 + (2 if contested else 0) + (1 if stale else 0))


def decode_state(code: str) -> tuple[int, bool, bool] | None:
    """The inverse of :func:`encode_state`."""
    if code == UNKNOWN_STATE:
        return None
    value = ord(code) - 65
    return value // 4, bool(value & 2), bool(value & 1)


def controller_index(controller: str) -> int:
    """Position in the controller vocabulary (the last slot is "other")."""
    return CONTROLLERS.index(controller) if controller in CONTROLLERS else len(CONTROLLERS)


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet and jQuery come from our static files.

    Bootstrap and the awesome-markers assets folium adds by default are left
    out: this map uses only Leaflet's own vector layers.
    """

    def __init__(self, *args, static_base: str = assets.STATIC_URL, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [("leaflet", assets.url("leaflet", static_base)), ("jquery", assets.url("jquery", static_base))]
        self.default_css = [("leaflet_css", assets.url("leaflet_css", static_base))]


class BordersLayer(MacroElement):
    """Country borders under the data: the map stays readable without tiles.

    By default the GeoJSON is fetched from the static files (nothing heavy in
    each rerun); ``inline=True`` embeds it, for a page that must stand alone.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var style = {color: "#555555", weight: 1.2, opacity: 0.9, fill: false, interactive: false};
            function add(data) {
                var layer = L.geoJSON(data, {style: style, interactive: false});
                layer.addTo({{ this._parent.get_name() }});
                layer.bringToBack();
            }
            {% if this.inline_data %}
            add({{ this.inline_data }});
            {% else %}
            fetch({{ this.url|tojson }}).then(function(r) { return r.json(); }).then(add).catch(function() {});
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, static_base: str = assets.STATIC_URL, inline: bool = False):
        super().__init__()
        self._name = "BordersLayer"
        self.url = assets.url("borders", static_base)
        self.inline_data = safe_json(json.loads(assets.read_text("borders"))) if inline else ""


class ConflictLayers(MacroElement):
    """The drawing code and the static index of the map's places, once per page.

    ``index_url`` points at the index JSON (fetched once); ``index`` embeds it
    instead. The index lists places (towns with control first), each as
    ``[lat, lon, label, radius]``, and the area cell of each town.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.CM = window.CM || {};
        (function(CM) {
            CM.controllers = {{ this.controllers }};
            CM.colours = {{ this.colours }};
            CM.types = {{ this.types }};
            CM.typeColours = {{ this.type_colours }};
            CM.esc = function(value) {
                return String(value).replace(/[&<>"']/g, function(c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            };
            CM.day = function(days) {
                return new Date(days * 86400000).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
            };
            {% if this.index %}
            CM.ready = Promise.resolve({{ this.index }});
            {% else %}
            CM.ready = fetch({{ this.index_url|tojson }}).then(function(r) { return r.json(); });
            {% endif %}
            CM.ready.then(function(index) { CM.index = index; });
            CM.show = function(group, state) {
                function draw(index) {
                    var places = index.places, cells = index.cells, codes = state.codes;
                    if (state.zones) {
                        for (var z = 0; z < codes.length; z++) {
                            if (codes[z] === "." || !cells[z]) continue;
                            var s = codes.charCodeAt(z) - 65, owner = s >> 2, contested = (s & 2) !== 0;
                            L.geoJSON(cells[z], {interactive: false, style: {
                                stroke: contested, color: CM.colours[owner], weight: 1.5, dashArray: "6 4",
                                fillColor: CM.colours[owner], fillOpacity: contested ? 0.12 : 0.22
                            }}).addTo(group);
                        }
                    }
                    for (var e = 0; e < state.events.length; e++) {
                        var ev = state.events[e], place = places[ev[0]];
                        var detail = ev[1] + (ev[1] === 1 ? " event" : " events") + (ev[2] ? ", " + ev[2] + " deaths" : "");
                        L.circleMarker([place[0], place[1]], {
                            radius: Math.min(14, 3 + 2 * Math.sqrt(ev[1])), color: "#333333", weight: 1,
                            fillColor: CM.typeColours[ev[3]] || "#999999", fillOpacity: 0.7
                        }).bindTooltip("<b>" + CM.esc(place[2]) + "</b><br>\\n" + CM.esc(detail) + "<br>\\n" + CM.esc(state.period), {direction: "top"})
                          .addTo(group);
                    }
                    for (var t = 0; t < codes.length; t++) {
                        if (codes[t] === ".") continue;
                        var v = codes.charCodeAt(t) - 65, who = v >> 2, disputed = (v & 2) !== 0, stale = (v & 1) !== 0;
                        var town = places[t], name = CM.controllers[who] || "other";
                        var marker = L.circleMarker([town[0], town[1]], {
                            radius: town[3], fillColor: CM.colours[who], fillOpacity: (disputed ? 0.55 : 0.9) * (stale ? 0.6 : 1),
                            color: disputed ? "{{ this.ring }}" : "#FFFFFF", weight: disputed ? 3.5 : 1.5, dashArray: disputed ? "4 3" : null, opacity: 1
                        });
                        var lines = ["<b>" + CM.esc(town[2]) + "</b>", CM.esc(name + (disputed ? " \u00b7 contested" : ""))];
                        if (state.since[t]) lines.push("since " + CM.day(state.since[t]));
                        marker.bindTooltip(lines.join("<br>\\n"), {direction: "top"});
                        marker.cm = {label: town[2], index: t, controller: name, contested: disputed, colour: CM.colours[who]};
                        marker.addTo(group);
                    }
                }
                if (CM.index) { draw(CM.index); } else { CM.ready.then(draw); }
            };
        })(window.CM);
        {% endmacro %}
        """
    )

    def __init__(self, index_url: str = "", index: dict | None = None):
        super().__init__()
        self._name = "ConflictLayers"
        self.index_url = index_url
        self.index = safe_json(index) if index is not None else ""
        self.controllers = safe_json(list(CONTROLLERS))
        self.colours = safe_json([colour(name) for name in CONTROLLERS] + [UNKNOWN_COLOUR])
        self.types = safe_json(list(EVENT_TYPES))
        self.type_colours = safe_json(list(EVENT_COLOURS.values()))
        self.ring = CONTESTED_RING


class DateState(MacroElement):
    """What the map shows on one date, drawn into its feature group by ``CM.show``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.CM.show({{ this._parent.get_name() }}, {{ this.state }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict):
        super().__init__()
        self._name = "DateState"
        self.state = safe_json(state)


def base_map(
    center=THEATRE_CENTRE,
    zoom: int = THEATRE_ZOOM,
    static_base: str = assets.STATIC_URL,
    tiles: bool = True,
    inline_borders: bool = False,
    index_url: str = "",
    index: dict | None = None,
) -> OfflineMap:
    """The map without a date: OpenStreetMap tiles over offline country borders."""
    fmap = OfflineMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, static_base=static_base)
    if tiles:
        folium.TileLayer(
            "OpenStreetMap",
            attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors; borders: Natural Earth',
        ).add_to(fmap)
    BordersLayer(static_base, inline=inline_borders).add_to(fmap)
    if index_url or index is not None:
        ConflictLayers(index_url, index).add_to(fmap)
    return fmap


def date_layer(state: dict) -> folium.FeatureGroup:
    """The feature group streamlit-folium swaps in place when the date changes."""
    group = folium.FeatureGroup(name="date")
    DateState(state).add_to(group)
    return group
