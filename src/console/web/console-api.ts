import {
  API_PREFIX,
  type BotInfo,
  type FleetSnapshot,
  type LambdaCall,
  type MigrationDetail,
  type SimulationResult,
} from '../api-types';

/** The console's own JSON API (fleet, migrations, simulator, Lambda calls of a turn). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${API_PREFIX}${path}`, init);
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, body.message ?? `HTTP ${response.status}`);
  return body as T;
}

const part = encodeURIComponent;

export const consoleApi = {
  bot: () => call<BotInfo>('/bot'),
  fleet: () => call<FleetSnapshot>('/fleet'),
  resetFleet: () =>
    call<FleetSnapshot>('/fleet/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  migration: (id: string) => call<MigrationDetail>(`/migrations/${part(id)}`),
  latestMigrationOf: async (vmId: string): Promise<MigrationDetail | undefined> =>
    (await call<{ migrations: MigrationDetail[] }>(`/vms/${part(vmId)}/migrations?limit=1`))
      .migrations[0],
  simulate: (params: Record<string, string>) =>
    call<SimulationResult>(`/simulate?${new URLSearchParams(params).toString()}`),
  lambdaCalls: async (sessionId: string, requestId: string): Promise<LambdaCall[]> =>
    (
      await call<{ calls: LambdaCall[] }>(
        `/sessions/${part(sessionId)}/turns/${part(requestId)}/lambda-calls`,
      )
    ).calls,
  fleetEventsUrl: `${API_PREFIX}/fleet/events`,
};
