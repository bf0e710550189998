"""Make _static/favicon.ico from _static/favicon.svg (run again when the SVG changes).

Browsers ask for /favicon.ico at the site root whatever the page declares; the book serves
the SVG as its icon and this ICO at the root (claimbook.citable copies it there). Chromium
draws the SVG (Debian's, as in the tests); Pillow writes the ICO with 16, 32 and 48 px images.

    .venv/bin/python tools/favicon.py
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SVG, ICO = ROOT / "_static" / "favicon.svg", ROOT / "_static" / "favicon.ico"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZE = 256


def main() -> int:
    page_html = (
        "<html><body style='margin:0;background:transparent'>"
        f"<img src='data:image/svg+xml;base64,{base64.b64encode(SVG.read_bytes()).decode()}' "
        f"width='{SIZE}' height='{SIZE}'></body></html>"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(page_html)
        png = page.screenshot(
            omit_background=True, clip={"x": 0, "y": 0, "width": SIZE, "height": SIZE}
        )
        browser.close()
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    image.save(ICO, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"wrote {ICO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
