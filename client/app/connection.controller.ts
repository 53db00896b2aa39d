// The app's one socket.io connection, opened once a user is signed in (the handshake carries the
// session cookie, so an earlier socket would be refused) and closed on sign-out. Layers share it;
// each gets its own SyncProvider.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectSocket, type ClientSocket } from '../sync/socket.ts';

export class ConnectionController implements ReactiveController {
  socket: ClientSocket | null = null;
  /** Why the socket could not connect, when the server refused it (e.g. the session expired). */
  refusal: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  open(): ClientSocket {
    if (this.socket) return this.socket;
    const socket = connectSocket();
    socket.on('connect_error', (err: Error) => {
      // Middleware refusals stop socket.io's retries (socket.active turns false); a network failure
      // keeps retrying, and the layer status already says "offline".
      if (!socket.active) {
        this.refusal = err.message === 'unauthenticated' ? 'Your session has ended. Sign in again.' : `The server refused the live connection (${err.message}).`;
        this.host.requestUpdate();
      }
    });
    socket.on('disconnect', (reason) => {
      // The server closed this connection on purpose (a signed-out session, a flood or a backlog
      // it would not buffer): socket.io does not retry then. Try again after a moment; a session
      // that ended is refused as `unauthenticated` and says so above.
      if (reason !== 'io server disconnect') return;
      setTimeout(() => {
        if (this.socket === socket && !socket.connected) socket.connect();
      }, 500 + Math.random() * 1000);
    });
    socket.on('connect', () => {
      if (this.refusal === null) return;
      this.refusal = null;
      this.host.requestUpdate();
    });
    this.socket = socket;
    return socket;
  }

  close(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.refusal = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }
}
