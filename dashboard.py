"""The conflict map dashboard: scrub the timeline, play it, click a town.

Run: ``streamlit run dashboard.py`` (or ``-- --data DIR``, or set
``CONFLICT_MAP_DATA=DIR``). Everything date-dependent lives in one fragment, so
moving the slider or playing reruns only the map, the panel, the chart and the
table; the map itself stays mounted (only a small per-date layer is swapped in
place), so the user's zoom and pan survive. The views live in ``ui/``.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Conflict map · who held what, when", page_icon="🗺️", layout="wide", initial_sidebar_state="auto")

import pandas as pd  # noqa: E402 - st.set_page_config must come first

from geo import context, dataview  # noqa: E402
from geo.errors import ConflictMapError  # noqa: E402
from ui import conflict_map, corrections, data, ingest, panels, sidebar, state  # noqa: E402
from ui.text import md  # noqa: E402

STALE_DAYS = 120


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def date_header(day: pd.Timestamp) -> None:
    title, when = st.columns([2, 3], vertical_alignment="bottom")
    title.markdown("### Who held what, when")
    when.markdown(
        f'<div data-testid="current-date" style="font-size:2.1rem;font-weight:700;text-align:right;line-height:1.1">{day.strftime("%A %-d %B %Y")}</div>',
        unsafe_allow_html=True,
    )


def time_controls(frames: dataview.Frames) -> None:
    first, last = frames.first_day.date(), frames.last_day.date()
    columns = st.columns([1.15, 1.15, 5.2, 1.1, 1.7], vertical_alignment="bottom")
    columns[0].button("◀ Event", key="previous", on_click=state.step_to_event, args=(frames, -1), help="Previous date with an event", width="stretch")
    columns[1].button("Event ▶", key="next", on_click=state.step_to_event, args=(frames, 1), help="Next date with an event", width="stretch")
    columns[2].slider("Date", min_value=first, max_value=last, key="date", format="YYYY-MM-DD", label_visibility="collapsed")
    playing = st.session_state.playing
    # Material icons ship with Streamlit's frontend: they draw offline, where a font may lack the ⏸ glyph.
    columns[3].button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="play",
        on_click=state.toggle_play,
        args=(frames,),
        type="primary",
        width="stretch",
    )
    # a text field: Enter (or Tab) applies it, and any written form of a date is read ("17 Oct 2017", "2017-10-17")
    columns[4].text_input("Jump to", key="jump", placeholder="jump to a date", label_visibility="collapsed", on_change=state.jump, args=(frames,))


def main() -> None:
    folder = data.data_dir()
    try:
        stamp = data.stamp(folder)
        frames = data.load(str(folder), stamp)
    except (ConflictMapError, OSError, ValueError, UnicodeError) as error:
        # The adding panel still opens, so a file that broke the build can be removed and the data rebuilt.
        st.error(f"Cannot open the data in {md(folder)}: {md(error)}. Remove the file that broke it below, or run `python -m geo build`.")
        ingest.panel(folder)
        return
    st.session_state._frames = frames
    panels.panel_style()
    state.init(frames)
    corrections.confirm()
    state.clamp(frames)
    ingest.panel(folder)
    chosen = sidebar.filters(frames)
    # Who held what follows the sources the user keeps; cached per (build, sources), so a slider move reuses it.
    control = data.control(str(folder), stamp, None if chosen.sources is None else tuple(sorted(chosen.sources)))
    sidebar.playback()
    sidebar.exports(frames, chosen, folder, control)
    spec = data.chart_spec(str(folder), stamp, tuple(chosen))
    index_url = data.map_index_url(frames.map_digest, frames.map_index, frames.map_preview)

    timed = st.session_state.playing

    @st.fragment(run_every=state.FRAME_SECONDS if timed else None)
    def view() -> None:
        if st.session_state.playing != timed:
            # Play and Pause are clicked inside the fragment, which reruns only it, with the timer it was
            # defined with: the whole app reruns to define it again with (or without) its timer.
            st.rerun()
        if st.session_state.playing and not state.advance(frames):
            st.rerun()  # the whole app: the fragment's timer stops with playback
        day = pd.Timestamp(st.session_state.date)
        date_header(day)
        time_controls(frames)
        state.sync_url(frames)
        date_state, states, recent = dataview.map_state(
            frames, day, *chosen, sidebar.WINDOWS[st.session_state.window], STALE_DAYS, st.session_state.show_zones, view=control
        )
        # the selected town, so the map brings it into view when it was chosen off screen
        date_state = {**date_state, "focus": frames.positions.get(st.session_state.place, -1) if frames.positions else -1}
        # a key press or a drag on the slider draws its date in the page from the periods in the map's index
        # (the build's own control, unfiltered): only then, and with the stale limit the server uses; 0: none
        unfiltered = chosen.factions is None and chosen.countries is None and chosen.sources is None
        date_state["preview"] = STALE_DAYS if unfiltered and not st.session_state.playing else 0
        # and the window's events too, when no event type is left out: the window's length in days
        every_type = unfiltered and chosen.event_types is None
        date_state["preview_window"] = sidebar.WINDOWS[st.session_state.window] if every_type and date_state["preview"] else 0
        date_state["day"] = dataview.day_number(day)
        # a pan's view goes into the URL in place, in this order, and the theatre's opening view not at all
        date_state["url_order"], date_state["url_default"] = state.url_order(), state.url_view_text(state.DEFAULT_VIEW)
        date_state["provinces"] = context.events_per_province(recent) if st.session_state.get("show_provinces") else None
        if st.session_state.get("compare_open") and st.session_state.get("compare_with"):
            # the compare view (panels.compare) is open: the towns whose holder changed are marked on the map
            date_state.update(dataview.change_marks(frames, pd.Timestamp(st.session_state.compare_with), day, view=control))
        left, right = st.columns([3, 1.35])
        with left:
            conflict_map.show(index_url, date_state)
            panels.legend()
            st.caption(f"{len(states)} towns with known control · {plural(len(recent), 'event')} in the window")
            sidebar.control_downloads(frames, day, control)
        with right, st.container(height=panels.PANEL_HEIGHT, border=False, key=panels.PANEL_KEY):
            panels.details(frames, day, states, folder, control)
        if state.below_map_ready():
            panels.chart(spec, day)
            panels.events_table(frames, recent)
        else:
            st.caption("The events chart and table follow the map…")
        panels.compare(frames, day, control)

    view()


main()
