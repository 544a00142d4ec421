"""The map, as folium elements: offline assets, one GeoJSON layer per kind of thing.

One class per Leaflet element (as folium's plugins do): :class:`OfflineMap`
loads Leaflet from our own static files, :class:`BordersLayer` draws country
borders without tiles, :class:`StyledGeoJson` draws many features as one layer
whose style and tooltip travel in each feature's properties. Nothing here
imports Streamlit: the dashboard and the HTML export share it.

Every string that came from an article or a dataset is HTML-escaped before it
reaches a tooltip, and the JSON embedded in scripts cannot close a ``<script>``.

>>> safe_json({"name": "</script><script>alert(1)</script>"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
"""

from __future__ import annotations

import html
import json
import math

import folium
from branca.element import MacroElement
from folium.template import Template

from . import assets
from .records import IRAQI_GOVERNMENT, ISLAMIC_STATE, PESHMERGA, SDF, SYRIAN_GOVERNMENT

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CONTROLLER_COLOURS = {
    ISLAMIC_STATE: "#000000",
    IRAQI_GOVERNMENT: "#0072B2",
    SYRIAN_GOVERNMENT: "#D55E00",
    SDF: "#F0E442",
    PESHMERGA: "#009E73",
}
UNKNOWN_COLOUR = "#8C8C8C"
EVENT_COLOURS = {
    "Battles": "#CC79A7",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#56B4E9",
    "Strategic developments": "#999999",
}
THEATRE_CENTRE = (34.9, 41.0)
THEATRE_ZOOM = 6


def colour(controller: str) -> str:
    """The map colour of a controller (grey when unknown)."""
    return CONTROLLER_COLOURS.get(controller, UNKNOWN_COLOUR)


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no <, > or & left raw."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def escape(text) -> str:
    """HTML-escape a value for a tooltip or popup."""
    return html.escape("" if text is None else str(text), quote=True)


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


class StyledGeoJson(MacroElement):
    """Many features as one Leaflet GeoJSON layer.

    Each feature carries ``style`` (Leaflet path options; points become circle
    markers) and ``tooltip`` (HTML, already escaped) in its properties, so the
    browser needs no per-feature code and Python builds no per-feature object.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            pointToLayer: function(feature, latlng) {
                return L.circleMarker(latlng, feature.properties.style || {});
            },
            style: function(feature) { return feature.properties.style || {}; },
            onEachFeature: function(feature, layer) {
                if (feature.properties.tooltip) {
                    layer.bindTooltip(feature.properties.tooltip, {sticky: false, direction: "top"});
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, features: list[dict], name: str = "layer"):
        super().__init__()
        self._name = name
        self.data = safe_json({"type": "FeatureCollection", "features": features})


def base_map(
    center=THEATRE_CENTRE, zoom: int = THEATRE_ZOOM, static_base: str = assets.STATIC_URL, tiles: bool = True, inline_borders: bool = False
) -> OfflineMap:
    """The map without data: OpenStreetMap tiles over offline country borders."""
    fmap = OfflineMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False, static_base=static_base)
    if tiles:
        folium.TileLayer(
            "OpenStreetMap",
            attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors; borders: Natural Earth',
        ).add_to(fmap)
    BordersLayer(static_base, inline=inline_borders).add_to(fmap)
    return fmap


def marker_radius(reports: int) -> float:
    """Marker radius in pixels grows with the square root of the reports about a place."""
    return round(min(16.0, 5.0 + 2.5 * math.sqrt(max(0, reports))), 1)


def place_feature(
    place_id: str,
    label: str,
    longitude: float,
    latitude: float,
    controller: str,
    contested: bool,
    since: str,
    reports: int,
    last_report: str = "",
    stale: bool = False,
) -> dict:
    """One settlement on a date, styled by its controller.

    The tooltip's first line is the label alone: a click on the map reports the
    tooltip's text, and the dashboard finds the place by that line.
    Contested places are drawn with a thick dashed ring and a lighter fill, so
    the difference never rests on colour alone.
    """
    fill = colour(controller)
    style = {
        "radius": marker_radius(reports),
        "color": "#FFFFFF" if not contested else "#E8002E",
        "weight": 1.5 if not contested else 3.5,
        "dashArray": "4 3" if contested else None,
        "fillColor": fill,
        "fillOpacity": (0.55 if contested else 0.9) * (0.6 if stale else 1.0),
        "opacity": 1.0,
    }
    state = controller or "control not reported"
    if contested:
        state += " · contested"
    lines = [f"<b>{escape(label)}</b>", escape(state)]
    if since:
        lines.append(f"since {escape(since)}")
    if last_report and stale:
        lines.append(f"last report {escape(last_report)}")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 5), round(latitude, 5)]},
        "properties": {
            "place_id": place_id,
            "label": label,
            "controller": controller,
            "contested": contested,
            "style": {k: v for k, v in style.items() if v is not None},
            "tooltip": "<br>\n".join(lines),
        },
    }


def zone_feature(controller: str, contested: bool, geometry: dict) -> dict:
    """An area of control: hatched-looking (dashed, light) when contested."""
    style = {
        "color": colour(controller),
        "weight": 2 if contested else 1,
        "dashArray": "6 4" if contested else None,
        "fillColor": colour(controller),
        "fillOpacity": 0.12 if contested else 0.25,
        "opacity": 0.8,
        "interactive": False,
    }
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"controller": controller, "contested": contested, "style": {k: v for k, v in style.items() if v is not None}},
    }


def event_feature(label: str, longitude: float, latitude: float, events: int, deaths: int, main_type: str, period: str) -> dict:
    """Events at one place over the chosen window: a small square-ish marker sized by count."""
    radius = round(min(14.0, 3.0 + 2.0 * math.sqrt(events)), 1)
    style = {"radius": radius, "color": "#333333", "weight": 1, "fillColor": EVENT_COLOURS.get(main_type, "#999999"), "fillOpacity": 0.7}
    detail = f"{events} event{'s' if events != 1 else ''}"
    if deaths:
        detail += f", {deaths} deaths"
    # A newline after the label: the map's click report keeps only the text.
    tooltip = f"<b>{escape(label)}</b><br>\n{escape(detail)}<br>\n{escape(period)}"
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 5), round(latitude, 5)]},
        "properties": {"label": label, "style": style, "tooltip": tooltip},
    }


def feature_group(features: list[dict], name: str) -> folium.FeatureGroup:
    """A FeatureGroup holding one StyledGeoJson layer (what streamlit-folium swaps in place)."""
    group = folium.FeatureGroup(name=name)
    StyledGeoJson(features, name=name).add_to(group)
    return group
