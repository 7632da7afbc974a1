/**
 * A vmbot process as far as DynamoDB Local is concerned: it acquires the endpoint for the folder
 * given, prints what it got as one line of JSON, and holds it until its stdin closes, as a
 * running vmbot would; then it releases it and exits.
 */
import { acquireDynamoEndpoint } from '../../../src/cli/backend/local-dynamo';

const acquired = await acquireDynamoEndpoint(process.argv[2]);
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, endpoint: acquired.endpoint, owned: acquired.owned })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void acquired.release().then(() => process.exit(0));
});
