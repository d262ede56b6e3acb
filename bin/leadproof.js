#!/usr/bin/env node
// leadproof is written in TypeScript and runs through tsx, which also loads users' *.scenario.ts
// and leadproof.config.ts files, so there is no build step between editing and running.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Before the CLI's modules load: see src/cli/heap.ts (a volume run's RSS with V8's defaults is 2-4x its live heap).
(await import('../src/cli/heap.ts')).applyHarnessHeapPolicy();
// Registered after tsx so it runs first: user files outside this package see `leadproof`.
registerHooks('../src/scenario/loader-hooks.mjs', import.meta.url);
await import('../src/cli/main.ts');
