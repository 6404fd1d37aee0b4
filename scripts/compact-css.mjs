/**
 * The sidebar's CSS travels inside the sidebar script (components/sidebar/styles.ts), which counts
 * toward the content script's size budget; Vite minifies CSS files but not CSS in a template literal.
 * This build-only step removes what the browser ignores — comments and whitespace that separates
 * nothing — from that literal, leaving `${…}` substitutions alone. Only whitespace a selector cannot
 * depend on goes: never the space before `:` (`.a :focus` is not `.a:focus`).
 */

/** CSS text without comments and with the whitespace around `{ } ; , >` and after `:` removed. */
export function compactCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** A Vite plugin compacting the template literal `export const <name> = \`…\`` in the files `test` matches. */
export function compactCssLiterals(test) {
  return {
    name: 'prospect-lens:compact-css',
    apply: 'build',
    transform(code, id) {
      if (!test.test(id)) return null;
      const compacted = code.replace(/(export const \w+ = `)([^`]*)(`)/g, (_, open, body, close) => {
        // Compact the text between substitutions; the substitutions themselves stay as written.
        const parts = body.split(/(\$\{[^}]*\})/);
        return open + parts.map((part) => (part.startsWith('${') ? part : compactCss(part))).join('') + close;
      });
      return { code: compacted, map: null };
    },
  };
}
