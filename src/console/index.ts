/** The local web console: the page, its JSON API and the Lambda call recorder behind Inspect. */
export { botInfo } from './bot-info';
export { createConsole } from './console';
export type { ConsoleOptions, WebConsole } from './console';
export { countDynamoRequests, recordLambdaCalls } from './lambda-calls';
export type { LambdaCallRecorder } from './lambda-calls';
export { buildPageAssets, pageBuildOptions } from './page-assets';
export type * from './api-types';
