import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/onboarding/demo-email.css';
import { DemoEmail } from '@/components/onboarding/DemoEmail';
import { setPageLanguage } from '@/components/options/page-language';
import { sidebarStyles } from '@/components/sidebar/styles';

const style = document.createElement('style');
style.textContent = sidebarStyles;
document.head.append(style);

setPageLanguage('demoEmail_documentTitle');
render(<DemoEmail />, document.getElementById('app')!);
