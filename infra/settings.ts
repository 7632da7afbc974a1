import type { Node } from 'constructs';

/** What may differ between deployments, read from CDK context (`cdk deploy -c key=value`). */
export interface DeploymentSettings {
  /** `retain` (default) keeps the table and its data when the stack is destroyed. */
  readonly tableRemoval: 'retain' | 'destroy';
  /** Simulated time runs this many times faster than real time (VMBOT_TIME_SCALE). */
  readonly timeScale: number;
}

export const DEFAULT_SETTINGS: DeploymentSettings = { tableRemoval: 'retain', timeScale: 1 };

export function readDeploymentSettings(node: Node): DeploymentSettings {
  return {
    tableRemoval: readRemoval(node.tryGetContext('removalPolicy')),
    timeScale: readTimeScale(node.tryGetContext('timeScale')),
  };
}

function readRemoval(raw: unknown): DeploymentSettings['tableRemoval'] {
  if (raw === undefined) return DEFAULT_SETTINGS.tableRemoval;
  if (raw === 'retain' || raw === 'destroy') return raw;
  throw new Error(
    `Context removalPolicy must be "retain" or "destroy", got ${JSON.stringify(raw)}.`,
  );
}

function readTimeScale(raw: unknown): number {
  if (raw === undefined) return DEFAULT_SETTINGS.timeScale;
  // From the command line every context value is a string.
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new Error(`Context timeScale must be a positive number, got ${JSON.stringify(raw)}.`);
  }
  return n;
}
