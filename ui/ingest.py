"""Adding articles and datasets from the dashboard, and removing them.

Each upload is previewed as the build would read it; bad files get one line
naming the file and the reason and never block the good ones. An article whose
text the data already hold (the store knows every text a build read, by its
SHA-256) says under which name and is not saved again. Saving writes
new files only (see :mod:`geo.ingest`) and rebuilds the data with a progress
bar; the map shows the result on the next run, without a restart.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import ingest
from geo.articles import MAX_ARTICLE_BYTES, decode_article
from geo.errors import ConflictMapError, InputError
from geo.gazetteer import Gazetteer
from geo.store import sha256_hex

from . import data as loading  # the folder's store and build, as the map reads them
from .text import md

LIMIT_MB = MAX_ARTICLE_BYTES // (1024 * 1024)
DATASET_LIMIT_MB = 200  # a year of ACLED for a region, or UCDP GED for a country, fits well inside
MAX_ERRORS_SHOWN = 20


@st.cache_resource(show_spinner="Loading the gazetteer…")
def gazetteer(folder: str) -> Gazetteer:
    """The gazetteer of this data folder (its GeoNames dumps, $CONFLICT_MAP_GAZETTEERS, its online results), built once."""
    return ingest.data_gazetteer(Path(folder), ingest.gazetteer_files())


@st.cache_data(show_spinner=False, max_entries=64)
def _preview(name: str, data: bytes, published: date | None, folder: str) -> ingest.ArticlePreview:
    return ingest.preview_article(name, data, gazetteer(folder), published)


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


@st.cache_data(show_spinner=False, max_entries=64)
def _text_id(name: str, digest: str, _data: bytes) -> str:
    """The store's id of an upload: the SHA-256 of its text as a build reads it ("" if unreadable).

    Keyed on the upload's digest, so a 20 MB file is decoded once, not on every rerun.
    """
    try:
        return sha256_hex(decode_article(name, _data))
    except InputError:
        return ""  # the preview says why


def already_in_data(folder: Path, text_id: str) -> list[str]:
    """The names under which the shown build holds that text (empty: new, or no store to ask).

    The store remembers every text it was ever given, also one removed since; only the names
    that are sources of the current build count, so a removed article can be added again.
    """
    if not text_id:
        return []
    try:
        held = loading.store(folder)
        if held is None:
            return []
        stamp = loading.stamp(folder)
        sources = set(loading.load(str(folder), stamp).articles["source"])
        names = held.names_of_id(text_id)
    except (ConflictMapError, OSError, ValueError, UnicodeError):
        return []  # data that cannot be read hold nothing to compare with; the banner above says why
    return [name for name in names if name in sources]


def run_rebuild(folder: Path, message: str, corrections_only: bool = False) -> bool:
    """Rebuild with a progress bar; one line per rejected input. True when it ran.

    ``corrections_only``: the inputs are as they were, only the corrections changed, so only what
    they touch is worked out again (:func:`geo.ingest.apply_corrections`).
    """
    bar = st.progress(0.0, text="Applying the corrections…" if corrections_only else "Rebuilding the data…")
    try:
        done = (ingest.apply_corrections if corrections_only else ingest.rebuild)(
            folder,
            gazetteer=gazetteer(str(folder)),
            progress=lambda share, what: bar.progress(min(share, 1.0), text=f"Reading {what}"),
            gazetteers=_gazetteers(folder),
        )
    except ConflictMapError as error:
        bar.empty()
        st.error(md(str(error)))
        return False
    except OSError as error:  # a full disk or a read-only folder: what was saved stays (writes are atomic)
        bar.empty()
        st.error(md(f"{error.filename or folder}: {error.strerror or error}; nothing already saved was changed. Free space or fix permissions and try again."))
        return False
    bar.empty()
    result = done.result
    st.session_state.ingest_message = (
        f"{message} The data now hold {len(result.articles)} articles, {len(result.events):,} events and {len(result.control):,} control periods."
    )
    st.session_state.ingest_problems = list(result.rejected)
    return True


def panel(folder: Path) -> None:
    """Add articles, import datasets, see and remove what was added (opened from the sidebar)."""
    st.sidebar.toggle("Add articles or event datasets", key="show_ingest", help=f"Articles up to {LIMIT_MB} MB; UCDP GED or ACLED CSV files")
    if not st.session_state.show_ingest:
        return
    round_ = st.session_state.setdefault("upload_round", 0)
    with st.container(border=True):
        st.markdown("#### Add articles or event datasets")
        if st.session_state.get("ingest_message"):
            st.success(md(st.session_state.ingest_message))
            for problem in st.session_state.get("ingest_problems", [])[:MAX_ERRORS_SHOWN]:
                st.warning(md(problem))
        articles_tab, datasets_tab, gazetteers_tab, added_tab = st.tabs(
            ["Articles", "Event datasets (UCDP GED, ACLED)", "Gazetteers (GeoNames)", "Added so far"]
        )
        with articles_tab:
            _articles(folder, round_)
        with datasets_tab:
            _datasets(folder, round_)
        with gazetteers_tab:
            _gazetteers_upload(folder, round_)
        with added_tab:
            _added(folder)


def _articles(folder: Path, round_: int) -> None:
    uploads = st.file_uploader(
        f"News articles: .txt, .md or .html (reduced to its text), up to {LIMIT_MB} MB each",
        type=["txt", "md", "html", "htm"],
        accept_multiple_files=True,
        key=f"upload_articles_{round_}",
        max_upload_size=LIMIT_MB,  # the uploader's own limit says what the label says
    )
    ready: list[tuple[ingest.ArticlePreview, date | None]] = []
    staged: dict[str, str] = {}  # text id -> the upload of this batch that carries it first
    for upload in uploads or []:
        body = upload.getvalue()
        full = hashlib.sha1(body).hexdigest()
        key = full[:12]  # widget keys; the text's cache key is the whole digest
        text_id = _text_id(upload.name, full, body)
        known = already_in_data(folder, text_id)
        if known:
            st.info(md(f"{upload.name}: already in the data as {', '.join(known)} — nothing added"))
            continue
        if text_id in staged:
            st.info(md(f"{upload.name}: the same text as {staged[text_id]} above — saved once"))
            continue
        if text_id:
            staged[text_id] = upload.name
        preview = _preview(upload.name, body, None, str(folder))
        chosen = None
        with st.container(border=True):
            if preview.needs_date:
                # Shown on every run while the file is staged, so the date it holds is kept.
                chosen = st.date_input(f"Publication date of {upload.name} (the text has none)", value=None, key=f"date_{key}", format="YYYY-MM-DD")
                if chosen is None:
                    st.warning(md(preview.error))
                    continue
                preview = _preview(upload.name, body, chosen, str(folder))
            if not preview.usable:
                st.error(md(preview.error))
                continue
            article = preview.article
            st.markdown(f"**{md(upload.name)}** · {md(article.title)} · published {article.published.isoformat()} ({md(article.published_from)})")
            st.caption(
                f"{len(preview.events)} events · places: {md(', '.join(preview.places)) or 'none'}"
                + (f" · not found in the gazetteer: {md(', '.join(preview.unresolved))}" if preview.unresolved else "")
                + (f" · ambiguous, left unplaced: {md('; '.join(preview.ambiguous))}" if preview.ambiguous else "")
            )
            if preview.events:
                st.dataframe(
                    pd.DataFrame(
                        {
                            "date": [event.event_date.isoformat() for event in preview.events],
                            "place": [event.place for event in preview.events],
                            "type": [event.sub_event_type for event in preview.events],
                            "control after": [event.controller_after for event in preview.events],
                            "quote": [event.quote for event in preview.events],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                    key=f"preview_{key}",
                )
            ready.append((preview, chosen))
    if uploads:
        if st.button(f"Save {len(ready)} article{'s' if len(ready) != 1 else ''} and rebuild", key="save_articles", type="primary", disabled=not ready):
            saved = []
            for preview, chosen in ready:
                try:
                    saved.append(ingest.save_article(folder, preview, chosen).name)
                except (ConflictMapError, OSError) as error:
                    st.error(md(str(error)))
            if saved and run_rebuild(folder, f"Saved {', '.join(saved)}."):
                _done()


def _datasets(folder: Path, round_: int) -> None:
    upload = st.file_uploader(
        f"A UCDP GED or ACLED CSV file (up to {DATASET_LIMIT_MB} MB)",
        type=["csv"],
        accept_multiple_files=False,
        key=f"upload_dataset_{round_}",
        max_upload_size=DATASET_LIMIT_MB,
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        checked = ingest.check_dataset(upload.name, data)
    except ConflictMapError as error:
        st.error(md(str(error)))
        return
    st.markdown(f"**{md(upload.name)}**: {checked.kind.upper()} format, {len(checked.events):,} events to import")
    if checked.errors:
        st.warning(f"{len(checked.errors):,} rows refused:")
        for error in checked.errors[:MAX_ERRORS_SHOWN]:
            st.caption(md(error))
        if len(checked.errors) > MAX_ERRORS_SHOWN:
            st.caption(f"… and {len(checked.errors) - MAX_ERRORS_SHOWN:,} more (the CLI lists them all)")
    if st.button(f"Import {len(checked.events):,} events and rebuild", key="save_dataset", type="primary", disabled=not checked.events):
        saved = ingest.save_dataset(folder, upload.name, data)
        if run_rebuild(folder, f"Imported {saved.name}."):
            _done()


def _gazetteers(folder: Path) -> list[Path]:
    """The gazetteers a rebuild from the dashboard keeps: those the folder was built with, and $CONFLICT_MAP_GAZETTEERS."""
    return list(dict.fromkeys([*ingest.recorded_gazetteers(folder), *ingest.gazetteer_files()]))


def _gazetteers_upload(folder: Path, round_: int) -> None:
    st.caption(
        "A GeoNames country dump (SY.zip, IQ.zip… from download.geonames.org/export/dump/, or the .txt inside): "
        "every village it lists becomes a place the articles can name. GeoNames data are CC BY 4.0; the map credits them."
    )
    upload = st.file_uploader("A GeoNames dump: .zip or .txt", type=["zip", "txt"], accept_multiple_files=False, key=f"upload_gazetteer_{round_}")
    if upload is None:
        return
    data = upload.getvalue()
    key = f"gazetteer_checked_{_digest(data)}"
    if key not in st.session_state:
        # The first read parses the dump (seconds for a country); its index is cached by content, so later starts are quick.
        bar = st.progress(0.0, text=f"Importing {upload.name}…")
        try:
            imported = ingest.check_gazetteer(upload.name, data, progress=lambda share, what: bar.progress(min(share, 1.0), text=what))
            st.session_state[key] = (len(imported.rows), ", ".join(imported.countries), imported.attribution, "")
        except ConflictMapError as error:
            st.session_state[key] = (0, "", "", str(error))
        bar.empty()
    places, countries, attribution, error = st.session_state[key]
    if error:
        st.error(md(error))
        return
    st.markdown(f"**{md(upload.name)}**: {places:,} places ({md(countries)}) · {md(attribution)}")
    if st.button(f"Add {places:,} places and rebuild", key="save_gazetteer", type="primary", disabled=not places):
        saved = ingest.save_gazetteer(folder, upload.name, data)
        gazetteer.clear()  # the next build reads the new dump
        if run_rebuild(folder, f"Added the gazetteer {saved.name}."):
            _done()


def _added(folder: Path) -> None:
    files = ingest.added_articles(folder) + ingest.added_datasets(folder) + ingest.added_gazetteers(folder)
    if not files:
        st.caption("Nothing added yet. Removed files are kept in a .removed folder beside them.")
        return
    for path in files:
        name, remove = st.columns([4, 1], vertical_alignment="center")
        name.text(f"{path.parent.name}/{path.name}")  # plain text: a name is shown as it is, never as Markdown
        if remove.button("Remove", key=f"remove_{path.parent.name}_{path.name}"):
            try:
                ingest.remove_added(path)
            except ConflictMapError as error:
                st.error(md(str(error)))
                continue
            if path.parent.name == ingest.ADDED_GAZETTEERS:
                gazetteer.clear()
            if run_rebuild(folder, f"Removed {path.name} (kept in {path.parent.name}/.removed)."):
                _done()


def _done() -> None:
    """Clear the uploaders and show the new data."""
    st.session_state.upload_round += 1
    st.rerun()
