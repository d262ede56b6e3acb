/**
 * The shape of fixtures/stacks/expected-failures.yaml and how a run's failed scenarios are held
 * against it. Shared by the engine replay (fixtures-consistency.test.ts) and the CLI e2e tests.
 */

export interface ExpectedFailures {
  fault: string;
  /** Scenarios that must fail, whatever the order leads arrive in. */
  fail: string[];
  /**
   * A round-robin fault hits whichever leads the rotation hands to the faulty member: which ones
   * depends on arrival order (parallel workers), how many does not.
   */
  failSomeOf?: { count: number; of: string[] };
}

/** Every scenario name the entry mentions, so a typo in the YAML is caught. */
export function namedScenarios(e: ExpectedFailures): string[] {
  return [...e.fail, ...(e.failSomeOf?.of ?? [])];
}

/** How many scenarios a run against this stack must fail. */
export function expectedFailureCount(e: ExpectedFailures): number {
  return e.fail.length + (e.failSomeOf?.count ?? 0);
}

/**
 * The sorted failure list to compare `failed` with: `fail`, plus the `failSomeOf` members that
 * did fail when exactly `count` of them did — otherwise a placeholder, so the comparison shows
 * the mismatch.
 */
export function expectedFailuresFor(e: ExpectedFailures, failed: string[]): string[] {
  const some = e.failSomeOf;
  if (!some) return [...e.fail].sort();
  const hit = failed.filter((n) => some.of.includes(n));
  const part = hit.length === some.count ? hit : [`<${some.count} of: ${some.of.join(' | ')}>`];
  return [...e.fail, ...part].sort();
}
