import type { Command } from 'commander';
import { registerSandbox } from './sandbox.js';
import { registerKeygen } from './keygen.js';
import { registerSignOff } from './sign-off.js';
import { registerVerify } from './verify.js';
import { registerMerge } from './merge.js';

/** Each command file exports a function that adds itself to the program. Add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerSandbox,
  registerKeygen,
  registerSignOff,
  registerVerify,
  registerMerge,
];
