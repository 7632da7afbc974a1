export { createFulfillment, type FulfillmentDeps, type Log } from './fulfillment';
export { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
export { progressSentence } from './describe';
