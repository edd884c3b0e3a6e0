"""The page's frame and styles. The styles keep every table inside its box (it scrolls
sideways on a phone instead of widening the page), shrink pictures to the screen, and on paper
drop the navigation and keep each table and picture on one page where they fit."""

from __future__ import annotations

from string import Template

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; background: #fff;
  line-height: 1.45; margin: 0 auto; max-width: 80rem; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #bbb; margin-top: 2rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; }
.summary { color: #333; margin: 0; }
.note { color: #333; font-size: .95rem; }
.missing { color: #7a4100; }
#charts-note { border-left: 4px solid #E69F00; padding-left: .5rem; }
.table-box { overflow-x: auto; max-width: 100%; margin: .75rem 0; container-type: inline-size; }
/* A caption is as wide as its table: past what the box shows, it would be cut, not wrapped. */
caption { max-width: 100cqi; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
th { background: #f3f3f3; }
.n { text-align: right; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #555; vertical-align: middle; }
.pair { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.pair > figure { flex: 2 1 30rem; min-width: 0; margin: .75rem 0; }
.pair > .table-box { flex: 1 1 20rem; min-width: 0; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: .9rem; color: #333; margin-top: .25rem; }
.bug-id { color: #444; font-size: .9rem; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
@media (max-width: 40rem) {
  body { padding: .5rem; }
  h1 { font-size: 1.25rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  .table-box { overflow: visible; }
  th, td { white-space: normal; }
  table, figure, .bug { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
</head>
<body>
<header>
<h1>$heading</h1>
<p class="summary">$summary</p>
$charts_note
<nav aria-label="sections"><ul>
<li><a href="#facts">Machine</a></li><li><a href="#composition">Composition</a></li>
<li><a href="#map">Map</a></li><li><a href="#free">Free blocks</a></li><li><a href="#processes">Processes</a></li>
<li><a href="#cgroups">Cgroups</a></li><li><a href="#slab">Slab caches</a></li><li><a href="#bugs">Known bugs</a></li>
</ul></nav>
</header>
<main>
$sections
</main>
<footer><p>$made</p></footer>
</body>
</html>
""")
