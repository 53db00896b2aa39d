// Sign in, sign out, who am I, and (admins) user accounts.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Store } from '../../db/store.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { toSessionUser, type Sessions } from '../auth/sessions.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { requireUser, userOf } from './context.ts';
import { conflict, forbidden, HttpError } from './errors.ts';
import { loginBody, userBody } from './schemas.ts';
import { colorFor } from '../services/colors.ts';

export function authRoutes(store: Store, sessions: Sessions, opts: { loginLimit: number; loginWindowMs: number }): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: opts.loginWindowMs,
    limit: opts.loginLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: ErrorCode.rateLimited, message: 'too many sign-in attempts; wait a few minutes and try again' } });
    },
  });

  r.post('/login', limiter, async (req, res) => {
    const body = loginBody.parse(req.body);
    const user = await store.users.byUsername(body.username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal usernames.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new HttpError(401, ErrorCode.unauthenticated, 'wrong username or password');
    await sessions.start(req, res, user);
    res.json({ user: toSessionUser(user) });
  });

  r.post('/logout', async (req, res) => {
    await sessions.end(req, res);
    res.json({ ok: true });
  });

  r.get('/me', requireUser(sessions), (_req, res) => {
    res.json({ user: userOf(res) });
  });

  r.get('/users', requireUser(sessions), async (_req, res) => {
    const users = await store.users.list();
    res.json({ users: users.map(toSessionUser) });
  });

  r.post('/users', requireUser(sessions), async (req, res) => {
    if (!userOf(res).isAdmin) throw forbidden('only admins create accounts');
    const body = userBody.parse(req.body);
    if (await store.users.byUsername(body.username)) throw conflict(`the username "${body.username}" is taken`);
    const user = await store.users.create({
      username: body.username,
      displayName: body.displayName ?? body.username,
      color: colorFor(body.username),
      passwordHash: await hashPassword(body.password),
      isAdmin: body.isAdmin ?? false,
    });
    res.status(201).json({ user: toSessionUser(user) });
  });

  return r;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
