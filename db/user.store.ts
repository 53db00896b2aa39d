// Users and login sessions. Session tokens are stored only as their SHA-256, so a copy of the
// database does not let anyone sign in.
import { createHash } from 'node:crypto';
import type { Sqlite } from './sqlite.ts';
import { newEntityId } from './ids.ts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  color: string;
  passwordHash: string;
  isAdmin: boolean;
}

type RawUser = { id: string; username: string; display_name: string; color: string; password_hash: string; is_admin: number };
const toUser = (r: RawUser): UserRow => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  color: r.color,
  passwordHash: r.password_hash,
  isAdmin: r.is_admin === 1,
});
/** What the sessions table keeps of a token (also how live sockets name their session). */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class UserStore {
  constructor(private readonly db: Sqlite) {}

  async count(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
  }

  async create(u: { username: string; displayName: string; color: string; passwordHash: string; isAdmin?: boolean }): Promise<UserRow> {
    const id = newEntityId('u');
    await this.db.transaction((tx) =>
      tx.run('INSERT INTO users (id, username, display_name, color, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        id,
        u.username,
        u.displayName,
        u.color,
        u.passwordHash,
        u.isAdmin ? 1 : 0,
        Date.now(),
      ]),
    );
    return { id, username: u.username, displayName: u.displayName, color: u.color, passwordHash: u.passwordHash, isAdmin: !!u.isAdmin };
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    const r = await this.db.get<RawUser>('SELECT * FROM users WHERE username = ?', [username]);
    return r && toUser(r);
  }

  async byId(id: string): Promise<UserRow | undefined> {
    const r = await this.db.get<RawUser>('SELECT * FROM users WHERE id = ?', [id]);
    return r && toUser(r);
  }

  async list(): Promise<UserRow[]> {
    return (await this.db.all<RawUser>('SELECT * FROM users ORDER BY username')).map(toUser);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
      await tx.run('DELETE FROM sessions WHERE user_id = ?', [id]);
    });
  }

  async createSession(userId: string, token: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM sessions WHERE expires_at < ?', [now]);
      await tx.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [hashToken(token), userId, now, now + ttlMs]);
    });
  }

  async userForSession(token: string): Promise<UserRow | undefined> {
    const r = await this.db.get<RawUser>(
      'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?',
      [hashToken(token), Date.now()],
    );
    return r && toUser(r);
  }

  /** Of these session hashes, the ones still valid (not signed out, not expired, user still there). */
  async liveSessions(hashes: string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < hashes.length; i += 500) {
      const part = hashes.slice(i, i + 500);
      const rows = await this.db.all<{ h: string }>(
        `SELECT token_hash AS h FROM sessions WHERE expires_at > ? AND token_hash IN (${part.map(() => '?').join(',')})`,
        [Date.now(), ...part],
      );
      for (const r of rows) live.add(r.h);
    }
    return live;
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.transaction((tx) => tx.run('DELETE FROM sessions WHERE token_hash = ?', [hashToken(token)]));
  }
}
