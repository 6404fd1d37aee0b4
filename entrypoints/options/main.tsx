import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/options/options.css';
import type { ImportServices } from '@/components/options/ImportSection';
import { OptionsApp } from '@/components/options/OptionsApp';
import { setPageLanguage } from '@/components/options/page-language';
import { clock } from '@/lib/clock';
import { thenTellBackground } from '@/lib/data/changed';
import { importInWorker } from '@/lib/import';
import { startImportWorker } from '@/lib/import/worker-start';

// The demo set is only needed when asked for: load it on demand. Every write tells the background.
// A file is imported in a dedicated worker, so the page stays responsive (lib/import/in-worker.ts).
const services: ImportServices = {
  importFile: (file, options) => thenTellBackground(importInWorker(file, options, startImportWorker)),
  loadDemoData: (signal) => thenTellBackground(import('@/lib/demo').then((demo) => demo.loadDemoData({ now: clock.now(), signal }))),
  removeDemoData: () => thenTellBackground(import('@/lib/demo').then((demo) => demo.removeDemoData())),
};

setPageLanguage('options_title');
render(<OptionsApp services={services} />, document.getElementById('app')!);
