"""The benchmark: one command, one table (printed, written to bench/results.md and the README).

    python bench/run.py                 # everything (about five minutes)
    python bench/run.py --no-browser    # without the Chromium figures
    python bench/run.py --scale         # and 100,000 / 1,000,000 events beside pydeck, the 1M import

Measures the build (seeds, 500 and 5,000 generated articles: articles per
second, peak memory of the process), the gazetteer (time to ready, lookups per
second), the real-text development set against its gold (``python -m geo
evaluate``: probes, events precision/recall, dates; skipped when ../shared is
absent), the dashboard through AppTest (first run, median rerun after a slider
move, bytes the map sends per rerun) with the seeds, the UCDP Syria events
(skipped when ../shared is absent) and 100,000 synthetic events, against an
empty one-slider script (the floor), and in headless Chromium the time from
navigation to the map and from a slider move to the repainted map. Side by side
in Chromium (issue 16): the dashboard, the same data with ``st.pydeck_chart``
(bench/pydeck_app.py) and the floor, slider steps interleaved, with cold start
and the servers' peak memory, at the seeds and UCDP (and with ``--scale`` at
100,000 and 1,000,000 events, with the 1M dataset import).

Each build and each AppTest series runs in its own process, so memory and
caches do not leak from one figure into the next. Workloads go to bench/work/
(not committed); the same seeds give the same files.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
UCDP = ROOT.parent / "shared" / "data" / "ucdp-ged-syria-2016-2019.csv"
REALTEXT = ROOT.parent / "shared" / "realtext"
GEONAMES_SHARED = ROOT.parent / "shared" / "data" / "geonames-sy-iq-populated.tsv"  # stand-in for SY.zip + IQ.zip
RESULTS = BENCH / "results.md"
README = ROOT / "README.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
RERUNS = 25
SCRUBS = 10
NAVIGATIONS = 5


def run_json(*args: str, env: dict | None = None, timeout: int = 1800) -> dict:
    """Run this script in a fresh process for one measurement; its last stdout line is JSON."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements, each in its own process --------------------------------------------


def measure_build(out: str, *cli: str) -> dict:
    """``python -m geo build`` in this process: wall time, articles, peak memory."""
    sys.path.insert(0, str(ROOT))
    import contextlib
    import io

    from geo.cli import main

    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()) as messages:
        status = main(["build", *cli, "--out", out])
    seconds = time.perf_counter() - started
    summary = re.search(r"(\d+) articles read, (\d+) rejected; (\d+) events", messages.getvalue())
    return {
        "status": status,
        "seconds": seconds,
        "articles": int(summary.group(1)),
        "events": int(summary.group(3)),
        "peak_mb": peak_mb(),
    }


