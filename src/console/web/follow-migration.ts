import { useEffect, useState } from 'preact/hooks';
import type { MigrationDetail } from '../api-types';
import { consoleApi } from './console-api';

const FOLLOW_MS = 1000;

/**
 * A migration as the server has it, read again every second while it is in flight and left
 * alone once it has finished (a finished migration never changes).
 */
export function useMigration(id: string | undefined, initial?: MigrationDetail) {
  const [detail, setDetail] = useState<MigrationDetail | undefined>(initial);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    setDetail(initial?.migration.id === id ? initial : undefined);
    setError(undefined);
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await consoleApi.migration(id);
        if (stopped) return;
        setDetail(next);
        if (next.migration.status === 'in-flight') timer = setTimeout(load, FOLLOW_MS);
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
    };
    if (initial?.migration.id === id && initial.migration.status !== 'in-flight') return;
    if (initial?.migration.id === id) timer = setTimeout(load, FOLLOW_MS);
    else void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // Only the id starts it over: `initial` is where it starts from.
  }, [id]);

  return { detail, error };
}
