import type { Command } from 'commander';
import { registerSandbox } from './sandbox.js';

/** Each command file exports a function that adds itself to the program. Add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerSandbox,
];
