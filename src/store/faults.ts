/**
 * Fault injection for the crash tests: the store calls the hook at every point between two of
 * its writes. From the environment, VMBOT_FAULT_POINT=<point>[:<n>] makes the n-th time (default
 * the first) the process reaches that point announce itself on stderr and hang, so that the
 * test can kill it there with SIGKILL, as a crash would.
 */
export const FAULT_POINTS = [
  'start:before-write',
  'start:after-write',
  'advance:before-write',
  'advance:after-write',
  'create-vm:before-write',
  'create-vm:after-write',
  'delete-vm:before-write',
  'delete-vm:after-write',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];
export type FaultHook = (point: FaultPoint) => Promise<void>;

export const FAULT_ANNOUNCEMENT = 'VMBOT-FAULT-POINT';

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultHook | undefined {
  const spec = env.VMBOT_FAULT_POINT;
  if (!spec) return undefined;
  const [point, nth] = spec.split(/:(?=\d+$)/);
  let remaining = nth ? Number(nth) : 1;
  return async (reached) => {
    if (reached !== point || --remaining > 0) return;
    process.stderr.write(`${FAULT_ANNOUNCEMENT} ${reached}\n`);
    // Hang here until killed: the next write must not happen. The timer keeps the event loop
    // alive: with nothing pending, Node would exit (code 13) before the kill arrives.
    await new Promise(() => setInterval(() => {}, 60_000));
  };
}
