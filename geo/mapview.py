"""The map, as folium elements: offline assets, and a compact state per date.

One class per Leaflet element (as folium's plugins do): :class:`OfflineMap`
loads Leaflet from our own static files, :class:`BordersLayer` draws country
borders without tiles, :class:`ConflictLayers` puts the drawing code and the
map's static index (where each town is, its label, its area cell) into the
page once, and :class:`DateState` carries what changes with the date: one
character per town (holder, contested, stale; ``-`` for a town whose reports
went stale), the date each holder took over (and, after a vague change, the day
the change may have begun), the disputed towns, and the events of the window
aggregated per place. So what travels to the
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
import xyzservices
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from . import assets, context, factions
from .errors import DataDirError
from .records import CONTROLLERS

# Declared per faction in geo/resources/factions.toml (Okabe-Ito for the first five, all
# checked for colour-vision deficiencies by tests/test_factions.py).
CONTROLLER_COLOURS = {name: factions.colour(name) for name in CONTROLLERS}
UNKNOWN_COLOUR = "#8C8C8C"  # a town whose holder is unknown, and the map's "other" slot
# Leaflet's own background, what the map shows where no tile is drawn: colours are checked against it.
MAP_BACKGROUND = "#DDDDDD"
CONTESTED_RING = "#E8002E"
# A contested town's dashed ring is drawn over a white halo: between them one contrasts 3:1 or more
# with every holder's fill (red against yellow, white against orange). Other markers have a dark
# outline, which keeps any fill (yellow too) 3:1 or more against the map (WCAG 1.4.11).
CONTESTED_HALO = "#FFFFFF"
MARK_OUTLINE = "#222222"
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
UNKNOWN_AFTER = "-"  # a town known before the date but not on it: its last report went stale
DISPUTED_RING = "#FF8C00"  # the dotted ring of a town whose reports disagree on the holder
RIVER_COLOUR = "#5B7F95"  # blue-grey, thin: under the towns, never mistaken for a holder's colour
RIVER_LABEL_ZOOM = 6
CITY_LABEL_ZOOM = 8  # a city of 100,000 to 400,000 people is named from this zoom; a bigger one at every zoom
# Events per governorate, light to dark in one hue (ColorBrewer Purples, its five darker steps): ordered
# by lightness alone, so it reads under every colour-vision deficiency, and no step looks like a holder's
# colour (viridis' yellows and greens read as SDF or Peshmerga areas). No events: left unshaded.
PROVINCE_PALETTE = ("#DADAEB", "#BCBDDC", "#9E9AC8", "#756BB1", "#54278F")


def colour(controller: str) -> str:
    """The map colour of a controller (grey when unknown).

    >>> colour("Islamic State"), colour("someone else")
    ('#000000', '#8C8C8C')
    """
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
    """The inverse of :func:`encode_state` (None: unknown on that date)."""
    if code in (UNKNOWN_STATE, UNKNOWN_AFTER):
        return None
    value = ord(code) - 65
    return value // 4, bool(value & 2), bool(value & 1)


def controller_index(controller: str) -> int:
    """Position in the controller vocabulary (the last slot is "other")."""
    return CONTROLLERS.index(controller) if controller in CONTROLLERS else len(CONTROLLERS)


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet (and jQuery, if asked) come from our static files.

    Bootstrap and the awesome-markers assets folium adds by default are left
    out: this map uses only Leaflet's own vector layers.
    """

    def __init__(self, *args, static_base: str = assets.STATIC_URL, jquery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # jQuery only where a plugin wants it: the dashboard's map does not, and each
        # script the map's frame loads delays the first drawing.
        self.default_js = [("leaflet", assets.url("leaflet", static_base))] + ([("jquery", assets.url("jquery", static_base))] if jquery else [])
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


class ConflictLayers(JSCSSMixin, MacroElement):
    """The drawing code and the URL of the map's static index, once per page.

    The code is a static file (``static/geo/conflictmap.js``, declared in
    :data:`geo.assets.ASSETS`), so each rerun sends and renders only a short
    call. The index (fetched once by the browser) lists places, towns with
    control first, each as ``[lat, lon, label, radius]``, and each town's area cell.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.CM.init({{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self, index_url: str, static_base: str = assets.STATIC_URL):
        super().__init__()
        self._name = "ConflictLayers"
        self.default_js = [("conflictmap", assets.url("conflictmap", static_base))]
        self.config = safe_json(
            {
                "indexUrl": index_url,
                "controllers": list(CONTROLLERS),
                # one colour per controller, then the "other" slot: the browser has no colour of its own
                "colours": [colour(name) for name in CONTROLLERS] + [UNKNOWN_COLOUR],
                "unknown": UNKNOWN_COLOUR,
                "typeColours": list(EVENT_COLOURS.values()),
                "ring": CONTESTED_RING,
                "halo": CONTESTED_HALO,
                "outline": MARK_OUTLINE,
                "disputedRing": DISPUTED_RING,
            }
        )


class ContextLayers(JSCSSMixin, MacroElement):
    """Rivers (named at zoom 6 and closer), big cities' names (:func:`geo.context.major_cities`) and, when
    the date's state carries counts, the governorates shaded.

    The drawing code is ``static/geo/context.js``; the Natural Earth extract is published once
    among the static files (:func:`geo.context.publish`) and fetched by the browser, so a rerun
    sends only this short call. Put after :class:`ConflictLayers`: ``CX.init`` follows
    ``CM.show``, whose state carries ``provinces`` (events per governorate) when the toggle is on.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.CX.init({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self, static_base: str = assets.STATIC_URL):
        super().__init__()
        self._name = "ContextLayers"
        self.default_js = [("context", assets.url("context", static_base))]
        self.config = safe_json(
            {
                "url": context.publish(static_base=static_base),
                "cities": _cities_url(static_base),
                "cityZoom": CITY_LABEL_ZOOM,
                "river": RIVER_COLOUR,
                "riverLabelZoom": RIVER_LABEL_ZOOM,
                "palette": list(PROVINCE_PALETTE),
            }
        )


def _cities_url(static_base: str) -> str:
    """The big cities' names for the map, or none ('') when the gazetteer extract cannot be read: an
    orientation layer never stops the map."""
    try:
        return context.publish_cities(static_base=static_base)
    except DataDirError:
        return ""


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


OSM_TILES = xyzservices.providers.OpenStreetMap.Mapnik


def base_map(
    center=THEATRE_CENTRE,
    zoom: int = THEATRE_ZOOM,
    static_base: str = assets.STATIC_URL,
    tiles: bool = True,
    inline_borders: bool = False,
    index_url: str = "",
    jquery: bool = False,
    credits: str = "",
) -> OfflineMap:
    """The map without a date: OpenStreetMap tiles over offline country borders (``credits``: an imported gazetteer's)."""
    fmap = OfflineMap(location=list(center), zoom_start=zoom, tiles=None, control_scale=True, static_base=static_base, jquery=jquery)
    if tiles:
        folium.TileLayer(
            OSM_TILES,  # a provider object, not a name: skips a 6 ms search of xyzservices on every rerun
            attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors; borders'
            + (", rivers, governorates" if index_url else "")  # ContextLayers is drawn on the dashboard's map only
            + ": Natural Earth"
            + ("; cities: GeoNames" if index_url else "")
            + (f"; {html.escape(credits)}" if credits else ""),
        ).add_to(fmap)
    BordersLayer(static_base, inline=inline_borders).add_to(fmap)
    if index_url:
        ConflictLayers(index_url, static_base).add_to(fmap)
        ContextLayers(static_base).add_to(fmap)  # after ConflictLayers: it follows CM.show
    return fmap


def date_layer(state: dict) -> folium.FeatureGroup:
    """The feature group streamlit-folium swaps in place when the date changes."""
    group = folium.FeatureGroup(name="date")
    DateState(state).add_to(group)
    return group
