/**
 * The content script on LinkedIn pages (lib/content/main.ts does the work). An unlisted script, registered
 * at run time for the site when the rep has it on (lib/background/registration.ts): WXT wraps unlisted
 * scripts without its ContentScriptContext, whose start-up handshake talks to the page;
 * lib/content/page-context.ts is the quiet replacement. `globalName: false` keeps the bundle from
 * declaring a global of its own.
 */
import { runContentScript } from '@/lib/content/main';
import { detectLinkedIn, LINKEDIN } from '@/lib/detect/linkedin';
import { detectOn } from '@/lib/detect/scan';

export default defineUnlistedScript({
  globalName: false,
  main() {
    void runContentScript({ site: 'linkedin', detect: detectOn({ linkedin: { adapter: detectLinkedIn, finders: LINKEDIN } }) });
  },
});
