"""A standalone HTML map of the whole period that animates by itself, offline.

Built with folium's ``Timeline`` and ``TimelineSlider`` (leaflet.timeline), with
every script and stylesheet inlined from ``static/``: the file opens from an
e-mail attachment with no network at all (tiles, if reachable, are a bonus).
"""

from __future__ import annotations

import json
import re

import pandas as pd
from branca.element import Element
from folium.plugins import Timeline, TimelineSlider
from folium.utilities import JsCode

from . import assets
from .dataview import ControlView, Frames
from .mapview import CONTESTED_RING, DISPUTED_RING, MARK_OUTLINE, base_map, colour, escape

_PLACEHOLDER = "https://offline.invalid/static"
_POINT = JsCode("function(feature, latlng) { return L.circleMarker(latlng, feature.properties.style); }")
_STYLE = JsCode("function(feature) { return feature.properties.style; }")
# The town's name is a permanent label beside its mark; what held it and since when opens on a click.
_TOOLTIP = JsCode(
    "function(feature, layer) { var p = feature.properties;"
    " if (p.label) { layer.bindTooltip(p.label, {permanent: true, direction: 'right', offset: [7, 0], className: 'cm-label'}); }"
    " if (p.tooltip) { layer.bindPopup(p.tooltip); } }"
)
_LABEL_CSS = (
    "<style>.leaflet-tooltip.cm-label{background:rgba(255,255,255,0.75);border:0;box-shadow:none;padding:0 3px;"
    "font:600 11px/1.3 sans-serif;color:#111}.leaflet-tooltip.cm-label:before{display:none}</style>"
)
DAY_MS = 86_400_000
QUIET_DAYS = 10  # a stretch with no change plays as if it lasted at most this many days


def playback_clock(days: list[pd.Timestamp], first: pd.Timestamp, last: pd.Timestamp) -> list[tuple[pd.Timestamp, int]]:
    """Knots ``(day, clock ms)`` of the exported map's playback: time goes where the changes are.

    Between two consecutive days on which a town changes hands (or ``first``/``last``), the
    clock runs at one clock day per day for at most :data:`QUIET_DAYS` days, so a year with
    no change plays as ten days; the clock starts at ``first``'s milliseconds.

    >>> [ms // DAY_MS - 17167 for _, ms in playback_clock([pd.Timestamp("2017-01-05")], pd.Timestamp("2017-01-01"), pd.Timestamp("2018-01-01"))]
    [0, 4, 14]
    """
    knots = sorted({first, last, *(day for day in days if first <= day <= last)})
    clock = int(first.timestamp() * 1000)
    out = [(knots[0], clock)]
    for before, after in zip(knots, knots[1:], strict=False):
        clock += min((after - before).days, QUIET_DAYS) * DAY_MS
        out.append((after, clock))
    return out


def to_clock(knots: list[tuple[pd.Timestamp, int]], day: pd.Timestamp) -> int:
    """A real day on the playback clock (linear between knots)."""
    for (left, left_ms), (right, right_ms) in zip(knots, knots[1:], strict=False):
        if left <= day <= right:
            span = (right - left).total_seconds() or 1.0
            return int(left_ms + (right_ms - left_ms) * (day - left).total_seconds() / span)
    return knots[0][1] if day < knots[0][0] else knots[-1][1]


def period_features(frames: Frames, view: ControlView | None = None, knots: list[tuple[pd.Timestamp, int]] | None = None) -> list[dict]:
    """One feature per control period (of ``view``: by default the build's), visible from its start to its end.

    ``start``/``end`` are days, or with ``knots`` times on the playback clock (:func:`playback_clock`);
    ``label`` is the town's name, drawn beside its mark.

    A disputed period has a dotted ring and says so; a period after a vague change
    says "taken between <changed_from> and <start>".
    """
    features = []
    last = frames.last_day + pd.Timedelta(days=1)
    for row in (view or frames.view).control.itertuples(index=False):
        end = row.end + pd.Timedelta(days=1) if pd.notna(row.end) else last
        label = frames.labels.get(row.place_id, row.place)
        state = row.controller + (" (contested)" if row.contested else "") + (" (disputed: reports disagree)" if row.disputed else "")
        ring = CONTESTED_RING if row.contested else DISPUTED_RING if row.disputed else MARK_OUTLINE
        style = {
            "radius": 7,
            "color": ring,
            "weight": 3 if row.contested or row.disputed else 1.5,
            "dashArray": "4 3" if row.contested else "1 4" if row.disputed else "",
            "fillColor": colour(row.controller),
            "fillOpacity": 0.6 if row.contested else 0.9,
        }
        span = f"{row.start:%-d %b %Y} – {'' if pd.isna(row.end) else format(row.end, '%-d %b %Y')}"
        if pd.notna(row.changed_from):
            span += f"<br>taken between {row.changed_from:%-d %b %Y} and {row.start:%-d %b %Y}"
        if getattr(row, "carried_back", False):
            span += f"<br>held before a report of {row.last_report:%-d %b %Y} (start not reported)"
        tooltip = f"<b>{escape(label)}</b><br>{escape(state)}<br>{span}"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(row.longitude), 5), round(float(row.latitude), 5)]},
                "properties": {
                    "start": row.start.strftime("%Y-%m-%d") if knots is None else to_clock(knots, row.start),
                    "end": end.strftime("%Y-%m-%d") if knots is None else to_clock(knots, end),
                    "label": escape(label),
                    "style": style,
                    "tooltip": tooltip,
                },
            }
        )
    return features


