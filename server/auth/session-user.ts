// Who a request or socket belongs to, as the session resolved it.
import type { UserId } from '../../shared/ids.ts';

export interface SessionUser {
  id: UserId;
  username: string;
  displayName: string;
  color: string;
  isAdmin: boolean;
}
