"""Take the README's screenshots in headless Chromium with every non-local request refused.

    python docs/screenshots.py [UCDP_DATA_DIR]

Writes docs/*.png. The second argument, a data folder built from the UCDP
events (``python -m geo build --articles EMPTY --events ucdp.csv --out DIR``),
adds the events-layer view.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import map_frame, offline_browser, streamlit_server  # noqa: E402


def shoot(url: str, name: str, zoom: tuple[float, float, int] | None = None, before=None, viewport=(1500, 1250)) -> None:
    with offline_browser(viewport=viewport) as context:
        page = context.new_page()
        page.goto(url)
        frame = map_frame(page, 60000)
        if zoom:
            frame.evaluate(f"() => window.map.setView([{zoom[0]}, {zoom[1]}], {zoom[2]})")
        if before:
            before(page)
        page.wait_for_timeout(2500)
        page.screenshot(path=str(DOCS / name))
        print(f"wrote {DOCS / name}")


def open_compare(page) -> None:
    page.get_by_text("What changed between two dates").first.click()
    page.get_by_text("Compare with").first.wait_for()
    page.wait_for_timeout(1500)


def open_provinces(page) -> None:
    page.get_by_text("Events per governorate").first.click()
    page.wait_for_timeout(1500)


def main() -> None:
    with streamlit_server() as url:
        shoot(f"{url}/?date=2017-09-29&place=geonames:390188", "dashboard.png", (35.2, 43.0, 8))
        shoot(f"{url}/?date=2017-10-27", "contested.png", (34.6, 41.6, 9))
        shoot(f"{url}/?date=2018-09-11", "syria-2018.png", (34.6, 39.6, 7))

        def open_sources(page):
            page.get_by_text("Add articles or event datasets").first.click()
            page.locator('input[type="file"]').first.wait_for(state="attached")

        shoot(f"{url}/?date=2017-11-26", "add-sources.png", before=open_sources)
        # tall enough for the map and the table of changes below it (the page scrolls inside Streamlit's container)
        shoot(f"{url}/?date=2017-11-26", "compare.png", (34.8, 42.0, 7), before=open_compare, viewport=(1500, 2400))
        shoot(f"{url}/?date=2017-10-27", "phone.png", viewport=(390, 844))
    if len(sys.argv) > 1:
        with streamlit_server(Path(sys.argv[1])) as url:
            shoot(f"{url}/?date=2017-06-15", "ucdp-events.png", (35.5, 38.5, 7))
            shoot(f"{url}/?date=2017-06-15", "provinces.png", (34.5, 40.5, 6), before=open_provinces)


if __name__ == "__main__":
    main()
