// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const css = readFileSync('components/options/base.css', 'utf8');
const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
const light = css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)'));

/** The colour a `var(--name)` stands for in one scheme's block. */
function colour(block: string, name: string): string {
  const found = block.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`));
  if (!found) throw new Error(`--${name} is not a #rrggbb colour in this scheme`);
  return found[1]!;
}

describe('base.css: a text field can be seen (WCAG 1.4.11, non-text contrast 3:1)', () => {
  it("the border of input, select and textarea stands out 3:1 from the field and from the page, light and dark", () => {
    // The rule that draws the fields: the variables its border and background use, whatever they are called.
    const rule = css.match(/\ninput, select, textarea \{([^}]*)\}/)![1]!;
    const border = rule.match(/border: 1px solid var\(--([\w-]+)\)/)![1]!;
    const background = rule.match(/background: var\(--([\w-]+)\)/)![1]!;
    for (const [scheme, block] of [['light', light], ['dark', dark]] as const) {
      // The field's own fill and the two page backgrounds it sits on (the page, a surface panel).
      for (const behind of new Set([background, 'bg', 'surface'])) {
        const ratio = contrast(colour(block, border), colour(block, behind));
        expect(ratio, `${scheme}: --${border} on --${behind} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
