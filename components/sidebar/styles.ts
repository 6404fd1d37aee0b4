/**
 * The sidebar's CSS, injected as text into the content script's shadow root and into the side panel
 * page. Each colour is a light-dark() pair: the browser picks by prefers-color-scheme, and a
 * `data-theme` attribute forces one scheme. Every text colour meets WCAG AA on its background.
 * It rides in the sidebar script (docs/architecture.md, "What the content script carries"), so it holds
 * nothing the supported browsers (Chrome and Firefox MV3) do without: `system-ui` needs no fallback
 * fonts, and there are no pseudo-elements or animations to reset.
 */
/** The unfolded overlay's width; webmail narrows its page by as much (lib/content/make-room.ts). */
export const SIDEBAR_WIDTH = 320;

export const sidebarStyles = `
:host { all: initial; }
.pl-root {
  color-scheme: light dark;
  --bg: light-dark(#ffffff, #1b1e23); --fg: light-dark(#1f2328, #e6e8eb); --muted: light-dark(#57606a, #a9b1bb);
  --line: light-dark(#d0d7de, #3a4049); --raised: light-dark(#f6f8fa, #252a31); --bone: light-dark(#e4e8ec, #313740);
  --accent: light-dark(#0b5cad, #7cb4ff); --focus: var(--accent); --error: light-dark(#b3261e, #ff8a80);
  --cold: light-dark(#1f6feb, #58a6ff); --warm: light-dark(#b35900, #e3a53c); --hot: light-dark(#cf222e, #ff6b6b);
  box-sizing: border-box; color: var(--fg); background: var(--bg);
  font: 13px/1.4 system-ui, sans-serif;
  text-align: start; overflow-wrap: break-word;
}
.pl-root[data-theme="light"] { color-scheme: light; }
.pl-root[data-theme="dark"] { color-scheme: dark; }
.pl-root * { box-sizing: inherit; }
.pl-root [hidden] { display: none !important; }
.pl-overlay {
  position: fixed; top: 0; right: 0; bottom: 0; z-index: 2147483646;
  width: ${SIDEBAR_WIDTH}px; max-width: 100vw; overflow-y: auto; border-left: 1px solid var(--line);
  box-shadow: -2px 0 8px rgb(0 0 0 / 0.08);
}
.pl-overlay[data-state="collapsed"] {
  top: 40%; bottom: auto; width: 28px; overflow: visible; border: 0; box-shadow: none; background: transparent;
}
.pl-panel { min-height: 100vh; }
/* Resets carry no specificity (:where) so every class below wins over them. */
.pl-root :where(h2, h3, h4, p, ul, dl, dd) { margin: 0; padding: 0; }
.pl-root :where(ul) { list-style: none; }
.pl-root a { color: var(--accent); }
.pl-root :focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; border-radius: 3px; }
.pl-sr {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.pl-muted { color: var(--muted); }
.pl-label { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
.pl-header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 6px 8px 6px 12px; border-bottom: 1px solid var(--line); background: var(--raised);
}
.pl-title { font-size: 13px; font-weight: 600; }
.pl-count { font-weight: 400; color: var(--muted); }
.pl-banner { padding: 6px 12px; background: var(--raised); border-bottom: 1px solid var(--line); }
.pl-empty { padding: 16px 12px; display: grid; gap: 4px; }
.pl-btn {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px;
  padding: 3px 8px; cursor: pointer; white-space: nowrap; flex-shrink: 0; transition: background-color 100ms;
}
.pl-btn:hover, .pl-toggle:hover, .pl-choice:hover, .pl-nodata-toggle:hover { background: var(--raised); }
.pl-btn-quiet { border-color: transparent; background: transparent; }
.pl-touches { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 4px 0; }
.pl-touches > div { display: contents; }
.pl-touches dt { color: var(--muted); }
.pl-touches dd { margin: 0; }
.pl-btn-primary { border-color: var(--accent); color: var(--accent); font-weight: 600; }
.pl-btn-small { padding: 1px 6px; font-size: 12px; }
.pl-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.pl-card { border-bottom: 1px solid var(--line); }
.pl-card-title { font-size: inherit; font-weight: inherit; }
.pl-toggle {
  all: unset; box-sizing: border-box; display: grid; grid-template-columns: auto 1fr; column-gap: 8px;
  width: 100%; padding: 8px 12px; cursor: pointer;
}
/* Full-width rows and the folded tab: the ring inside, where the overlay's edge cannot clip it. */
.pl-toggle:focus-visible, .pl-choice:focus-visible, .pl-nodata-toggle:focus-visible, .pl-tab:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
.pl-toggle .pl-heat { grid-row: 1 / span 2; align-self: start; }
.pl-name { font-weight: 600; }
.pl-sub { grid-column: 2; color: var(--muted); }
.pl-match { grid-column: 2; font-size: 12px; color: var(--muted); }
/* The verdict under the name, in the header's second column (the heat word's 4.5em and the gap before it). */
.pl-verdict {
  justify-self: start; width: max-content; max-width: calc(100% - 24px - 4.5em - 8px); margin: -4px 12px 8px calc(12px + 4.5em + 8px);
  padding: 0 6px; border: 1px solid var(--line); border-radius: 9px; font-size: 12px; font-weight: 600;
}
.pl-verdict[data-verdict="accepted"] { border-color: var(--accent); color: var(--accent); }
.pl-heat { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; color: var(--fg); min-width: 4.5em; }
.pl-dot { width: 9px; height: 9px; border-radius: 50%; border: 1px solid var(--muted); background: transparent; }
.pl-heat[data-value="cold"] .pl-dot { background: var(--cold); border-color: var(--cold); }
.pl-heat[data-value="warm"] .pl-dot { background: var(--warm); border-color: var(--warm); }
.pl-heat[data-value="hot"] .pl-dot { background: var(--hot); border-color: var(--hot); }
.pl-details { display: grid; gap: 8px; padding: 0 12px 12px; }
.pl-linkish { all: unset; color: var(--accent); text-decoration: underline; cursor: pointer; }
.pl-choices { margin-top: 4px; border: 1px solid var(--line); border-radius: 4px; }
.pl-choice {
  all: unset; box-sizing: border-box; display: grid; width: 100%; padding: 4px 8px; cursor: pointer;
}
.pl-confirm { display: grid; gap: 6px; margin-top: 4px; padding: 6px 8px; border: 1px solid var(--line); border-left: 3px solid var(--accent); border-radius: 4px; background: var(--raised); }
.pl-linked { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; font-size: 12px; }
.pl-undo { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 6px; }
.pl-own { display: grid; gap: 2px; }
.pl-nodata { border-bottom: 1px solid var(--line); }
.pl-nodata-toggle { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 8px 12px; cursor: pointer; color: var(--muted); }
.pl-show-all { justify-self: start; font-size: 12px; }
.pl-fold > summary { cursor: pointer; color: var(--accent); font-size: 12px; width: max-content; }
.pl-fold[open] > summary { margin-bottom: 2px; }
.pl-notices { display: grid; gap: 4px; }
.pl-notice {
  display: flex; justify-content: space-between; align-items: start; gap: 6px;
  padding: 4px 6px; border-left: 3px solid var(--error); background: var(--raised);
}
.pl-notice[data-state="stale"], .pl-notice[data-state="offline"] { border-left-color: var(--muted); }
.pl-metrics { display: grid; grid-template-columns: repeat(3, 1fr); border: 1px solid var(--line); border-radius: 4px; }
/* No min-width: 0 here, so a column widens for a long stage name ("Consideration") instead of splitting it. */
.pl-metrics > * { padding: 4px 6px; }
.pl-metrics > * + * { border-left: 1px solid var(--line); }
.pl-metrics dt { font-size: 11px; color: var(--muted); }
.pl-metrics dd { font-weight: 600; }
.pl-activity { display: grid; gap: 6px; }
.pl-trend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; color: var(--muted); }
.pl-spark { width: 120px; height: 20px; fill: var(--accent); }
.pl-spark-base { stroke: var(--line); stroke-width: 1; vector-effect: non-scaling-stroke; }
.pl-counts { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.pl-counts th, .pl-counts td { padding: 1px 8px 1px 0; text-align: end; font-weight: 400; }
.pl-counts th[scope="row"] { text-align: start; }
.pl-counts thead th { font-size: 11px; color: var(--muted); }
.pl-approx { text-decoration: none; color: var(--muted); }
.pl-note { font-size: 11px; color: var(--muted); }
.pl-section { display: grid; gap: 4px; }
.pl-day { font-size: 11px; color: var(--muted); margin-top: 2px; }
.pl-event, .pl-action { display: grid; grid-template-columns: 1.2em 1fr auto; gap: 4px; align-items: baseline; }
.pl-action button { grid-column: 2; justify-self: start; }
.pl-lanes { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px; align-items: start; }
.pl-icon { color: var(--muted); text-align: center; }
.pl-when { color: var(--muted); font-size: 12px; white-space: nowrap; }
.pl-sync[data-state="dead"], .pl-error-text { color: var(--error); }
.pl-hint-text { color: var(--muted); }
.pl-log-email { display: grid; gap: 4px; padding: 8px 12px; border-bottom: 1px solid var(--line); }
.pl-links { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.pl-skeleton { padding: 8px 12px 12px; display: grid; gap: 8px; }
.pl-skeleton .pl-card-title { display: grid; gap: 4px; }
.pl-bone { display: block; height: 0.9em; border-radius: 3px; background: var(--bone); }
.pl-bone-tall { height: 2.6em; margin: 4px; }
.pl-tab {
  all: unset; box-sizing: border-box; display: grid; justify-items: center; gap: 4px; width: 28px; padding: 8px 0;
  color: var(--fg); background: var(--raised); border: 1px solid var(--line); border-right: 0;
  border-radius: 6px 0 0 6px; cursor: pointer; font-size: 12px;
}
.pl-tab-heat { min-width: 0; justify-content: center; }
@media (prefers-reduced-motion: reduce) {
  .pl-root * { transition: none !important; }
}
`;
