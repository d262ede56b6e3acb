import type { Command } from 'commander';
import { registerRun } from './run.js';
import { registerPreflight } from './preflight.js';
import { registerFlush } from './flush.js';
import { registerSandbox } from './sandbox.js';
import { registerKeygen } from './keygen.js';
import { registerSign } from './sign.js';
import { registerSignOff } from './sign-off.js';
import { registerAttest } from './attest.js';
import { registerVerify } from './verify.js';
import { registerMerge } from './merge.js';
import { registerQueueWatch } from './queue-watch.js';
import { registerMonitor } from './monitor.js';
import { registerHistory } from './history.js';
import { registerInit } from './init.js';
import { registerLint } from './lint.js';
import { registerCampaigns } from './campaigns.js';
import { registerDocs } from './docs.js';
import { registerDiff } from './diff.js';
import { registerBaselineSources } from './baseline-sources.js';

/** Each command file exports a function that adds itself to the program. Add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerRun,
  registerPreflight,
  registerFlush,
  registerSandbox,
  registerKeygen,
  registerSign,
  registerSignOff,
  registerAttest,
  registerVerify,
  registerMerge,
  registerQueueWatch,
  registerMonitor,
  registerHistory,
  registerInit,
  registerLint,
  registerCampaigns,
  registerDocs,
  registerDiff,
  registerBaselineSources,
];
