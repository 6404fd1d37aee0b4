import '@/lib/model/zod';
import { render } from 'preact';
import '@/components/options/base.css';
import '@/components/feedback/feedback.css';
import { FeedbackApp, type FeedbackServices } from '@/components/feedback/FeedbackApp';
import { downloadBlob } from '@/components/options/download';
import { setPageLanguage } from '@/components/options/page-language';
import { clock } from '@/lib/clock';
import { loadFeedback, loadRemoteFeedback } from '@/lib/feedback';

const services: FeedbackServices = { load: loadFeedback, loadRemote: loadRemoteFeedback, save: downloadBlob, now: () => clock.now() };

setPageLanguage('feedback_documentTitle');
render(<FeedbackApp services={services} />, document.getElementById('app')!);
