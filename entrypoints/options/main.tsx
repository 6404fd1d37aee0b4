import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/options/options.css';
import type { ImportServices } from '@/components/options/ImportSection';
import { OptionsApp } from '@/components/options/OptionsApp';
import { clock } from '@/lib/clock';
import { importFile } from '@/lib/import';

// The demo set is only needed when asked for: load it on demand.
const services: ImportServices = {
  importFile,
  loadDemoData: async () => (await import('@/lib/demo')).loadDemoData({ now: clock.now() }),
  removeDemoData: async () => (await import('@/lib/demo')).removeDemoData(),
};

render(<OptionsApp services={services} />, document.getElementById('app')!);
