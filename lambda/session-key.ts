import { readFileSync } from 'node:fs';
import { sessionKey, type SessionKey } from '../src/intents/trust/session-key';

/**
 * Where the handler's session key comes from (see src/intents/trust/): in AWS, the Secrets
 * Manager secret the stack creates (VMBOT_SESSION_KEY_SECRET: its ARN), fetched once per
 * container, on the first event; locally, the checkout's .vmbot/session-key
 * (VMBOT_SESSION_KEY_FILE, set by the vmbot CLI). Without either, undefined: the handler then
 * signs with a key of its own process, which no other process trusts.
 */
export function sessionKeySource(
  env: NodeJS.ProcessEnv = process.env,
): (() => Promise<SessionKey>) | undefined {
  const file = env.VMBOT_SESSION_KEY_FILE;
  if (file) return async () => sessionKey(readFileSync(file, 'utf8').trim());
  const secret = env.VMBOT_SESSION_KEY_SECRET;
  if (secret) return () => fromSecretsManager(secret);
  return undefined;
}

async function fromSecretsManager(secretId: string): Promise<SessionKey> {
  // Loaded on the first event that needs it: a chunk of its own in the bundle, not cold-start work.
  const { GetSecretValueCommand, SecretsManagerClient } =
    await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString) throw new Error(`secret ${secretId} has no string value`);
    return sessionKey(SecretString);
  } finally {
    client.destroy();
  }
}
