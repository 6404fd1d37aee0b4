import { describe, expect, it } from 'vitest';
import { sidebarStyles } from '@/components/sidebar/styles';
import { compactCss, compactCssLiterals } from '../../../scripts/compact-css.mjs';

/**
 * The rules as this test environment's CSS parser reads them — selector and declarations, in order —
 * with the spacing around `,` and `>` evened out (the parser keeps it as written in selectors and in
 * custom properties' values, where it means nothing), and after a media feature's colon.
 */
function rules(css: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  const out: string[] = [];
  const walk = (list: CSSRuleList) => {
    for (const rule of Array.from(list)) {
      if ('cssRules' in rule && (rule as CSSGroupingRule).cssRules.length > 0) walk((rule as CSSGroupingRule).cssRules);
      out.push(rule.cssText.replace(/\{[\s\S]*$/, '').trim() + ' ' + ((rule as CSSStyleRule).style?.cssText ?? ''));
    }
  };
  walk(sheet.cssRules);
  return out.map((rule) => rule.replace(/\s*([,>])\s*/g, '$1').replace(/\(([\w-]+):\s*/g, '($1: '));
}

describe('compactCss (the sidebar CSS in the built sidebar script)', () => {
  it('drops comments and the whitespace that separates nothing', () => {
    expect(compactCss('/* note */\n.a > .b ,\n.c {\n  color: red ;\n  margin: 0 auto;\n}\n')).toBe('.a>.b,.c{color:red;margin:0 auto}');
  });

  it('keeps the space before a colon: ".a :focus" is a descendant, ".a:focus" is not', () => {
    expect(compactCss('.pl-root :focus-visible { outline: 2px solid; }')).toBe('.pl-root :focus-visible{outline:2px solid}');
    expect(compactCss('@media (max-width: 490px) and (prefers-reduced-motion: reduce) { .a { b: c } }')).toBe('@media (max-width:490px) and (prefers-reduced-motion:reduce){.a{b:c}}');
  });

  it('leaves the sidebar’s rules as they were, and shrinks them', () => {
    const compacted = compactCss(sidebarStyles);
    expect(rules(compacted)).toEqual(rules(sidebarStyles));
    expect(rules(compacted).length).toBeGreaterThan(50);
    expect(compacted.length).toBeLessThan(sidebarStyles.length * 0.9);
  });

  it('compacts only the template literal of the matched file, substitutions untouched', () => {
    const plugin = compactCssLiterals(/styles\.ts$/) as { transform(code: string, id: string): { code: string } | null };
    const code = 'export const W = 3;\nexport const css = `\n.a {\n  width: ${W}px;\n}\n`;\n';
    expect(plugin.transform(code, '/x/styles.ts')?.code).toBe('export const W = 3;\nexport const css = `.a{width:${W}px}`;\n');
    expect(plugin.transform(code, '/x/other.ts')).toBeNull();
  });
});
