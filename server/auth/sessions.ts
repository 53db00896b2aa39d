// Session cookies: a random token in an httpOnly, SameSite=Lax cookie (Secure behind HTTPS),
// resolved to a user for HTTP requests and, from the same cookie, for the socket.io handshake.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { hashToken, type UserStore, type UserRow } from '../../db/user.store.ts';
import type { SessionUser } from './session-user.ts';
import type { UserId } from '../../shared/ids.ts';

export const SESSION_COOKIE = 'tagteam_session';
const TTL_MS = 30 * 24 * 3600 * 1000;

export const toSessionUser = (u: UserRow): SessionUser => ({
  id: u.id as UserId,
  username: u.username,
  displayName: u.displayName,
  color: u.color,
  isAdmin: u.isAdmin,
});

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export class Sessions {
  constructor(
    private readonly users: UserStore,
    private readonly secureCookies: boolean,
  ) {}

  async start(req: Request, res: Response, user: UserRow): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    await this.users.createSession(user.id, token, TTL_MS);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies || req.secure,
      maxAge: TTL_MS,
      path: '/',
    });
  }

  /** Called with a session's key once it is signed out (the hub closes its live sockets). */
  onEnded: (key: string) => void = () => undefined;

  async end(req: Request, res: Response): Promise<void> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) {
      await this.users.deleteSession(token);
      this.onEnded(hashToken(token));
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** The user behind a request's or handshake's cookie, or null. */
  async userFor(req: IncomingMessage): Promise<SessionUser | null> {
    return (await this.sessionFor(req))?.user ?? null;
  }

  /** The user and the session key (the token's hash, as stored) behind a cookie, or null. */
  async sessionFor(req: IncomingMessage): Promise<{ user: SessionUser; key: string } | null> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token || token.length > 100) return null;
    const u = await this.users.userForSession(token);
    return u ? { user: toSessionUser(u), key: hashToken(token) } : null;
  }

  /** Of these session keys, the ones still valid. */
  live(keys: string[]): Promise<Set<string>> {
    return this.users.liveSessions(keys);
  }
}
