import type { Plugin } from 'vite';

export function compactCss(css: string): string;
export function compactCssLiterals(test: RegExp): Plugin;