def timeline_html(frames: Frames, title: str = "Who held what, when", view: ControlView | None = None) -> str:
    """The animated map as one self-contained HTML document (control of ``view``: by default the build's)."""
    fmap = base_map(static_base=_PLACEHOLDER, inline_borders=True, jquery=True)
    control = (view or frames.view).control
    # The playback runs over the dashboard's timeline (first week-dated event to the last day), not over
    # a background "since 2014", ends on the data's last day, and lingers where towns change hands.
    first, last = frames.first_day, frames.last_day
    changes = [day for day in (*control["start"], *(control["end"].dropna() + pd.Timedelta(days=1))) if pd.notna(day)]
    knots = playback_clock(changes, first, last)
    data = {"type": "FeatureCollection", "features": period_features(frames, view, knots)}
    timeline = Timeline(data, pointToLayer=_POINT, style=_STYLE, onEachFeature=_TOOLTIP)
    timeline.default_js = [("timeline", assets.url("timeline", _PLACEHOLDER)), ("moment", assets.url("moment", _PLACEHOLDER))]
    timeline.add_to(fmap)
    clock_days = (knots[-1][1] - knots[0][1]) // DAY_MS
    slider = TimelineSlider(
        auto_play=True,
        show_ticks=False,
        enable_keyboard_controls=True,
        playback_duration=60000,
        start=knots[0][1],  # Leaflet.timeline counts in milliseconds: here those of the playback clock
        end=knots[-1][1],
        steps=max(100, int(clock_days) * 2),
    )
    slider.options["format_output"] = _clock_label(knots)
    slider.default_js = list(timeline.default_js)
    slider.add_timelines(timeline).add_to(fmap)
    points = [feature["geometry"]["coordinates"] for feature in data["features"]]
    if points:
        # open on the towns of the data, not on the whole region around them
        south_west = [min(point[1] for point in points), min(point[0] for point in points)]
        north_east = [max(point[1] for point in points), max(point[0] for point in points)]
        fmap.fit_bounds([south_west, north_east], padding_top_left=(40, 40), padding_bottom_right=(260, 120))  # clear of legend and slider
    fmap.get_root().html.add_child(Element(_LABEL_CSS + _legend_html(title, view or frames.view)))
    fmap.get_root().title = title
    page = fmap.get_root().render()
    return inline_assets(page)


def _clock_label(knots: list[tuple[pd.Timestamp, int]]) -> JsCode:
    """The slider's date: the playback clock mapped back to the real day (linear between knots)."""
    clock = json.dumps([ms for _, ms in knots])
    real = json.dumps([int(day.timestamp() * 1000) for day, _ in knots])
    return JsCode(
        f"function(t) {{ var c = {clock}, r = {real}, i = 1;"
        " while (i < c.length - 1 && t > c[i]) { i++; }"
        " var f = c[i] === c[i - 1] ? 0 : Math.min(1, Math.max(0, (t - c[i - 1]) / (c[i] - c[i - 1])));"
        " return moment(r[i - 1] + f * (r[i] - r[i - 1])).utc().format('D MMM YYYY'); }"
    )


def _legend_html(title: str, view: ControlView) -> str:
    """The title and a legend of the holders on the map and the marks of doubt, drawn over the map."""
    held = [name for name in dict.fromkeys(view.control["controller"]) if name]
    swatches = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;border-radius:50%;background:{colour(name)};'
        f'border:1.5px solid {MARK_OUTLINE};margin-right:6px"></span>{escape(name)}</div>'
        for name in held
    )
    ring = "display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:6px;border:2.5px"
    marks = (
        f'<div><span style="{ring} dashed {CONTESTED_RING}"></span>contested</div>'
        f'<div><span style="{ring} dotted {DISPUTED_RING}"></span>reports disagree</div>'
    )
    # the labels: what a name on the map means, and where the rest is
    names = (
        '<div style="margin-top:4px;color:#333"><b style="font:600 11px sans-serif;background:rgba(255,255,255,0.75);padding:0 3px">Name</b> '
        "a town while a report says who holds it; click its mark for the holder and the dates</div>"
    )
    return (
        '<div style="position:fixed;top:10px;right:10px;z-index:1000;background:rgba(255,255,255,0.92);padding:8px 10px;'
        'font:13px/1.4 sans-serif;border:1px solid #999;border-radius:4px;max-width:240px">'
        f'<div style="font-weight:700;font-size:15px;margin-bottom:4px">{escape(title)}</div>{swatches}{marks}{names}</div>'
    )


def inline_assets(page: str) -> str:
    """Replace our placeholder asset URLs with the files' contents."""

    def script(match: re.Match) -> str:
        relative = match.group(1)
        item = next(item for item in assets.ASSETS if item.path == relative)
        body = assets.read_text(item.name).replace("</script", "<\\/script")
        return f"<script>/* {item.origin}, {item.licence} */\n{body}\n</script>"

    def stylesheet(match: re.Match) -> str:
        relative = match.group(1)
        item = next(item for item in assets.ASSETS if item.path == relative)
        return f"<style>/* {item.origin}, {item.licence} */\n{assets.read_text(item.name)}\n</style>"

    prefix = re.escape(_PLACEHOLDER)
    page = re.sub(r'<script src="' + prefix + r'/([^"]+)"></script>', script, page)
    page = re.sub(r'<link rel="stylesheet" href="' + prefix + r'/([^"]+)"\s*/>', stylesheet, page)
    leftovers = re.findall(r'(?:src|href)="(https?://[^"]+\.(?:js|css))"', page)
    if leftovers:
        raise RuntimeError(f"external assets left in the exported page: {leftovers}")
    return page
