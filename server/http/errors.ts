// HTTP errors: thrown as HttpError anywhere in a route, turned into `{ error: { code, message } }`
// with the right status by one handler; anything else becomes a 500 that leaks nothing.
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { ErrorCode } from '../../shared/protocol.ts';
import type { Logger } from '../logger.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (m: string) => new HttpError(400, ErrorCode.badRequest, m);
export const unauthenticated = () => new HttpError(401, ErrorCode.unauthenticated, 'sign in first');
export const forbidden = (m = 'you may not do this') => new HttpError(403, ErrorCode.forbidden, m);
export const notFound = (m = 'not found') => new HttpError(404, ErrorCode.notFound, m);
export const conflict = (m: string) => new HttpError(409, ErrorCode.conflict, m);

export function errorHandler(log: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    if (err instanceof ZodError) {
      const first = err.issues[0];
      const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
      res.status(400).json({ error: { code: ErrorCode.badRequest, message: `${where}${first?.message ?? 'invalid request'}` } });
      return;
    }
    // body-parser's errors: malformed JSON, too large, wrong charset.
    const e = err as { type?: string; status?: number; statusCode?: number };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: ErrorCode.badRequest, message: 'the request body is not valid JSON' } });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: ErrorCode.tooLarge, message: 'the request body is too large' } });
      return;
    }
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: ErrorCode.badRequest, message: 'bad request' } });
      return;
    }
    log.error({ err }, 'unhandled error in a request');
    res.status(500).json({ error: { code: ErrorCode.internal, message: 'something went wrong on our side' } });
  };
}
