/** Parses "45s", "5m", "1h", "1500ms" (and "1m30s") into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) return null;
  let total = 0;
  for (const [, num, unit] of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    total += Number(num) * factor;
  }
  return Math.round(total);
}

/** "41 s", "2 m 05 s": how a person reads an elapsed time. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  return `${m} m ${String(whole - m * 60).padStart(2, '0')} s`;
}
