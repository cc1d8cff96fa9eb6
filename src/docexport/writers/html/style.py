"""The page's inline stylesheet: screen (light and dark) and print, nothing fetched.

System fonts only (no web fonts), logical properties (``margin-inline-start``) so that a
right-to-left page mirrors itself, and a print sheet that drops the skip link, prints black
on white and writes each link's address after it. The Content-Security-Policy allows this
exact text by its hash, so the page needs no ``'unsafe-inline'``.
"""

from __future__ import annotations

import base64
import hashlib

__all__ = ["STYLESHEET", "STYLESHEET_HASH"]

STYLESHEET = """
:root {
  color-scheme: light dark;
  --ink: #1b1b1b; --muted: #5b5b5b; --rule: #d8d4cc; --accent: #a4161a;
  --link: #0a4f9c; --panel: #f5f2eb; --paper: #ffffff; --chip: #ece8df;
  --serif: Georgia, Charter, "Noto Serif", "DejaVu Serif", "Times New Roman", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif;
  --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e9e6e0; --muted: #aaa59c; --rule: #45423d; --accent: #ff7b72;
    --link: #8ab4f8; --panel: #23221f; --paper: #151514; --chip: #2e2c29;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 1.125rem/1.65 var(--serif); overflow-wrap: anywhere;
}
.skip-link {
  position: absolute; inset-inline-start: 1rem; top: -4rem; z-index: 1;
  padding: .5rem 1rem; background: var(--ink); color: var(--paper);
  font: 600 .9rem var(--sans);
}
.skip-link:focus { top: 1rem; }
.masthead { border-top: 5px solid var(--ink); border-bottom: 1px solid var(--rule); }
.masthead-inner, main, .colophon-inner {
  max-width: 44rem; margin: 0 auto; padding-inline: 1.25rem;
}
.masthead-inner {
  display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline;
  gap: .25rem 1rem; padding-block: .85rem;
}
.masthead-name {
  margin: 0; font: 700 1.15rem/1.2 var(--serif); letter-spacing: .06em;
  text-transform: uppercase;
}
.masthead-edition { margin: 0; font: .85rem var(--sans); color: var(--muted); }
main { padding-block: 2.25rem 3rem; }
.article-header { margin-bottom: 1.75rem; }
.kicker {
  margin: 0 0 .7rem; font: 700 .8rem/1.2 var(--sans); letter-spacing: .09em;
  text-transform: uppercase; color: var(--accent);
}
h1 {
  margin: 0 0 .8rem; font: 700 clamp(1.9rem, 4.6vw, 2.7rem)/1.14 var(--serif);
  letter-spacing: -.012em; text-wrap: balance;
}
.standfirst { margin: 0 0 1.3rem; font-size: 1.3rem; line-height: 1.45; color: var(--muted); }
.article-meta {
  display: flex; flex-wrap: wrap; gap: .2rem 1.25rem; padding-block: .7rem;
  border-block: 1px solid var(--rule); font: .9rem/1.5 var(--sans); color: var(--muted);
}
.article-meta p { margin: 0; }
.byline { color: var(--ink); }
.byline .name { font-weight: 700; }
.dateline { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.summary {
  margin: 0 0 2.1rem; padding: 1.1rem 1.3rem; background: var(--panel);
  border-inline-start: 4px solid var(--accent); font: 1rem/1.55 var(--sans);
}
.summary h2, .key-facts h2 {
  margin: 0 0 .55rem; font: 700 .8rem/1.2 var(--sans); letter-spacing: .09em;
  text-transform: uppercase; color: var(--accent);
}
.bluf { margin: 0; font-weight: 600; }
.key-points { margin: .7rem 0 0; padding-inline-start: 1.2rem; }
.key-points li + li { margin-top: .3rem; }
.machine-note { margin: .8rem 0 0; font: italic .8rem/1.4 var(--sans); color: var(--muted); }
.article-body > p { margin: 0 0 1.15em; }
.article-body h2, .article-body h3, .article-body h4, .article-body h5, .article-body h6 {
  margin: 2rem 0 .6rem; font-family: var(--serif); line-height: 1.25;
}
.article-body h2 { font-size: 1.5rem; }
.article-body h3 { font-size: 1.25rem; }
.article-body h4, .article-body h5, .article-body h6 { font-size: 1.1rem; }
.article-body ul, .article-body ol { margin: 0 0 1.15em; padding-inline-start: 1.5rem; }
.article-body li + li { margin-top: .35em; }
blockquote {
  margin: 1.7rem 0; padding-inline-start: 1.25rem; border-inline-start: 3px solid var(--ink);
  font-size: 1.2rem; font-style: italic; line-height: 1.5;
}
blockquote p { margin: 0 0 .6em; }
blockquote p:last-child { margin-bottom: 0; }
pre {
  margin: 0 0 1.15em; padding: .9rem 1rem; background: var(--panel); border-radius: 4px;
  font: .88rem/1.5 var(--mono); white-space: pre-wrap; overflow-x: auto;
}
a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: .16em; }
a:hover { text-decoration-thickness: 2px; }
a:focus-visible, .skip-link:focus { outline: 3px solid var(--link); outline-offset: 2px; }
.key-facts {
  margin-top: 2.6rem; padding-top: 1.1rem; border-top: 2px solid var(--ink);
  font: .95rem/1.5 var(--sans);
}
.key-facts dl { margin: 0; }
.key-facts dl > div {
  display: grid; grid-template-columns: 8.5rem 1fr; gap: 1.25rem; align-items: baseline;
  padding-block: .55rem;
  border-bottom: 1px solid var(--rule);
}
.key-facts dl > div:last-child { border-bottom: 0; }
.key-facts dt { font-weight: 700; }
.key-facts dd { margin: 0; }
.chips { display: flex; flex-wrap: wrap; gap: .35rem; margin: 0; padding: 0; list-style: none; }
.chips li { padding: .05rem .55rem; background: var(--chip); border-radius: 999px; }
.chips .role { color: var(--muted); }
.article-footer {
  margin-top: 2.2rem; padding-top: .8rem; border-top: 1px solid var(--rule);
  font: .85rem/1.5 var(--sans); color: var(--muted);
}
.article-footer p { margin: 0 0 .25rem; }
.colophon { border-top: 1px solid var(--rule); font: .8rem/1.5 var(--sans); color: var(--muted); }
.colophon-inner { padding-block: 1.1rem 2rem; }
.colophon p { margin: 0; }
@media (max-width: 36rem) {
  body { font-size: 1.05rem; }
  .key-facts dl > div { grid-template-columns: 1fr; gap: .3rem; }
}
@media print {
  @page { margin: 18mm 16mm; }
  :root {
    --ink: #000; --muted: #000; --rule: #000; --accent: #000; --link: #000;
    --panel: #fff; --paper: #fff; --chip: #fff;
  }
  body { font-size: 11pt; line-height: 1.45; background: #fff; color: #000; }
  .skip-link, nav { display: none !important; }
  .masthead { border-top-width: 2pt; }
  .masthead-inner, main, .colophon-inner { max-width: none; padding-inline: 0; }
  main { padding-block: 8mm 0; }
  h1 { font-size: 22pt; }
  .summary { border: 1pt solid #000; border-inline-start-width: 3pt; }
  .chips li { border: .5pt solid #000; }
  a { color: #000; text-decoration: underline; }
  a[href^="http"]::after, a[href^="mailto:"]::after {
    content: " <" attr(href) ">"; font: 8.5pt var(--mono); overflow-wrap: anywhere;
  }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  blockquote, pre, .summary, .key-facts dl > div, .article-footer { break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
}
"""

# CSP hash source: base64 of the SHA-256 of the <style> element's exact text.
STYLESHEET_HASH = (
    "sha256-" + base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()
)
