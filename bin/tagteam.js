#!/usr/bin/env node
// `npx tagteam …`: the command-line tool. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
