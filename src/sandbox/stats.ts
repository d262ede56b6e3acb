/**
 * Request counters for the close note's figures and for tests. Never an input to verdicts: the
 * harness proves things through the CRM APIs only.
 */
export class SandboxStats {
  private readonly counters = new Map<string, number>();

  count(key: string, by = 1): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters].sort(([a], [b]) => a.localeCompare(b)));
  }
}
