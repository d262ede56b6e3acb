#!/usr/bin/env node
// leadproof is written in TypeScript and runs through tsx, which also loads users' *.scenario.ts
// and leadproof.config.ts files, so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
