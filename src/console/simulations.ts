import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { MigrationPlan, PrecopyParams } from '../engine';
import type { SimulationAnswer, SimulationJob } from './simulation-worker';

/**
 * The console's simulations, off the server's event loop: one worker thread runs them one at a
 * time, so that a simulation that takes seconds (a 256 GiB VM dirtying faster than its link) holds
 * up no chat turn and no other request. Each has a time limit, measured from when the worker takes
 * it (past it the worker is ended and the next one started) and a memory limit; a few wait their
 * turn, and more are refused at once. A simulation whose client went away is dropped, or stopped.
 *
 * The worker's code is simulation-worker.ts bundled with the engine by esbuild in memory on
 * first use (as the page is), so the thread runs the same way under tsx, vitest or anything else
 * that loads this module, with no loader of its own.
 */
export const SIMULATION_LIMITS = {
  /** Wall-clock time for one simulation in the worker (a worker does nothing else meanwhile). */
  timeLimitMs: 5_000,
  /** Simulations waiting while one runs; one more is refused (503). */
  maxWaiting: 4,
  /** The worker's heap (V8's old generation). */
  maxMemoryMiB: 256,
};
export type SimulationLimits = typeof SIMULATION_LIMITS;

/** Why a simulation was not run or not finished, with the HTTP status that says it. */
export class SimulationError extends Error {
  constructor(
    readonly status: 400 | 422 | 500 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface Simulator {
  /** The plan `planMigration` makes of these parameters (started at 0). */
  plan(precopy: PrecopyParams, signal?: AbortSignal): Promise<MigrationPlan>;
  /** Ends the worker; simulations waiting or running are refused. */
  close(): void;
}

interface Job {
  readonly id: number;
  readonly precopy: PrecopyParams;
  resolve(plan: MigrationPlan): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

let workerCode: Promise<string> | undefined;

function loadWorkerCode(): Promise<string> {
  workerCode ??= build({
    entryPoints: [fileURLToPath(new URL('./simulation-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  })
    .then((result) => result.outputFiles[0]!.text)
    .catch((error: unknown) => {
      workerCode = undefined; // a later simulation tries again
      throw error;
    });
  return workerCode;
}

export function createSimulator(limits: Partial<SimulationLimits> = {}): Simulator {
  const { timeLimitMs, maxWaiting, maxMemoryMiB } = { ...SIMULATION_LIMITS, ...limits };
  const waiting: Job[] = [];
  let running: Job | undefined;
  let worker: Worker | undefined;
  let nextId = 1;
  let closed = false;

  const stopWorker = () => {
    const w = worker;
    worker = undefined;
    void w?.terminate();
  };

  /** The running job ends (answered, refused, over its limit or abandoned); the next one starts. */
  const finish = (job: Job, outcome: MigrationPlan | Error) => {
    if (running !== job) return;
    clearTimeout(job.timer);
    running = undefined;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
    startNext();
  };

  const startWorker = (code: string): Worker => {
    const w = new Worker(code, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMiB },
    });
    w.unref();
    w.on('message', (answer: SimulationAnswer) => {
      if (!running || answer.id !== running.id) return;
      finish(running, 'plan' in answer ? answer.plan : new SimulationError(400, answer.refused));
    });
    w.on('error', (error: Error & { code?: string }) => {
      if (worker === w) worker = undefined;
      if (!running) return;
      finish(
        running,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SimulationError(
              422,
              `This simulation needs more than ${maxMemoryMiB} MiB of memory, the console's limit for one simulation; vmbot simulate has none.`,
            )
          : new SimulationError(500, `The simulator failed: ${error.message}`),
      );
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
    });
    return w;
  };

  const startNext = () => {
    if (running || closed) return;
    const job = waiting.shift();
    if (!job) return;
    running = job;
    void loadWorkerCode().then(
      (code) => {
        if (running !== job) return; // abandoned while the code was built
        worker ??= startWorker(code);
        job.timer = setTimeout(() => {
          stopWorker();
          finish(
            job,
            new SimulationError(
              422,
              `This simulation needs more than ${timeLimitMs / 1000} s of computing, the console's limit for one simulation; vmbot simulate has none.`,
            ),
          );
        }, timeLimitMs);
        job.timer.unref();
        const message: SimulationJob = { id: job.id, precopy: job.precopy };
        worker.postMessage(message);
      },
      (error: unknown) =>
        finish(job, new SimulationError(500, `The simulator could not start: ${String(error)}`)),
    );
  };

  return {
    plan(precopy, signal) {
      if (closed) return Promise.reject(new SimulationError(503, 'The simulator is closed.'));
      if (signal?.aborted) return Promise.reject(new SimulationError(503, 'The client went away.'));
      if (running && waiting.length >= maxWaiting) {
        return Promise.reject(
          new SimulationError(
            503,
            `The simulator is busy: one simulation is running and ${waiting.length} are waiting. Try again in a few seconds.`,
          ),
        );
      }
      return new Promise<MigrationPlan>((resolve, reject) => {
        const job: Job = { id: nextId++, precopy, resolve, reject };
        signal?.addEventListener(
          'abort',
          () => {
            const gone = new SimulationError(503, 'The client went away.');
            const at = waiting.indexOf(job);
            if (at >= 0) {
              waiting.splice(at, 1);
              reject(gone);
            } else if (running === job) {
              stopWorker(); // nobody wants the answer: free the thread for the next
              finish(job, gone);
            }
          },
          { once: true },
        );
        waiting.push(job);
        startNext();
      });
    },
    close() {
      closed = true;
      const closedError = new SimulationError(503, 'The simulator is closed.');
      for (const job of waiting.splice(0)) job.reject(closedError);
      if (running) {
        clearTimeout(running.timer);
        running.reject(closedError);
        running = undefined;
      }
      stopWorker();
    },
  };
}
