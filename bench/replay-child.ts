/**
 * The replay bench's process (bench/run.ts starts it): it stands in for `leadproof run --replay`,
 * so it applies the CLI's heap policy (src/cli/heap.ts) first and carries every module the CLI
 * loads (both CRM SDKs, every command), and the RSS it reports includes the CLI's fixed cost.
 * Nothing browser-side loads here: the captures run in bench/capture-child.ts, as a real run's
 * browser phase runs in Playwright's processes.
 */
import { applyHarnessHeapPolicy } from '../src/cli/heap.js';
import { serveChild } from '../src/forms/child.js';

applyHarnessHeapPolicy();
await import('../src/cli/commands/index.js');
const { replayBench } = await import('./replay.js');
await serveChild(({ n, pacedLeads }: { n: number; pacedLeads: number }) => replayBench(n, pacedLeads));