def measure_correction(folder: str) -> dict:
    """One analyst correction in a built folder (its store holds every article): recorded, then
    re-applied without a rebuild (geo.ingest.apply_corrections), five times on five events."""
    sys.path.insert(0, str(ROOT))
    import csv
    from types import SimpleNamespace

    from geo import ingest
    from geo.overrides import event_content
    from geo.store import Store

    with open(Path(folder) / "events.csv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["controller_after"]][:5]
    seconds = []
    for row in rows:
        started = time.perf_counter()
        ingest.record_correction(Path(folder), "event", row["event_id"], "contested", "true", "bench", content=event_content(SimpleNamespace(**row)))
        ingest.apply_corrections(Path(folder))
        seconds.append(time.perf_counter() - started)
    return {"median_s": statistics.median(seconds), "max_s": max(seconds), "articles": Store.open(Path(folder)).article_count()}


def measure_gazetteer() -> dict:
    """Time to a ready gazetteer, then warm lookups per second (exact and variant spellings)."""
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    ready = time.perf_counter() - started
    import csv

    with open(ROOT / "tests" / "data" / "spelling_variants.csv", encoding="utf-8") as handle:
        variants = [row["variant"] for row in csv.DictReader(handle)]
    names = [entry.name for entry in gazetteer.entries[::20]][:2000] + variants
    return {"ready_s": ready, "lookups_per_s": lookups_per_second(gazetteer, names), "names": len(names), "peak_mb": peak_mb()}


def lookups_per_second(gazetteer, names: list[str], seconds: float = 2.0) -> float:
    """Warm candidate lookups per second over ``names``, repeated for ``seconds``."""
    gazetteer.candidates(names[0])
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for name in names:
            gazetteer.candidates(name)
        rounds += 1
    return rounds * len(names) / (time.perf_counter() - started)


def measure_gazetteer_import(cache: str) -> dict:
    """The shared GeoNames-format file, first start with an empty cache: parse it, write its index,
    merge the gazetteer and keep the merged copy (what a user's first ``--gazetteer`` run does); the
    warm start after it is measured by ``_gazetteer_warm`` in a fresh process."""
    sys.path.insert(0, str(ROOT))
    os.environ["CONFLICT_MAP_CACHE"] = cache
    from geo.gazetteer import load_gazetteer
    from geo.geonames import import_gazetteer

    started = time.perf_counter()
    load_gazetteer(imports=(GEONAMES_SHARED,))
    seconds = time.perf_counter() - started
    return {"import_s": seconds, "places": len(import_gazetteer(GEONAMES_SHARED).rows), "peak_mb": peak_mb()}


def measure_gazetteer_warm(cache: str) -> dict:
    """Time to a ready gazetteer with the shared file imported (its index cached), then warm lookups."""
    os.environ["CONFLICT_MAP_CACHE"] = cache
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(imports=(GEONAMES_SHARED,))
    ready = time.perf_counter() - started
    names = [entry.name for entry in gazetteer.entries[::20]][:2000]
    return {"ready_s": ready, "lookups_per_s": lookups_per_second(gazetteer, names), "names": len(names), "places": len(gazetteer)}


def measure_geocoding_imported(cache: str) -> dict:
    """UCDP GED Syria with the shared gazetteer, by half: dataset path (province) and name alone;
    and the real-text gold places in the context of their articles."""
    os.environ["CONFLICT_MAP_CACHE"] = cache
    sys.path.insert(0, str(ROOT))
    import csv

    from geo.evaluation import ucdp_geocoding
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(imports=(GEONAMES_SHARED,))
    with open(UCDP, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    figures: dict = {}
    for half, years in (("2018-19", ("2018", "2019")), ("2016-17", ("2016", "2017"))):
        subset = [row for row in rows if row["date_start"][:4] in years]
        for mode, use_province in (("dataset", True), ("name", False)):
            score = ucdp_geocoding(subset, gazetteer, use_province=use_province)
            off = score.events - score.events_within - score.unresolved_events
            figures[f"{half} {mode}"] = {"share": score.event_share, "off": off / score.events, "events": score.events, "off_events": off}
    if (REALTEXT / "gold_places.csv").exists():
        from geo.csvio import read_articles
        from geo.evaluation import gold_places_in_context

        inputs, _ = read_articles([REALTEXT / "articles"])
        with open(REALTEXT / "gold_places.csv", encoding="utf-8", newline="") as handle:
            results = gold_places_in_context(inputs, list(csv.DictReader(handle)), gazetteer)
        figures["gold"] = {"right": sum(result.right for result in results), "total": len(results), "wrong": [r.name for r in results if not r.right]}
    return figures


def measure_ucdp_geocoding() -> dict:
    """UCDP GED Syria: share of exact-location events whose name we place within 25 km of UCDP's point."""
    sys.path.insert(0, str(ROOT))
    import csv

    from geo.evaluation import ucdp_geocoding
    from geo.gazetteer import load_gazetteer

    with open(UCDP, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    score = ucdp_geocoding(rows, load_gazetteer())
    return {"share": score.event_share, "events": score.events, "names": score.names}


def measure_realtext(*extra: str) -> dict:
    """``python -m geo evaluate --set ../shared/realtext [--gazetteer F]``: its summary figures (the --json file)."""
    sys.path.insert(0, str(ROOT))
    import contextlib
    import io
    import tempfile

    from geo.cli import main

    with tempfile.TemporaryDirectory() as folder:
        summary = Path(folder) / "summary.json"
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            status = main(["evaluate", "--set", str(REALTEXT), *extra, "--json", str(summary)])
        if status != 0:
            raise RuntimeError(f"python -m geo evaluate --set {REALTEXT} exited {status}")
        return {**json.loads(summary.read_text(encoding="utf-8")), "seconds": time.perf_counter() - started}


def component_bytes(tree) -> int:
    """Bytes of the map component's arguments in the last run (what goes to the browser)."""
    total = 0
    for child in getattr(tree, "children", {}).values():
        if type(child).__name__ == "UnknownElement" and child.type == "component_instance":
            total += len(child.proto.json_args.encode("utf-8"))
        total += component_bytes(child)
    return total


def measure_text_cost() -> dict:
    """CPU ms per KB of pathological and large uploads through the dashboard's preview (decode, parse, analyse)."""
    sys.path.insert(0, str(ROOT))
    from geo.gazetteer import load_gazetteer
    from geo.ingest import preview_article

    gazetteer = load_gazetteer()
    head = "Published: 27th October 2017\n\n"
    lead = "Iraqi forces entered Rawa on Monday"
    words = "the army said fighters moved towards Mosul and held positions near Kirkuk while civilians fled from Hawija on Tuesday".split()
    paragraph = (
        "Iraqi forces recaptured the town of Hawija from Islamic State on Thursday, the army said, after a two-week offensive"
        " that also took villages near Kirkuk. Fighters withdrew towards Rawa and Qaim, according to a spokesman."
    )
    kb = 1024
    inputs = {
        "64 KB of dots": head + lead + "." * (64 * kb),
        "64 KB sentence without a full stop": head + " ".join(words[index % len(words)] for index in range(64 * kb // 6)),
        "64 KB line of commas": head + lead + "," * (64 * kb),
        "1 MB article, one paragraph": head + " ".join([paragraph] * (kb * kb // len(paragraph))),
        # every paragraph its own (a repeated one is page furniture and dropped), 20 MB at most
        "20 MB article": head + "\n\n".join(f"{paragraph} {number} fighters were killed." for number in range(20 * kb * kb // (len(paragraph) + 30))),
    }
    preview_article("warm.txt", (head + paragraph).encode(), gazetteer)  # lazy tables (month names) load once
    figures = {}
    for label, text in inputs.items():
        data = text.encode()
        started = time.process_time()
        preview = preview_article("bench.txt", data, gazetteer)
        seconds = time.process_time() - started
        figures[label] = {"kb": len(data) / kb, "ms_per_kb": seconds * 1000 / (len(data) / kb), "events": len(preview.events), "error": preview.error}
    return {"inputs": figures, "peak_mb": peak_mb()}


def measure_app(script: str, data_dir: str, widget: str) -> dict:
    """AppTest: first run, then the median of reruns each after a slider move."""
    os.environ["CONFLICT_MAP_DATA"] = data_dir
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(script, default_timeout=300)
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(str(app.exception))
    slider = app.slider(key=widget)
    low, high = slider.min, slider.max
    if isinstance(slider.value, date):  # a date slider's bounds come as microseconds since 1970
        low, high = (datetime(1970, 1, 1) + timedelta(microseconds=bound) for bound in (low, high))
        low, high = low.date(), high.date()
    times, sizes = [], []
    for step in range(RERUNS):
        if isinstance(low, date):
            span = (high - low).days
            value = low + timedelta(days=(span * (step + 1)) // (RERUNS + 1))
        else:
            value = low + (high - low) * (step + 1) // (RERUNS + 1)
        started = time.perf_counter()
        app.slider(key=widget).set_value(value).run()
        times.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(str(app.exception))
        sizes.append(component_bytes(app._tree))
    return {"first_s": first, "rerun_ms": statistics.median(times) * 1000, "payload_bytes": max(sizes), "peak_mb": peak_mb()}


def measure_browser(data_dir: str) -> dict:
    """Chromium: navigation to the map with its towns, and slider move to repaint (median)."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))
    from browser import map_frame, offline_browser, streamlit_server

    # Chromium refuses the network itself: Playwright's router would turn its cache off and add 1.7 s
    with streamlit_server(Path(data_dir)) as url, offline_browser(intercept=False) as context:
        warm = context.new_page()  # the first page pays for Streamlit's own first run and caches
        warm.goto(url)
        map_frame(warm, 120000)
        warm.close()
        visits, whole = [], []
        for _ in range(NAVIGATIONS):  # each page a new session in a new browser context: a new reader, nothing cached
            reader = context.new_reader()
            page = reader.new_page()
            started = time.perf_counter()
            page.goto(url)
            frame = map_frame(page, 120000)
            visits.append(time.perf_counter() - started)
            # and the rest of the page (the chart and the events table follow the map)
            page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible", timeout=120000)
            whole.append(time.perf_counter() - started)
            if len(visits) < NAVIGATIONS:
                reader.close()
        visible = statistics.median(visits)
        frame.wait_for_function("() => (window.CM.previewReady || 0) > 0", timeout=120000)  # the index's second part
        slider = page.get_by_role("slider")
        slider.focus()
        times, full_times = [], []
        for move in range(SCRUBS):
            drawn, previewed = frame.evaluate("() => [window.CM.drawn, window.CM.previewed || 0]")
            pressed = page.evaluate("() => Date.now()")
            slider.press("ArrowLeft" if move % 2 == 0 else "ArrowRight")  # the page opens at the last day
            deadline = time.time() + 20
            painted = 0
            while not painted and time.time() < deadline:
                page.wait_for_timeout(10)
                painted = frame.evaluate(f"() => window.CM.drawn > {drawn} ? window.CM.drawnAt : 0")
            if not painted:
                raise RuntimeError("the map did not repaint within 20 s")
            early = frame.evaluate(f"() => (window.CM.previewed || 0) > {previewed} ? window.CM.previewedAt : 0")
            times.append((min(early, painted) if early else painted) - pressed)
            full_times.append(painted - pressed)
            page.wait_for_timeout(400)
        return {
            "visible_s": visible,
            "visible_max_s": max(visits),
            "whole_page_s": statistics.median(whole),
            "repaint_ms": statistics.median(times),
            "repaint_max_ms": max(times),
            "full_ms": statistics.median(full_times),
            "full_max_ms": max(full_times),
        }


# --- side by side in Chromium (issue 16): the dashboard, pydeck and the floor -------------

COMPARED = {  # name -> (script, the key that first moves its slider off where it opens)
    "project": ("dashboard.py", "ArrowLeft"),  # opens at the last day
    "pydeck": ("bench/pydeck_app.py", "ArrowLeft"),  # opens at the last day
    "floor": ("bench/floor_app.py", "ArrowRight"),  # opens at 0
}
COMPARE_STEPS = 10
# In every frame: the time of the key press, and deck.gl's draws on its own canvas (WebGL calls
# counted where they are made, so reading them costs deck nothing).
PROBES = """
(() => {
  document.addEventListener('keydown', () => { window.__pressedAt = Date.now(); }, true);
  window.__deck = {draws: 0, armed: false, firstAt: 0};
  for (const gl of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!gl) continue;
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const original = gl.prototype[name];
      if (!original) continue;
      gl.prototype[name] = function (...args) {
        if (this.canvas && this.canvas.id === 'deckgl-overlay') {
          window.__deck.draws++;
          if (window.__deck.armed && !window.__deck.firstAt) window.__deck.firstAt = Date.now();
        }
        return original.apply(this, args);
      };
    }
  }
})();
"""
# Armed before each key press; each sets window.__paintedAt (Date.now(), one clock for the page and
# its frames) to the start of the frame that paints the change. The dashboard's map counts its draws
# (CM.drawn, set when the date's layer is in place): the next animation frame paints it. deck.gl draws
# inside an animation frame: its first draw after the press is that frame. The floor: the next
# animation frame after the rerun's echo of the slider's value changed (bench/floor_app.py).
# The project draws a key's date in the page from its index (CM.previewed) before the rerun's state
# comes back (CM.drawn): __paintedAt is the first of the two, __fullAt the server's state.
ARM = {
    "project": """() => { window.__paintedAt = 0; window.__fullAt = 0; const before = window.CM.drawn, early = window.CM.previewed || 0;
        (function tick() {
            if (!window.__paintedAt && ((window.CM.previewed || 0) > early || window.CM.drawn > before)) window.__paintedAt = Date.now();
            if (window.CM.drawn > before) window.__fullAt = Date.now(); else requestAnimationFrame(tick); })(); }""",
    "pydeck": "() => { window.__paintedAt = 0; window.__deck.firstAt = 0; window.__deck.armed = true; }",
    "floor": """() => { window.__paintedAt = 0; const echo = () => (document.querySelector('[data-testid="stCaptionContainer"]') || {}).innerText;
        const before = echo(); (function tick() { if (echo() !== before) window.__paintedAt = Date.now(); else requestAnimationFrame(tick); })(); }""",
}
PAINTED = {"project": "() => window.__paintedAt", "pydeck": "() => window.__deck.firstAt", "floor": "() => window.__paintedAt"}
# Pixels of deck.gl's canvas that are not background (transparent): the layer drew offline.
DECK_PIXELS = """() => { const canvas = document.getElementById('deckgl-overlay'); if (!canvas) return -1;
    const copy = document.createElement('canvas'); copy.width = canvas.width; copy.height = canvas.height; const g = copy.getContext('2d');
    g.drawImage(canvas, 0, 0); const data = g.getImageData(0, 0, copy.width, copy.height).data; let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++; return count; }"""


def app_server(script: str, data_dir: str):
    """``streamlit run SCRIPT`` on a free port with CONFLICT_MAP_DATA: (url, process, time it was spawned)."""
    from browser import streamlit_process

    return streamlit_process(script, Path(data_dir))


def peak_rss_mb(pid: int) -> float:
    """The peak resident set of a process so far (VmHWM), in MB."""
    line = _first_line(f"/proc/{pid}/status", "VmHWM:").split()
    return int(line[1]) / 1024 if len(line) > 1 else float("nan")


def open_app(context, name: str, url: str, timeout_s: float = 600):
    """A new page of app ``name``, once its map (or, for the floor, its slider) is drawn and it can
    be stepped: (page, frame probed, perf_counter when the map was visible)."""
    page = context.new_page()
    page.goto(url, timeout=timeout_s * 1000)
    if name == "project":
        from browser import map_frame, wait_for_preview

        frame = map_frame(page, timeout_s * 1000)
        visible = time.perf_counter()
        wait_for_preview(frame, timeout_s * 1000)  # a step drawn in the page needs the index's second part
        return page, frame, visible
    deadline = time.time() + timeout_s
    ready = "() => window.__deck.draws > 0" if name == "pydeck" else "() => !!document.querySelector('[data-testid=\"stCaptionContainer\"]')"
    while not page.evaluate(ready):
        if time.time() > deadline:
            raise RuntimeError(f"{name}: nothing drawn within {timeout_s:.0f} s")
        page.wait_for_timeout(20)
    return page, page.main_frame, time.perf_counter()


FULL = {"project": "() => window.__fullAt", **{name: PAINTED[name] for name in ("pydeck", "floor")}}


def step_ms(name: str, page, frame, key: str) -> tuple[float, float]:
    """Press the slider's arrow key: ms from the key press to the frame that paints the map of the new
    date, and to the one that paints the server's whole state for it (the same for pydeck and the floor)."""
    frame.evaluate(ARM[name])
    page.evaluate("() => { window.__pressedAt = 0; }")
    page.get_by_role("slider").press(key)
    deadline = time.time() + 120
    while True:
        painted, full = frame.evaluate(PAINTED[name]), frame.evaluate(FULL[name])
        if painted and full:
            pressed = page.evaluate("() => window.__pressedAt")
            return painted - pressed, full - pressed
        if time.time() > deadline:
            raise RuntimeError(f"{name}: the map did not repaint within 120 s of a slider step")
        page.wait_for_timeout(10)


def _counter(total: list[int]):
    """A CDP handler adding each websocket message's size in bytes to ``total[0]`` (CDP gives a binary
    frame, as Streamlit's protobuf messages are, in base64: four characters per three bytes)."""

    def count(event: dict) -> None:
        response = event["response"]
        payload = response["payloadData"]
        if response.get("opcode", 1) == 1:
            total[0] += len(payload.encode("utf-8"))
        else:
            total[0] += len(payload) * 3 // 4 - payload[-2:].count("=")

    return count


def measure_compare(data_dir: str, *names: str) -> dict:
    """Chromium, the apps side by side on one data folder: cold start (process spawn to map visible,
    in a fresh page), then slider steps interleaved (A, B, C, A, B, C ...), then each server's peak RSS."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))
    from browser import offline_browser

    names = names or tuple(COMPARED)
    figures: dict = {name: {"steps_ms": [], "full_steps_ms": [], "step_bytes": []} for name in names}
    received = {name: [0] for name in names}  # websocket bytes from each app's server (all its frames' messages)
    with contextlib.ExitStack() as stack:
        context = stack.enter_context(offline_browser(intercept=False))  # Chromium refuses the network; its cache stays on
        context.add_init_script(PROBES)
        pages = {}
        for name in names:  # one at a time, so each cold start has the machine to itself (but for the others' work)
            url, process, spawned = stack.enter_context(app_server(COMPARED[name][0], data_dir))
            page, frame, visible = open_app(context, name, url)
            figures[name]["cold_s"] = visible - spawned
            figures[name]["steppable_s"] = time.perf_counter() - spawned  # the project: its index's second part read
            figures[name]["pid"] = process.pid
            page.get_by_role("slider").focus()
            pages[name] = (page, frame)
            network = context.new_cdp_session(page)
            network.send("Network.enable")
            network.on("Network.webSocketFrameReceived", _counter(received[name]))
            stack.callback(network.detach)
        if "pydeck" in pages:
            figures["pydeck"]["pixels"] = pages["pydeck"][0].evaluate(DECK_PIXELS)
        for move in range(COMPARE_STEPS):
            for name in names:
                first, page_frame = COMPARED[name][1], pages[name]
                key = first if move % 2 == 0 else {"ArrowLeft": "ArrowRight", "ArrowRight": "ArrowLeft"}[first]
                # the page in front, as a reader's: a tab behind the others gets its frames late (Chromium
                # throttles them; measured: 190 ms steps became 600 ms with another app's tab in front)
                page_frame[0].bring_to_front()
                page_frame[0].wait_for_timeout(100)
                before = received[name][0]
                painted, full = step_ms(name, *page_frame, key)
                figures[name]["steps_ms"].append(painted)
                figures[name]["full_steps_ms"].append(full)
                page_frame[0].wait_for_timeout(300)  # let the rerun's tail (table, chart) settle before the next app moves
                figures[name]["step_bytes"].append(received[name][0] - before)
        for name in names:
            figures[name]["rss_mb"] = peak_rss_mb(figures[name].pop("pid"))
            figures[name]["step_ms"] = statistics.median(figures[name]["steps_ms"])
            figures[name]["full_step_ms"] = statistics.median(figures[name]["full_steps_ms"])
            figures[name]["bytes_per_step"] = statistics.median(figures[name]["step_bytes"])
    return figures


def measure_import(path: str) -> dict:
    """``geo.csvio.read_dataset_file`` on one dataset CSV in this process: seconds, events, peak memory."""
    sys.path.insert(0, str(ROOT))
    from geo.csvio import read_dataset_file

    started = time.perf_counter()
    result = read_dataset_file(Path(path))
    return {"seconds": time.perf_counter() - started, "events": len(result.events), "errors": len(result.errors), "peak_mb": peak_mb()}


# --- workloads -------------------------------------------------------------------------


def prepare(log, scale: bool = False) -> dict[str, Path]:
    """Generate the workloads once (deterministic; kept in bench/work/); 1,000,000 events with ``scale``."""
    WORK.mkdir(exist_ok=True)
    generate = [sys.executable, str(BENCH / "generate.py")]
    paths = {}
    for count in (500, 5000):
        folder = WORK / f"articles-{count}"
        if not folder.exists() or len(list(folder.glob("*.txt"))) != count:
            log(f"generating {count} articles")
            subprocess.run([*generate, "articles", str(count), str(folder)], check=True, cwd=ROOT)
        paths[f"articles-{count}"] = folder
    synthetic = WORK / "events-100000.csv"
    if not synthetic.exists():
        log("generating 100,000 events")
        subprocess.run([*generate, "events", "100000", str(synthetic)], check=True, cwd=ROOT)
    paths["events-100000"] = synthetic
    if scale:
        million = WORK / "events-1000000.csv"
        if not million.exists():
            log("generating 1,000,000 events")
            subprocess.run([*generate, "events", "1000000", str(million)], check=True, cwd=ROOT)
        paths["events-1000000"] = million
    (WORK / "no-articles").mkdir(exist_ok=True)
    return paths


def _first_line(path: str, prefix: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return next((line for line in text.splitlines() if line.startswith(prefix)), "")


def machine() -> str:
    model = _first_line("/proc/cpuinfo", "model name").split(":", 1)[-1].strip()
    total = _first_line("/proc/meminfo", "MemTotal").split()
    memory = f", {int(total[1]) / 1024 / 1024:.0f} GB RAM" if len(total) > 1 else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model or 'unknown CPU'}){memory}, Python {platform.python_version()}"


MILLION_BUILD_LIMIT = 600  # s: past it the dashboard's 1M figures are not measured (issue 16's rule)
COLD_TARGETS = {"UCDP Syria (16,566 events)": 3, "100,000 synthetic events": 5, "1,000,000 synthetic events": 15}


def compare_scales(row, data_dirs: dict[str, Path], paths: dict[str, Path], scale: bool, log) -> None:
    """Issue 16's table: the dashboard beside pydeck and the floor, in one Chromium run per data folder."""
    folders = {label: (folder, tuple(COMPARED)) for label, folder in data_dirs.items() if scale or "100,000" not in label}
    if scale:
        result = run_json("_import", str(paths["events-1000000"]))
        row(
            f"dataset import: 1,000,000 ACLED-format events in one file ({result['events']:,} read; read_dataset_file)",
            f"{result['seconds']:.1f} s, peak {result['peak_mb']:,.0f} MB",
            "≤ 30 s, ≤ 1 GB",
            result["seconds"] <= 30 and result["peak_mb"] <= 1024,
        )
        folder = WORK / "data-1m"
        started = time.perf_counter()
        try:
            cli = ("--articles", str(WORK / "no-articles"), "--events", str(paths["events-1000000"]))
            result = run_json("_build", str(folder), *cli, timeout=MILLION_BUILD_LIMIT)
            row("build: 1,000,000 synthetic events (the dashboard's data)", f"{result['seconds']:.0f} s, peak {result['peak_mb']:,.0f} MB")
            folders["1,000,000 synthetic events"] = (folder, tuple(COMPARED))
        except subprocess.TimeoutExpired:
            stopped = f"stopped after {time.perf_counter() - started:.0f} s"
            row("build: 1,000,000 synthetic events (the dashboard's data)", stopped, f"≤ {MILLION_BUILD_LIMIT} s", False)
            if (folder / "build.json").exists():  # an earlier build's tables: pydeck and the floor still have data
                folders["1,000,000 synthetic events"] = (folder, ("pydeck", "floor"))
    for label, (folder, names) in folders.items():
        log(f"side by side: {label}")
        try:
            figures = run_json("_compare", str(folder), *names, timeout=3600)
        except (RuntimeError, subprocess.TimeoutExpired) as error:  # one size failing keeps the others' rows and the table
            row(f"Chromium side by side, {label}", f"failed: {str(error).strip().splitlines()[-1][:200]}", "", False)
            continue
        project, pydeck, floor = (figures.get(name) for name in COMPARED)
        absent = "not measured: build time"
        steps = f"{len(pydeck['steps_ms'])} interleaved steps each"
        mine = (
            f"{project['step_ms']:.0f} ms ({project['step_ms'] / pydeck['step_ms']:.2f}× pydeck; towns and date drawn in the page,"
            f" the server's whole state {project['full_step_ms']:.0f} ms, {project['full_step_ms'] / pydeck['step_ms']:.2f}×)"
            if project
            else absent
        )
        mine_cold = f"{project['cold_s']:.1f} s" if project else absent
        mine_rss = f"{project['rss_mb']:,.0f} MB" if project else absent
        step_target = "≤ pydeck's" + (", ≤ 300 ms" if "100,000" in label else "")
        row(
            f"Chromium side by side, {label}: slider step to repaint, median",
            f"project {mine}; pydeck {pydeck['step_ms']:.0f} ms ({pydeck['pixels']:,} pixels drawn offline); floor {floor['step_ms']:.0f} ms; {steps}",
            step_target,
            None if not project else project["step_ms"] <= pydeck["step_ms"] and ("100,000" not in label or project["step_ms"] <= 300),
        )
        cold = COLD_TARGETS.get(label)
        row(
            f"Chromium side by side, {label}: cold start, process spawn to map visible",
            f"project {mine_cold}; pydeck {pydeck['cold_s']:.1f} s; floor {floor['cold_s']:.1f} s",
            f"≤ {cold} s" if cold else "",
            None if not (cold and project) else project["cold_s"] <= cold,
        )
        row(
            f"Chromium side by side, {label}: bytes per step (websocket, server to page, median)",
            f"project {project['bytes_per_step'] / 1024:.1f} KB; pydeck {pydeck['bytes_per_step'] / 1024:.1f} KB; floor {floor['bytes_per_step'] / 1024:.1f} KB"
            if project
            else f"project {absent}; pydeck {pydeck['bytes_per_step'] / 1024:.1f} KB",
            "≤ 50 KB",
            None if not project else project["bytes_per_step"] <= 50 * 1024,
        )
        million = label.startswith("1,000,000")
        row(
            f"Chromium side by side, {label}: peak RSS of the Streamlit server",
            f"project {mine_rss}; pydeck {pydeck['rss_mb']:,.0f} MB; floor {floor['rss_mb']:,.0f} MB",
            "≤ 600 MB" if million else "",
            None if not (million and project) else project["rss_mb"] <= 600,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--scale", action="store_true", help="also 100,000 and 1,000,000 events beside pydeck, and the 1M import (adds about 20 minutes)")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)

    paths = prepare(log, args.scale)
    rows: list[tuple[str, str, str, str]] = []  # (what, figure, target, verdict)

    def row(what: str, figure: str, target: str = "", met: bool | None = None) -> None:
        rows.append((what, figure, target, "" if met is None else ("met" if met else "**missed**")))
        log(f"{what}: {figure}")

    # Build
    builds = {
        "seeds (5 articles)": ("build-seeds", "--articles", "seeds"),
        "500 generated articles": ("build-500", "--articles", str(paths["articles-500"])),
        "5,000 generated articles": ("build-5000", "--articles", str(paths["articles-5000"])),
    }
    for label, (folder, *cli) in builds.items():
        shutil.rmtree(WORK / folder, ignore_errors=True)  # a cold build: no store, no cached extraction
        result = run_json("_build", str(WORK / folder), *cli)
        rate = result["articles"] / result["seconds"]
        # Issue 13's floor for the clause grammar (the regex-only extractor it replaced ran at about 290 articles/s)
        target = "≥ 100 articles/s" if "generated" in label else ""
        row(
            f"build: {label}",
            f"{result['seconds']:.2f} s, {rate:,.0f} articles/s, {result['events']:,} events, peak {result['peak_mb']:.0f} MB",
            target,
            rate >= 100 if target else None,
        )
    # The store (issue 14): a rebuild reads only new articles; a correction redoes only what it touches
    folder, *cli = builds["5,000 generated articles"]
    result = run_json("_build", str(WORK / folder), *cli)
    row("rebuild of 5,000 articles, every extraction in the store", f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB")
    result = run_json("_correction", str(WORK / folder))
    row(
        f"one correction with {result['articles']:,} articles in the store (recorded and re-applied)",
        f"median {result['median_s']:.2f} s, max {result['max_s']:.2f} s (5 corrections)",
        "≤ 1 s",
        result["max_s"] <= 1.0,
    )
    # Gazetteer
    result = run_json("_gazetteer")
    row("gazetteer: time to ready", f"{result['ready_s']:.3f} s", "≤ 0.3 s", result["ready_s"] <= 0.3)
    row("gazetteer: warm lookups", f"{result['lookups_per_s']:,.0f} /s ({result['names']:,} names)", "≥ 20,000 /s", result["lookups_per_s"] >= 20000)
    if UCDP.exists():
        result = run_json("_ucdp_geocoding")
        row(
            "geocoding: UCDP exact-location events placed within 25 km",
            f"{result['share']:.1%} of {result['events']:,} events ({result['names']:,} names)",
            "≥ 75 %",
            result["share"] >= 0.75,
        )
    # Gazetteer with a GeoNames dump imported (issue 12): the shared stand-in for SY.zip + IQ.zip
    if GEONAMES_SHARED.exists() and UCDP.exists():
        import tempfile

        with tempfile.TemporaryDirectory(prefix="bench-gazetteers-") as cache:
            result = run_json("_gazetteer_import", cache)
            row(
                f"gazetteer + GeoNames dump: import, first start ({result['places']:,} places; parse, index, merge)",
                f"{result['import_s']:.2f} s",
                "≤ 10 s",
                result["import_s"] <= 10,
            )
            result = run_json("_gazetteer_warm", cache)
            ready = result["ready_s"]
            row(f"gazetteer + GeoNames dump: time to ready, warm ({result['places']:,} places)", f"{ready:.3f} s", "≤ 0.5 s", ready <= 0.5)
            row(
                "gazetteer + GeoNames dump: warm lookups",
                f"{result['lookups_per_s']:,.0f} /s ({result['names']:,} names)",
                "≥ 20,000 /s",
                result["lookups_per_s"] >= 20000,
            )
            result = run_json("_geocoding_imported", cache)
        for key, label, target, share_min, off_max in (
            ("2018-19 dataset", "UCDP 2018–19, dataset path (row's province)", "≥ 85 %, ≤ 1 % off", 0.85, 0.01),
            ("2018-19 name", "UCDP 2018–19, by name alone (--country SY)", "≥ 80 %, ≤ 2 % off", 0.80, 0.02),
            ("2016-17 dataset", "UCDP 2016–17, dataset path (row's province)", "", None, None),
            ("2016-17 name", "UCDP 2016–17, by name alone (--country SY)", "", None, None),
        ):
            figure = result[key]
            row(
                f"geocoding + GeoNames dump: {label}, within 25 km",
                f"{figure['share']:.1%} of {figure['events']:,} events; {figure['off']:.1%} more than 25 km off ({figure['off_events']})",
                target,
                None if share_min is None else figure["share"] >= share_min and figure["off"] <= off_max,
            )
        if "gold" in result:
            gold = result["gold"]
            row(
                "geocoding + GeoNames dump: real-text gold places within 10 km, in context",
                f"{gold['right']} of {gold['total']}" + (f" (not: {', '.join(gold['wrong'])})" if gold["wrong"] else ""),
                "30 of 30",
                gold["right"] == gold["total"],
            )
    # Real text: the development set against its hand-labelled gold (issue 13's targets)
    realtext_runs = [("real text", ())]
    if GEONAMES_SHARED.exists():
        realtext_runs.append(("real text + GeoNames dump", ("--gazetteer", str(GEONAMES_SHARED))))
    for label, extra in realtext_runs if (REALTEXT / "gold_control.csv").exists() else ():
        result = run_json("_realtext", *extra)
        probes, events, dates = result["probes"], result["events"], result["dates"]
        row(
            f"{label}: control probes right ({probes['total']} probes)",
            f"{probes['right']} right, {probes['wrong']} wrong, {probes['unknown']} unknown",
            "≥ 76 right, ≤ 3 wrong",
            probes["right"] >= 76 and probes["wrong"] <= 3,
        )
        row(
            f"{label}: events against {events['gold']} gold events",
            f"precision {events['precision']:.1%}, recall {events['recall']:.1%} ({events['matched']} of {events['extracted']} extracted;"
            f" sub-event type {events['sub_event_agree']}/{events['matched']})",
            "≥ 85 % / ≥ 75 %",
            events["precision"] >= 0.85 and events["recall"] >= 0.75,
        )
        if not extra:  # dates do not depend on the gazetteer
            row(
                f"{label}: publication dates read from the text ({dates['total']} articles)",
                f"{dates['equal']} equal to sources.csv, {dates['wrong']} wrong, {dates['none']} none",
                "≥ 75, none wrong",
                dates["equal"] >= 75 and dates["wrong"] == 0,
            )
    if not (REALTEXT / "gold_control.csv").exists():
        row("real text", f"skipped: {REALTEXT} is absent")
    # Text cost (issue 14): pathological and large uploads through the dashboard's preview
    result = run_json("_text_cost")
    for label, figure in result["inputs"].items():
        row(
            f"text cost: {label} ({figure['kb']:,.0f} KB), preview",
            f"{figure['ms_per_kb']:.1f} ms per KB CPU" + (f" ({figure['error']})" if figure["error"] else ""),
            "<= 20 ms per KB",
            figure["ms_per_kb"] <= 20 and not figure["error"],
        )
    row("text cost: peak memory of the process (20 MB article last)", f"{result['peak_mb']:.0f} MB")
    # Data folders for the dashboard
    data_dirs = {"seeds": ROOT / "data"}
    if UCDP.exists():
        run_json("_build", str(WORK / "data-ucdp"), "--articles", str(WORK / "no-articles"), "--events", str(UCDP))
        data_dirs["UCDP Syria (16,566 events)"] = WORK / "data-ucdp"
    else:
        row("UCDP Syria events", f"skipped: {UCDP} is absent")
    run_json("_build", str(WORK / "data-100k"), "--articles", str(WORK / "no-articles"), "--events", str(paths["events-100000"]))
    data_dirs["100,000 synthetic events"] = WORK / "data-100k"
    # AppTest
    floor = run_json("_app", str(BENCH / "floor_app.py"), str(ROOT / "data"), "value")
    row("AppTest floor: one-slider empty script", f"rerun {floor['rerun_ms']:.1f} ms")
    targets = {"seeds": (20, 300), "UCDP Syria (16,566 events)": (150, 300), "100,000 synthetic events": (400, 300)}
    for label, folder in data_dirs.items():
        result = run_json("_app", str(ROOT / "dashboard.py"), str(folder), "date")
        rerun_target, payload_target = targets[label]
        row(
            f"dashboard, {label}: rerun after a slider move",
            f"{result['rerun_ms']:.1f} ms ({result['rerun_ms'] / floor['rerun_ms']:.1f}× the floor); first run {result['first_s']:.2f} s",
            f"≤ {rerun_target} ms",
            result["rerun_ms"] <= rerun_target,
        )
        row(
            f"dashboard, {label}: map payload per rerun",
            f"{result['payload_bytes'] / 1024:.1f} KB",
            f"≤ {payload_target} KB",
            result["payload_bytes"] <= payload_target * 1024,
        )
    # Chromium
    if args.no_browser:
        row("Chromium", "skipped (--no-browser)")
    elif not Path("/usr/bin/chromium").exists():
        row("Chromium", "skipped: /usr/bin/chromium is absent")
    else:
        for label, folder in list(data_dirs.items())[:2]:
            result = run_json("_browser", str(folder))
            limit = 300  # issue 15: on the seeds and on the UCDP file
            row(
                f"Chromium, {label}: navigation to map visible",
                f"{result['visible_s']:.2f} s median (max {result['visible_max_s']:.2f} s, {NAVIGATIONS} new readers, nothing cached);"
                f" the chart and the events table too {result['whole_page_s']:.2f} s",
                "≤ 3 s",
                result["visible_s"] <= 3,
            )
            row(
                f"Chromium, {label}: slider move to repaint",
                f"{result['repaint_ms']:.0f} ms median (max {result['repaint_max_ms']:.0f} ms, {SCRUBS} moves; towns and date drawn in the page);"
                f" the server's whole state (events, panel) {result['full_ms']:.0f} ms median (max {result['full_max_ms']:.0f} ms)",
                f"≤ {limit} ms",
                result["repaint_ms"] <= limit,
            )
        compare_scales(row, data_dirs, paths, args.scale, log)
    table = "\n".join(
        [
            f"Measured {datetime.now():%Y-%m-%d} on {machine()} by `python bench/run.py`.",
            "",
            "| what | measured | target | |",
            "|---|---|---|---|",
            *(f"| {what} | {figure} | {target} | {verdict} |" for what, figure, target, verdict in rows),
        ]
    )
    print(table)
    RESULTS.write_text(f"# Benchmark results\n\n{table}\n", encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    if MARKERS[0] in readme and MARKERS[1] in readme:
        before, rest = readme.split(MARKERS[0], 1)
        _, after = rest.split(MARKERS[1], 1)
        README.write_text(f"{before}{MARKERS[0]}\n{table}\n{MARKERS[1]}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        measures = {
            "_build": measure_build,
            "_correction": measure_correction,
            "_gazetteer": measure_gazetteer,
            "_ucdp_geocoding": measure_ucdp_geocoding,
            "_gazetteer_import": measure_gazetteer_import,
            "_gazetteer_warm": measure_gazetteer_warm,
            "_geocoding_imported": measure_geocoding_imported,
            "_realtext": measure_realtext,
            "_app": measure_app,
            "_text_cost": measure_text_cost,
            "_browser": measure_browser,
            "_compare": measure_compare,
            "_import": measure_import,
        }
        measure = measures[sys.argv[1]]
        print(json.dumps(measure(*sys.argv[2:])))
        sys.exit(0)
    sys.exit(main())
