export { createFulfillment, type FulfillmentDeps, type Log } from './fulfillment';
export { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
export { finishedReport } from './migration-report';
export { progressSentence } from './describe';
