/** Units of the model and their human renderings. */

export const PAGE_SIZE_BYTES = 4096;
export const MIB = 1024 * 1024;
export const PAGES_PER_MIB = MIB / PAGE_SIZE_BYTES; // 256

export const pagesToMiB = (pages: number): number => pages / PAGES_PER_MIB;
export const mibToPages = (mib: number): number => Math.round(mib * PAGES_PER_MIB);

/** Time to push `pages` through a link of `bandwidthMiBps`, in ms. */
export const transferMs = (pages: number, bandwidthMiBps: number): number =>
  (pagesToMiB(pages) / bandwidthMiBps) * 1000;

const trim = (n: number, digits: number): string =>
  n
    .toFixed(digits)
    .replace(/\.0+$/, '')
    .replace(/(\.\d*?)0+$/, '$1');

/** 512 → "512 MiB", 4096 → "4 GiB", 1536 → "1.5 GiB". */
export function formatMiB(mib: number): string {
  if (Math.abs(mib) >= 1024) return `${trim(mib / 1024, 1)} GiB`;
  if (Math.abs(mib) >= 10 || mib === 0) return `${trim(mib, 0)} MiB`;
  return `${trim(mib, 1)} MiB`;
}

/** 125 → "125 ms", 42625 → "42.6 s", 125000 → "2 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** Exact to the MiB tenth and the millisecond, for numbers people check by hand. */
export const preciseMiB = (mib: number): string => `${trim(mib, 1)} MiB`;
export const preciseSeconds = (ms: number): string => `${trim(ms / 1000, 3)} s`;
