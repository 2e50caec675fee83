"""Write a figure's shapes as SVG: the same shapes, in the same order, as the desktop paints,
with the colours of a theme and a <title>/<desc> text alternative for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from crampcoach.core.figure.geometry import Figure
from crampcoach.core.figure.shapes import Capsule, Circle, Point, Polygon, Polyline, Role, Shape


@dataclass(frozen=True)
class Palette:
    """Colours by role (any CSS colour). ``*_far`` is for the limbs on the far side."""

    background: str | None = "#ffffff"
    body: str = "#c9d6e3"
    body_far: str = "#9fb1c4"
    outline: str = "#34495e"
    feature: str = "#34495e"
    highlight: str = "#e8590c"
    highlight_opacity: float = 0.85
    prop: str = "#c8b49a"
    backdrop: str = "#efe9df"
    ground: str = "#8a7d6b"

    def fill(self, shape: Shape) -> str:
        role = shape.role
        if role is Role.LIMB or role is Role.HEAD:
            return self.body_far if shape.far else self.body
        return {
            Role.OUTLINE: self.outline,
            Role.FEATURE: self.feature,
            Role.HIGHLIGHT: self.highlight,
            Role.PROP: self.prop,
            Role.BACKDROP: self.backdrop,
            Role.GROUND: self.ground,
        }[role]


LIGHT = Palette()
DARK = Palette(
    background="#1f2329",
    body="#5b6b7d",
    body_far="#434f5c",
    outline="#d0d7de",
    feature="#d0d7de",
    highlight="#ff8a3d",
    prop="#7a6a55",
    backdrop="#2c3138",
    ground="#a89a86",
)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pts(points: Sequence[Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _capsule_path(c: Capsule) -> str:
    sides = c.tangents()
    if sides is None:
        (x, y), r = (c.a, c.ra) if c.ra >= c.rb else (c.b, c.rb)
        arc = f"a{_n(r)},{_n(r)} 0 1 0"
        return f"M{_n(x - r)},{_n(y)}{arc} {_n(2 * r)},0{arc} {_n(-2 * r)},0Z"
    a1, b1, b2, a2 = sides
    big_b = 1 if c.ra > c.rb else 0  # the thinner end's cap is more than half a circle
    big_a = 1 - big_b if c.ra != c.rb else 0
    return (
        f"M{_n(a1[0])},{_n(a1[1])}L{_n(b1[0])},{_n(b1[1])}"
        f"A{_n(c.rb)},{_n(c.rb)} 0 {big_b} 1 {_n(b2[0])},{_n(b2[1])}"
        f"L{_n(a2[0])},{_n(a2[1])}"
        f"A{_n(c.ra)},{_n(c.ra)} 0 {big_a} 1 {_n(a1[0])},{_n(a1[1])}Z"
    )


def _element(shape: Shape, palette: Palette) -> str:
    colour = palette.fill(shape)
    if isinstance(shape, Polyline):
        return (
            f'<polyline points="{_pts(shape.points)}" fill="none" stroke="{colour}" '
            f'stroke-width="{_n(shape.width)}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    paint = f'fill="{colour}"'
    if shape.stroke > 0:
        paint += f' stroke="{colour}" stroke-width="{_n(shape.stroke)}" stroke-linejoin="round"'
    if isinstance(shape, Circle):
        x, y = shape.center
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(shape.radius)}" {paint}/>'
    if isinstance(shape, Capsule):
        return f'<path d="{_capsule_path(shape)}" {paint}/>'
    assert isinstance(shape, Polygon)
    if shape.role is Role.HIGHLIGHT:
        paint += f' fill-opacity="{palette.highlight_opacity:g}" class="highlight"'
        paint += f" data-muscle={quoteattr(shape.muscle or '')}"
        if shape.side:
            paint += f" data-side={quoteattr(shape.side)}"
    return f'<polygon points="{_pts(shape.points)}" {paint}/>'


def to_svg(figure: Figure, palette: Palette = LIGHT, *, ident: str = "figure") -> str:
    """A standalone SVG document of ``figure``."""
    return _document([figure], palette, ident, figure.text)


def strip_svg(figures: Sequence[Figure], palette: Palette = LIGHT, *, ident: str = "figure") -> str:
    """Several figures side by side (e.g. the key frames of a movement), one text alternative."""
    texts = list(dict.fromkeys(f.text for f in figures))
    return _document(figures, palette, ident, " Then: ".join(texts))


def _document(figures: Sequence[Figure], palette: Palette, ident: str, desc: str) -> str:
    size = figures[0].size if figures else 0.0
    width = size * len(figures)
    title = figures[0].title if figures else ""
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(size)}" '
        f'viewBox="0 0 {_n(width)} {_n(size)}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    if palette.background:
        # Sizes in pixels: Qt's SVG renderer reads "100%" as 100 pixels.
        lines.append(f'<rect width="{_n(width)}" height="{_n(size)}" fill="{palette.background}"/>')
    for i, figure in enumerate(figures):
        lines.append(f'<g transform="translate({_n(i * size)},0)">' if i else "<g>")
        lines += (_element(shape, palette) for shape in figure.shapes)
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
