import { describe } from 'vitest';
import { stackCase } from './stacks.js';

// Real leads parked in the fallback queue change no test lead's verdict: the shipped suite passes
// and leaves every record as it was; `queue-watch` is what catches this stack (queue-watch.test.ts).
describe.concurrent('planted faults: the default queue', () => {
  stackCase('parked-in-fallback.stack.yaml');
});
