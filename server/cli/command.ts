// The shape of a CLI command module.
import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './main.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the process exit code. */
  run(ctx: CliContext): Promise<number>;
}
