/** Helpers for the logging and sync end-to-end tests: `import { … } from './helpers/sync';` */
export { type ActionList, listActions, logAction, request, syncNow } from './background';
export { DANA, openGmailThread } from './gmail';
export { configureDestination, destinationForm, type DestinationSetup, fillDestination } from './options';
export { countByState, type SettleOptions, stopWorkerMidRequest, waitUntilSettled } from './outbox';
export { actionRow, logFromPopup, openPopup, type PopupEntry } from './popup';
export { markedIds, stampArrivals, tally, waitForNthRequest } from './requests';
export { TEST_WAIT_DIVISOR, testWaitDivisor } from './waits';
