"""The site's maps: the vendored Leaflet and remit's map script, shipped as static files.

Leaflet 1.9.4 is vendored unchanged from npm in ``assets/vendor/leaflet/`` (see its
README.md and LICENSE) and published at ``assets/vendor/leaflet/``; remit's own map script
and styles at ``assets/map/``. No map script, style, image or tile comes from another host
unless a deployment configures a tile URL (``site.map.tiles``).
"""

from __future__ import annotations

from pathlib import Path

from generator.outfile import OutFile

ASSETS_DIR = Path(__file__).parent / "assets"
VENDOR_DIR = ASSETS_DIR / "vendor" / "leaflet"
#: Where the site publishes Leaflet (site-relative).
LEAFLET_DIR = "assets/vendor/leaflet"
LEAFLET_JS = f"{LEAFLET_DIR}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_DIR}/leaflet.css"
_VENDOR_FILES = ("leaflet.js", "leaflet.css", "LICENSE", "VERSION",
                 "images/layers.png", "images/layers-2x.png", "images/marker-icon.png",
                 "images/marker-icon-2x.png", "images/marker-shadow.png")


def vendor_files() -> list[OutFile]:
    """Leaflet's script, stylesheet, images and licence, byte for byte as vendored."""
    return [OutFile(f"{LEAFLET_DIR}/{name}", (VENDOR_DIR / name).read_bytes(), search=False)
            for name in _VENDOR_FILES]
