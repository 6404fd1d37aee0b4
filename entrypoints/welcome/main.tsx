import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/onboarding/welcome.css';
import { Welcome } from '@/components/onboarding/Welcome';
import { setPageLanguage } from '@/components/options/page-language';
import { clock } from '@/lib/clock';
import { thenTellBackground } from '@/lib/data/changed';

const loadDemoData = (signal: AbortSignal) => thenTellBackground(import('@/lib/demo').then((demo) => demo.loadDemoData({ now: clock.now(), signal })));

setPageLanguage('welcome_title');
render(<Welcome loadDemoData={loadDemoData} />, document.getElementById('app')!);
