import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeContext, type StoreOptions } from '../workflows/context';
import { TableFleetStore } from '../workflows/fleet-store';
import { DynamoTable } from './table';

export interface DynamoFleetStoreOptions extends StoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

/**
 * The FleetStore on one DynamoDB table (see table/keys.ts for the key design). Long-lived (one
 * per Lambda container); each request works on its own `unitOfWork()`.
 */
export class DynamoFleetStore extends TableFleetStore {
  constructor({ client, tableName, ...options }: DynamoFleetStoreOptions) {
    super(storeContext(new DynamoTable(client, tableName), options));
  }
}
