export { feedbackCsv, feedbackFileName, FEEDBACK_COLUMNS } from './csv';
export { loadFeedback } from './load';
export { daysBetween, feedbackRow, type FeedbackRow, isFeedback, type Verdict, verdictOf } from './rows';
export { type CampaignSummary, type DateRange, dayRange, inRange, median, summarise, type TouchSide, touchOf } from './summary';
export { loadRemoteFeedback, mergeFeedback, type RemoteFeedbackLoad, type RemoteNotice, remoteRow, remoteRows } from './remote';
