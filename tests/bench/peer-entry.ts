// The reference relay in its own process: @y/websocket-server's setupWSConnection on a `ws`
// server, in memory only (gc on, no persistence), exactly as its own server.js wires it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { emitEvent, serve } from './ipc.ts';

type Setup = (conn: WebSocket, req: http.IncomingMessage, opts?: { docName?: string; gc?: boolean }) => void;

// utils.js reads YPERSISTENCE when it is first imported: clear it before, hence the dynamic import.
delete process.env.YPERSISTENCE;
const { setupWSConnection } = (await import('@y/websocket-server/utils')) as unknown as { setupWSConnection: Setup };

const server = http.createServer((_req, res) => {
  res.writeHead(200).end('ok');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (conn: WebSocket, req: http.IncomingMessage) => setupWSConnection(conn, req, { gc: true }));
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serve({}, async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
emitEvent('ready', { port: (server.address() as AddressInfo).port });
