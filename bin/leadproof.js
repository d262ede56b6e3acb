#!/usr/bin/env node
// leadproof is written in TypeScript and runs through tsx, which also loads users' *.scenario.ts
// and leadproof.config.ts files, so there is no build step between editing and running.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Registered after tsx so it runs first: user files outside this package see `leadproof`.
registerHooks('../src/scenario/loader-hooks.mjs', import.meta.url);
await import('../src/cli/main.ts');
