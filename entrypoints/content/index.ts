import { SUPPORTED_SITE_MATCHES } from '@/lib/sites';

export default defineContentScript({
  matches: [...SUPPORTED_SITE_MATCHES],
  runAt: 'document_idle',
  main() {},
});
