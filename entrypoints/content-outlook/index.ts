/**
 * The content script on Outlook pages (lib/content/main.ts does the work), with the open-message reader
 * of "Log this email". An unlisted script, registered at run time for the site when the rep has it on
 * (lib/background/registration.ts): WXT wraps unlisted scripts without its ContentScriptContext, whose
 * start-up handshake talks to the page; lib/content/page-context.ts is the quiet replacement.
 * `globalName: false` keeps the bundle from declaring a global of its own.
 */
import { emailLogger } from '@/lib/content/log-email';
import { runContentScript } from '@/lib/content/main';
import { detectOutlook, OUTLOOK } from '@/lib/detect/outlook';
import { detectOn } from '@/lib/detect/scan';

export default defineUnlistedScript({
  globalName: false,
  main() {
    void runContentScript({
      site: 'outlook',
      detect: detectOn({ outlook: { adapter: detectOutlook, finders: OUTLOOK } }),
      logger: (document, send) => emailLogger('outlook', document, send),
    });
  },
});
