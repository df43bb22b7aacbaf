"""course: the index page's styles, and the colour test that keeps its text readable.

Every colour of text on the page has a contrast of 4.5:1 or more with what it is drawn on (the
WCAG's level AA for normal text): #1f2328 on white is 15.8:1, the links' #0550ae 7.6:1, the
statuses' 6:1 or more on their tints. The theme's accent colours the course's title and the
rule above it where it is readable on white, else the title is drawn in the text's colour.
The layout is a column of lessons, each its picture beside its text, and the picture above the
text on a narrow screen; no script, no font but the reader's own.
"""

from __future__ import annotations

TEXT = "1f2328"
"""The colour of the page's text (``RRGGBB``)."""
AA = 4.5
"""The least contrast with the white page that text may have (WCAG 2, level AA)."""

STYLE = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1f2328;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
header,nav,main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}
header{border-top:.4rem solid #ACCENT;padding-top:1rem}
h1{color:#ACCENT;font-size:1.9rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.4rem;margin:2rem 0 0;padding-bottom:.25rem;border-bottom:2px solid #d0d7de}
h3{font-size:1.15rem;line-height:1.3;margin:0 0 .25rem}
a{color:#0550ae;text-decoration:underline}
a:focus-visible{outline:3px solid #0550ae;outline-offset:2px}
nav ul,.files{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;
gap:.25rem 1rem}
article{display:grid;grid-template-columns:15rem minmax(0,1fr);grid-template-areas:"preview about";
gap:1rem;padding:1rem 0;border-bottom:1px solid #d8dee4}
.about{grid-area:about;min-width:0}
.preview{grid-area:preview;width:100%;height:auto;border:1px solid #afb8c1;background:#fff}
.facts{margin:0;color:#57606a;font-size:.95rem}
code{font-size:.9em;overflow-wrap:anywhere}
.status{display:inline-block;margin:.4rem 0 0;padding:0 .5rem;border-radius:.25rem;
font-weight:600;border:1px solid currentColor}
.ready{background:#dafbe1;color:#116329}
.warned{background:#fff8c5;color:#6f4400}
.failed{background:#ffebe9;color:#a40e26}
.problems{margin:.25rem 0;padding-left:1.25rem;font-size:.95rem;overflow-wrap:anywhere}
details{margin:.25rem 0}
summary{cursor:pointer;color:#0550ae}
footer{margin-top:2rem;padding-bottom:2rem;color:#57606a;font-size:.9rem}
@media (max-width:40rem){
article{grid-template-columns:minmax(0,1fr);grid-template-areas:"about" "preview"}
.preview{max-width:15rem}
h1{font-size:1.6rem}
}
"""
"""The page's style sheet; ``ACCENT`` stands for the theme's accent colour (``readable``)."""


def readable(color: str) -> str:
    """Return ``color`` (``RRGGBB``) when text in it is readable on white, else ``TEXT``."""
    return color if contrast(color, "ffffff") >= AA else TEXT


def contrast(first: str, second: str) -> float:
    """Return the contrast ratio of two ``RRGGBB`` colours, as the WCAG define it (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(color: str) -> float:
    """Return the relative luminance of an ``RRGGBB`` colour (0 for black, 1 for white)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
