import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/onboarding/welcome.css';
import { Welcome } from '@/components/onboarding/Welcome';
import { clock } from '@/lib/clock';

const loadDemoData = async () => (await import('@/lib/demo')).loadDemoData({ now: clock.now() });

render(<Welcome loadDemoData={loadDemoData} />, document.getElementById('app')!);
