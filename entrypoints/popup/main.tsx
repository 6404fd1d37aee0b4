import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/popup/popup.css';
import { readParams } from '@/components/popup/context';
import { PopupApp } from '@/components/popup/PopupApp';
import { setPageLanguage } from '@/components/options/page-language';

setPageLanguage('extName');
render(<PopupApp params={readParams(location.search)} />, document.getElementById('app')!);
