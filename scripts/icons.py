"""The site's icons, drawn by the build in plain Python (zlib + struct), so nothing needs installing.

The mark is a circle of six people (dots joined by a ring) around a seventh: the person the community
care system is built around. There is no text in it, because there is no font rasteriser here and a
kanji would not survive 32 px anyway.

Shapes are signed distance functions; a pixel's coverage is taken from its distance to the edge, which
gives anti-aliased edges without supersampling.
"""

import math
import struct
import zlib

Colour = tuple[int, int, int]

# Unit coordinates: the icon is the square [0, 1] × [0, 1].
RING_RADIUS = 0.25
RING_WIDTH = 0.028
PERSON_RADIUS = 0.072
CENTRE_RADIUS = 0.1
PEOPLE = 6
# How far the mark reaches from the centre; maskable icons must keep it inside the 0.4 safe circle.
MARK_EXTENT = RING_RADIUS + PERSON_RADIUS


def parse_colour(text: str) -> Colour:
    text = text.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rgb or #rrggbb colour: #{text}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG; `rows` are width * 4 bytes each."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (none) on every row
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _rounded_square(x: float, y: float, radius: float) -> float:
    # Distance to the square [0,1]² whose corners are rounded by `radius`.
    qx = abs(x - 0.5) - (0.5 - radius)
    qy = abs(y - 0.5) - (0.5 - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def _mark(x: float, y: float, scale: float) -> float:
    """Distance to the union of the ring, the six people and the centre, scaled about the middle."""
    px, py = (x - 0.5) / scale, (y - 0.5) / scale
    r = math.hypot(px, py)
    distance = abs(r - RING_RADIUS) - RING_WIDTH / 2
    distance = min(distance, r - CENTRE_RADIUS)
    for i in range(PEOPLE):
        angle = -math.pi / 2 + i * 2 * math.pi / PEOPLE
        distance = min(distance, math.hypot(px - RING_RADIUS * math.cos(angle), py - RING_RADIUS * math.sin(angle)) - PERSON_RADIUS)
    return distance * scale


def draw(size: int, background: Colour, foreground: Colour, *, full_bleed: bool, mark_scale: float = 1.0) -> bytes:
    """`full_bleed` fills the whole square (maskable and Apple icons, which the platform crops itself);
    otherwise the background is a rounded square on transparency."""
    if full_bleed and MARK_EXTENT * mark_scale > 0.4:
        raise ValueError("the mark would leave the maskable safe zone")
    rows = []
    pixel = 1.0 / size
    for j in range(size):
        y = (j + 0.5) * pixel
        row = bytearray()
        for i in range(size):
            x = (i + 0.5) * pixel
            base = 1.0 if full_bleed else min(max(0.5 - _rounded_square(x, y, 0.22) / pixel, 0.0), 1.0)
            ink = 0.0
            if base > 0.0 and abs(x - 0.5) < 0.36 * mark_scale + pixel and abs(y - 0.5) < 0.36 * mark_scale + pixel:
                ink = min(max(0.5 - _mark(x, y, mark_scale) / pixel, 0.0), 1.0)
            colour = [round(b + (f - b) * ink) for b, f in zip(background, foreground)]
            row += bytes(colour) + bytes([round(255 * base)])
        rows.append(bytes(row))
    return png(size, size, rows)


def icon_set(background: Colour, foreground: Colour) -> dict[str, bytes]:
    """File name (under icons/) → PNG bytes."""
    return {
        "icon-192.png": draw(192, background, foreground, full_bleed=False),
        "icon-512.png": draw(512, background, foreground, full_bleed=False),
        # The platform may crop a maskable icon to a circle of 80 % of its width.
        "icon-maskable-512.png": draw(512, background, foreground, full_bleed=True, mark_scale=0.85),
        # iOS draws transparency as black and rounds the corners itself.
        "apple-touch-icon.png": draw(180, background, foreground, full_bleed=True, mark_scale=0.9),
        "favicon.png": draw(32, background, foreground, full_bleed=False, mark_scale=1.1),
    }
