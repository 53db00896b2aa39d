// The JSON API over fetch: one place that turns `{ error: { code, message } }` replies (and
// network failures) into an ApiError the screens can show as "what happened, what to do".
import type { ApiErrorBody } from '../../shared/api.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** A sentence for the user: the server's message, or what to do when the server is unreachable. */
  get userMessage(): string {
    if (this.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (this.status === 429) return `Too many attempts: ${this.message}.`;
    return this.message.charAt(0).toUpperCase() + this.message.slice(1) + (this.message.endsWith('.') ? '' : '.');
  }
}

/** What a project screen shows when loading it failed (a 404 hides whether the project exists). */
export function projectLoadMessage(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  return e.status === 404 ? 'This project does not exist, or you are not a member of it.' : e.userMessage;
}

const isErrorBody = (b: unknown): b is ApiErrorBody =>
  typeof b === 'object' && b !== null && 'error' in b && typeof (b as ApiErrorBody).error?.message === 'string';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  let parsed: unknown = null;
  const text = await res.text();
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) throw new ApiError(res.status, parsed.error.code, parsed.error.message);
    throw new ApiError(res.status, 'http', `the server answered ${res.status} ${res.statusText}`.trim());
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
