/**
 * Whether the parts of a shared DynamoDB Local are still there: the vmbot process that owns it
 * (by pid) and the Java behind its endpoint (by asking it).
 */

export const POLL_MS = 100;

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Any HTTP answer means DynamoDB Local is up (it rejects this unsigned request with 400). */
export async function probe(endpoint: string): Promise<'serving' | 'refused' | 'silent'> {
  try {
    const res = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return 'serving';
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'refused' : 'silent';
  }
}

/** Waits until nothing answers at that endpoint any more (or the time is up). */
export async function refusedWithin(endpoint: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && (await probe(endpoint)) !== 'refused') await sleep(POLL_MS);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
