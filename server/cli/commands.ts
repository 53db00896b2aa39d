// Every CLI command, in the order `tagteam help` lists them.
import type { Command } from './command.ts';
import { userCommand } from './user.command.ts';
import { projectCommand } from './project.command.ts';
import { importCommand } from './import.command.ts';
import { statusCommand } from './status.command.ts';
import { exportCommand } from './export.command.ts';

export const COMMANDS: Command[] = [userCommand, projectCommand, importCommand, exportCommand, statusCommand];
