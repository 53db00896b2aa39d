// `tagteam user create|passwd|list`: accounts from the command line.
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { colorFor } from '../services/colors.ts';
import { userBody } from '../http/schemas.ts';
import type { Command } from './command.ts';

export const userCommand: Command = {
  name: 'user',
  usage: 'user create <username> [--password P] [--display-name N] [--admin] | user passwd <username> [--password P] | user list',
  summary: 'create an account, set a password (generated and printed when not given), or list accounts',
  options: { password: { type: 'string' }, 'display-name': { type: 'string' }, admin: { type: 'boolean' } },
  async run({ store, args, options, out, err }) {
    const [action, username] = args;
    if (action === 'list') {
      for (const u of await store.users.list()) out(`${u.username}\t${u.displayName}${u.isAdmin ? '\t(admin)' : ''}`);
      return 0;
    }
    if (!username || (action !== 'create' && action !== 'passwd')) {
      err(`usage: tagteam ${userCommand.usage}`);
      return 2;
    }
    const password = typeof options.password === 'string' ? options.password : generatePassword();
    const checked = userBody.safeParse({ username, password });
    if (!checked.success) {
      err(checked.error.issues[0]?.message ?? 'invalid username or password');
      return 2;
    }
    if (action === 'create') {
      if (await store.users.byUsername(username)) {
        err(`the username "${username}" is taken`);
        return 1;
      }
      const display = typeof options['display-name'] === 'string' ? options['display-name'] : username;
      await store.users.create({ username, displayName: display, color: colorFor(username), passwordHash: await hashPassword(password), isAdmin: options.admin === true });
      out(`created ${username}${options.admin ? ' (admin)' : ''}${options.password ? '' : `, password: ${password}`}`);
      return 0;
    }
    const user = await store.users.byUsername(username);
    if (!user) {
      err(`no user "${username}"`);
      return 1;
    }
    await store.users.setPassword(user.id, await hashPassword(password));
    out(`password set for ${username}${options.password ? '' : `: ${password}`} (their sessions were signed out)`);
    return 0;
  },
};
