/**
 * The one Lambda that Lex calls for every intent, at every dialog turn and at fulfillment.
 * Thin on purpose: it builds the store from the environment once per container (TABLE_NAME,
 * VMBOT_TIME_SCALE; AWS_ENDPOINT_URL_DYNAMODB locally), finds its session key (see
 * session-key.ts) and hands each event to the bot's
 * fulfillment logic, which never throws and works on a unit of work of its own per invocation
 * (each record read once per event, nothing cached from one event to the next), within the
 * invocation's time limit: DynamoDB calls stop a little before the context's remaining time runs
 * out, so that the answer ("I can't tell whether it went through") still reaches Lex. Types come
 * from @types/aws-lambda as type-only imports (the npm package `aws-lambda` is an unrelated
 * legacy deploy tool).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
// The modules themselves, not the indexes: an index's other modules would load at init too.
import { createFulfillment } from '../src/intents/fulfillment';
import type { LexResponse } from '../src/lex';
import { createDynamo } from '../src/store/dynamo/client';
import { DynamoFleetStore } from '../src/store/dynamo/dynamo-store';
import { DEFAULT_TABLE_NAME } from '../src/store/dynamo/schema';
import { withDeadline } from '../src/store/dynamo/deadline';
import { sessionKeySource } from './session-key';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'vmbot' });

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
// Read at every request: the local CLI restarts a DynamoDB Local that died, maybe on another port.
const { client } = createDynamo(
  endpoint ? { endpoint: () => process.env.AWS_ENDPOINT_URL_DYNAMODB || endpoint } : {},
);
/** The handler's DynamoDB client: the local console counts each turn's requests on it. */
export const dynamo = client;
const timeScale = Number(process.env.VMBOT_TIME_SCALE || 1);

const fulfil = createFulfillment({
  store: new DynamoFleetStore({
    client,
    tableName: process.env.TABLE_NAME || DEFAULT_TABLE_NAME,
    timeScale: Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1,
  }),
  sessionKey: sessionKeySource(),
  log: {
    info: (message, extra) => logger.info(message, { ...extra }),
    warn: (message, extra) => logger.warn(message, { ...extra }),
    error: (message, extra) => logger.error(message, { ...extra }),
  },
});

/**
 * What the handler reads of its context: Lambda's, or the local runtime's, which also carries the
 * signal it aborts when it stops waiting (in AWS, Lambda ends the invocation itself).
 */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis'> &
  Partial<Omit<Context, 'getRemainingTimeInMillis'>> & { abortSignal?: AbortSignal };

/** Kept back from the remaining time to build and return the answer once DynamoDB is cut off. */
const ANSWER_MARGIN_MS = 500;

export const handler = async (event: unknown, context?: HandlerContext): Promise<LexResponse> => {
  if (!context) return fulfil(event);
  if (context.functionName) logger.addContext(context as Context);
  const remainingMs = context.getRemainingTimeInMillis();
  return withDeadline(
    {
      remainingMs: remainingMs - Math.min(ANSWER_MARGIN_MS, remainingMs / 2),
      signal: context.abortSignal,
    },
    () => fulfil(event),
  );
};
