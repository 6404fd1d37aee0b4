import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { SUPPORTED_SITE_MATCHES } from './lib/sites';
import { compactCssLiterals } from './scripts/compact-css.mjs';

const TEST_WAITS = process.env.PROSPECT_LENS_TEST_WAITS === '1';

// One manifest for Chrome/Edge and Firefox, both Manifest V3 (see README "Firefox").
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  vite: () => ({
    // The sidebar's CSS rides in the sidebar script: compacted at build time (scripts/compact-css.mjs).
    plugins: [preact(), compactCssLiterals(/components\/sidebar\/styles\.ts$/)],
    // The e2e test build's shortened waits (lib/test-waits.ts): true only when PROSPECT_LENS_TEST_WAITS=1
    // is set for the build, which only scripts/test.mjs and the e2e global setup do. A production build
    // gets false, and the shortened branch is dropped as dead code (scripts/check-test-waits.mjs).
    define: { __PROSPECT_LENS_TEST_WAITS__: JSON.stringify(TEST_WAITS) },
    build: {
      target: 'es2022',
      rollupOptions: {
        // zod's sources carry comments Rollup cannot place; they are harmless and drown real warnings.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION') return;
          warn(warning);
        },
      },
    },
  }),
  // The store's sources archive needs what builds the extension, not the test pages and screenshots.
  zip: { excludeSources: ['tests/**', 'bench/**', 'demo/**', 'docs/screenshots/**'] },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'contextMenus',
      'notifications',
      'scripting',
      // Salesforce's Connect (OAuth with PKCE) runs in the browser's auth window. No install warning,
      // and no access to anything by itself: the window shows the rep where they sign in.
      'identity',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    host_permissions: [...SUPPORTED_SITE_MATCHES],
    // CRM and webhook origins are asked for at run time, from the options page.
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_commandLog__',
      },
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+P' },
        description: '__MSG_commandToggleSidebar__',
      },
      'open-side-panel': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandSidePanel__',
      },
      // The fourth and last slot Chrome gives suggested keys (docs/architecture.md, "Log this email").
      'log-email': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: '__MSG_commandLogEmail__',
      },
    },
    browser_specific_settings: {
      gecko: {
        id: 'prospect-lens@prospect-lens.dev',
        // data_collection_permissions needs Firefox 140 (desktop) and 142 (Android).
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      // No context menus, commands or sidebar there: the background runs without them (docs/firefox.md).
      gecko_android: { strict_min_version: '142.0' },
    },
  }),
});
