import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../../src/store/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Starts DynamoDB Local once per run, in memory on a free port; always stops it. */
export default async function setup(project: TestProject) {
  const local = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', local.endpoint);
  return async () => {
    await local.stop();
  };
}
