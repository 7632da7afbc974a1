import { parentPort } from 'node:worker_threads';
import { planMigration, type MigrationPlan, type PrecopyParams } from '../engine';

/**
 * The simulator's worker thread (see simulations.ts): plans one migration per message with the
 * engine, off the server's event loop, and answers with the plan or the engine's refusal.
 */
export interface SimulationJob {
  id: number;
  precopy: PrecopyParams;
}

export type SimulationAnswer =
  { id: number; plan: MigrationPlan } | { id: number; refused: string };

parentPort?.on('message', (job: SimulationJob) => {
  let answer: SimulationAnswer;
  try {
    answer = { id: job.id, plan: planMigration({ precopy: job.precopy, startedAt: 0 }) };
  } catch (error) {
    // The engine refuses what it cannot simulate with a RangeError; anything else is a crash.
    if (!(error instanceof RangeError)) throw error;
    answer = { id: job.id, refused: error.message };
  }
  parentPort!.postMessage(answer);
});
