"""Helpers for the real-browser tests: a Streamlit server and an offline Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from support import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_PREFIXES = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


def require_browser():
    """Skip, with the reason, when Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium); browser tests need it")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements.txt)")


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_process(script: str = "dashboard.py", data_dir: Path | None = None, extra_env: dict | None = None, timeout_s: float = 120):
    """Run ``streamlit run SCRIPT`` on a free port until the block ends: (url, process, when it was spawned).

    The server's output goes to a file, not a pipe: a full pipe would stall a talkative server.
    """
    port = free_port()
    env = dict(os.environ)
    if data_dir is not None:
        env["CONFLICT_MAP_DATA"] = str(data_dir)
    env.update(extra_env or {})
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / script), "--server.port", str(port), "--server.address", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        spawned = time.perf_counter()
        process = subprocess.Popen([*command, "--server.headless", "true"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.time() + timeout_s
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"streamlit run {script} exited: {log.read()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError(f"streamlit run {script} did not answer within {timeout_s:.0f} s") from None
                    time.sleep(0.1)
            yield url, process, spawned
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def streamlit_server(data_dir: Path | None = None, extra_env: dict | None = None):
    """Run the dashboard on a free port until the block ends; its URL."""
    with streamlit_process("dashboard.py", data_dir, extra_env) as (url, _, _):
        yield url


# Names other than this machine's resolve to nothing: Chromium itself refuses the network.
REFUSE_BY_RESOLVER = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


@contextlib.contextmanager
def offline_browser(viewport=(1400, 1200), intercept: bool = True):
    """Headless Debian Chromium with every non-localhost request refused.

    ``intercept``: each request goes through Playwright's router, which lists what was refused in
    ``context.refused``. Routing turns Chromium's HTTP cache off and sends every request through
    Python (a navigation to the dashboard took 1.7 s longer), so timings (``intercept=False``) let
    Chromium refuse outside names itself and keep its cache; ``context.new_reader()`` is then a
    fresh context, nothing cached, as a new reader's browser.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = CHROMIUM_ARGS if intercept else [*CHROMIUM_ARGS, REFUSE_BY_RESOLVER]
        browser = playwright.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=args)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        if intercept:
            refused: list[str] = []

            def route(request_route):
                url = request_route.request.url
                if url.startswith(LOCAL_PREFIXES):
                    request_route.continue_()
                else:
                    refused.append(url)
                    request_route.abort()

            context.route("**/*", route)
            context.refused = refused
        else:
            context.new_reader = lambda: browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            yield context
        finally:
            browser.close()


def map_frame(page, timeout_ms: int = 30000):
    """The streamlit-folium iframe, once its Leaflet map has drawn the date's layer."""
    deadline = time.time() + timeout_ms / 1000
    while time.time() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("() => !!(window.map && window.CM && window.CM.drawn > 0)"):
                        return frame
                except Exception:
                    pass
        page.wait_for_timeout(50)
    raise AssertionError("the map did not appear")


def wait_for_preview(frame, timeout_ms: int = 30000) -> None:
    """Until the map has read the second part of its index (periods and events), which a step drawn
    in the page needs; the map itself is drawn without it."""
    frame.wait_for_function("() => (window.CM.previewReady || 0) > 0", timeout=timeout_ms)


def town_states(frame) -> dict:
    """label -> (fill colour, contested) of every town marker on the map."""
    return frame.evaluate(
        """() => {
            const out = {};
            for (const layer of Object.values(window.map._layers)) {
                if (layer.cm) { out[layer.cm.label] = [layer.options.fillColor, layer.cm.contested]; }
            }
            return out;
        }"""
    )


def current_date_text(page) -> str:
    return page.locator('[data-testid="current-date"]').inner_text()
