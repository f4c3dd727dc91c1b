/** The report's stylesheet, inlined: no external fonts or files, light and dark, print-friendly. */
export const reportStyles = `
:root {
  --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #5d6678; --line: #e3e6ec; --accent: #2457c5;
  --critical: #9b1c31; --high: #d1432f; --medium: #d98a12; --low: #3a7bd5; --negligible: #8a94a6; --unknown: #b3bac7;
  --code: #eef1f6;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --panel: #1b2029; --text: #e4e7ee; --muted: #9aa3b5; --line: #2c3340; --accent: #7aa2ff; --code: #252b36; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
code { background: var(--code); padding: 0.05em 0.35em; border-radius: 4px; word-break: break-all; }
header.top { background: var(--panel); border-bottom: 1px solid var(--line); padding: 1.4rem 2rem 1rem; }
.brand { color: var(--muted); font-size: 0.8rem; letter-spacing: 0.08em; text-transform: uppercase; }
h1 { margin: 0.2rem 0 0.8rem; font-size: 1.6rem; word-break: break-all; }
h2 { font-size: 1.2rem; margin: 0 0 0.8rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.4rem 2rem; margin: 0; }
.facts div { min-width: 8rem; }
.facts dt { color: var(--muted); font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; }
.facts dd { margin: 0; }
main { padding: 1.5rem 2rem 3rem; display: grid; gap: 1.5rem; max-width: 110rem; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1.2rem 1.4rem; overflow-x: auto; }
.summary { display: grid; grid-template-columns: minmax(16rem, 1fr) minmax(18rem, 1.3fr); gap: 1.5rem; align-items: start; }
@media (max-width: 60rem) { .summary { grid-template-columns: 1fr; } main, header.top { padding-left: 1rem; padding-right: 1rem; } }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); gap: 0.8rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 0.9rem; }
.card .n { font-size: 1.8rem; font-weight: 650; line-height: 1.1; }
.card .l { color: var(--muted); font-size: 0.8rem; }
.card.alert .n { color: var(--high); }
.chart svg { width: 100%; height: auto; max-width: 36rem; display: block; }
.chart text { fill: var(--text); font-size: 12px; }
.chart .bar { cursor: pointer; }
.chart .bar:hover rect.fill { opacity: 0.8; }
.verdict { margin: 0.8rem 0 0; font-weight: 600; }
.notices { border-left: 4px solid var(--medium); }
.notices ul { margin: 0; padding-left: 1.2rem; }
.notices li.error { color: var(--high); }
.filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: center; margin-bottom: 0.8rem; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 0.6rem; flex-wrap: wrap; }
.filters label { white-space: nowrap; }
.filters input[type=search], .filters select { font: inherit; padding: 0.25rem 0.5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--text); }
.filters input[type=search] { min-width: 16rem; }
html:not(.js) .js-only { display: none; }
.count { color: var(--muted); margin: 0 0 0.5rem; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em; white-space: nowrap; }
tbody tr:hover { background: var(--bg); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td .mono { white-space: nowrap; }
.sev { display: inline-block; min-width: 5.4rem; text-align: center; border-radius: 999px; padding: 0.05rem 0.55rem; color: #fff; font-size: 0.78rem; font-weight: 600; text-transform: capitalize; }
.sev.critical { background: var(--critical); } .sev.high { background: var(--high); } .sev.medium { background: var(--medium); }
.sev.low { background: var(--low); } .sev.negligible { background: var(--negligible); } .sev.unknown { background: var(--unknown); color: #1d2330; }
.kev { display: inline-block; background: var(--critical); color: #fff; border-radius: 4px; padding: 0 0.35rem; font-size: 0.72rem; font-weight: 700; margin-left: 0.3rem; }
.aliases, .muted { color: var(--muted); font-size: 0.85rem; }
.fixed { color: #1f8a4c; font-weight: 600; }
@media (prefers-color-scheme: dark) { .fixed { color: #5fd08e; } }
details > summary { cursor: pointer; }
td details > summary { list-style: none; }
td details > summary::-webkit-details-marker { display: none; }
td details[open] > summary { font-weight: 600; }
td details dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0.5rem 0 0.3rem; font-size: 0.85rem; }
td details dt { color: var(--muted); }
td details dd { margin: 0; word-break: break-word; }
.layers { display: grid; gap: 0.8rem; }
.layer { border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 0.9rem; }
.layer-head { display: flex; gap: 0.8rem; align-items: baseline; flex-wrap: wrap; }
.layer-head .idx { font-weight: 700; }
.layer .cmd { display: block; margin: 0.3rem 0; white-space: pre-wrap; }
.stack { display: flex; height: 0.6rem; border-radius: 4px; overflow: hidden; background: var(--line); margin: 0.4rem 0; max-width: 32rem; }
.stack span { display: block; height: 100%; }
.stack .critical { background: var(--critical); } .stack .high { background: var(--high); } .stack .medium { background: var(--medium); }
.stack .low { background: var(--low); } .stack .negligible { background: var(--negligible); } .stack .unknown { background: var(--unknown); }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 0.8rem; padding: 0 2rem 2rem; }
@media print {
  body { background: #fff; } .js-only, .filters { display: none !important; } section.panel { break-inside: avoid; border-color: #ccc; }
  details { display: block; } details > * { display: block; }
}
`;
