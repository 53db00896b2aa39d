// Per-request helpers: who is asking, and what they are in the project a route touches.
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../shared/domain.ts';
import type { Store } from '../../db/store.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Sessions } from '../auth/sessions.ts';
import { forbidden, notFound, unauthenticated } from './errors.ts';

export interface Locals {
  user: SessionUser;
}

export function requireUser(sessions: Sessions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = await sessions.userFor(req);
    if (!user) return next(unauthenticated());
    (res.locals as Locals).user = user;
    next();
  };
}

export const userOf = (res: Response): SessionUser => (res.locals as Locals).user;

/** The caller's role in a project (admins act as owners); 404 for non-members, as if absent. */
export async function roleIn(store: Store, user: SessionUser, projectId: string): Promise<Role> {
  const project = await store.projects.get(projectId);
  const role = project ? ((await store.projects.role(projectId, user.id)) ?? (user.isAdmin ? 'owner' : null)) : null;
  if (!role) throw notFound('no such project');
  return role;
}

export function requireRole(role: Role, allowed: Role[], what: string): void {
  if (!allowed.includes(role)) throw forbidden(`only ${allowed.join(' or ')}s may ${what}`);
}

/** Express 5 gives params as string | string[]; routes here take single values. */
export const param = (req: Request, key: string): string => {
  const v = req.params[key];
  return typeof v === 'string' ? v : '';
};
