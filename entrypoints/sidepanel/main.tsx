import { render } from 'preact';
import { setPageLanguage } from '@/components/options/page-language';
import { sidebarStyles } from '@/components/sidebar/styles';
import { App } from './app';

const style = document.createElement('style');
style.textContent = sidebarStyles;
document.head.append(style);

// `?tab=<id>`: the tab this panel belongs to. Anything that is not a tab id is ignored.
const tab = new URLSearchParams(location.search).get('tab');
const requestedTabId = tab !== null && /^\d+$/.test(tab) ? Number(tab) : undefined;

setPageLanguage('extName');
render(<App requestedTabId={requestedTabId} />, document.getElementById('app')!);
