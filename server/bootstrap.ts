// First run on an empty database: an admin account (password from TAGTEAM_ADMIN_PASSWORD, or
// generated and printed once) and, unless TAGTEAM_DEMO=0, a demo workspace to try things in.
import type { Store } from '../db/store.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { generatePassword, hashPassword } from './auth/passwords.ts';
import { colorFor } from './services/colors.ts';
import { createDemo } from './demo/demo.ts';

export async function bootstrap(store: Store, config: Config, log: Logger, print: (s: string) => void = console.log): Promise<void> {
  if ((await store.users.count()) > 0) return;
  const password = config.adminPassword ?? generatePassword();
  const admin = await store.users.create({
    username: 'admin',
    displayName: 'Administrator',
    color: colorFor('admin'),
    passwordHash: await hashPassword(password),
    isAdmin: true,
  });
  const lines = ['', 'Tagteam first run: created the admin account.', `  username: admin`, `  password: ${config.adminPassword ? '(from TAGTEAM_ADMIN_PASSWORD)' : password}`];
  if (config.demo) {
    const demo = await createDemo(store, admin.id);
    lines.push('', 'Demo workspace: two projects with a sample article; sign in as any of:');
    for (const u of demo.users) lines.push(`  ${u.username.padEnd(10)} password: ${u.password}   (${u.role})`);
  }
  lines.push('', 'These passwords are shown only now. Reset one with: npx tagteam user passwd <username>', '');
  print(lines.join('\n'));
  log.info({ demo: config.demo }, 'first run: admin created');
}
