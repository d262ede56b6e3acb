import type { Command } from 'commander';

/** Each command file exports a function that adds itself to the program. Add new ones here. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
