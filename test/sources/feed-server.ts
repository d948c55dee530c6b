/**
 * A loopback HTTP server for feed tests: routes are plain node:http handlers, every
 * request is recorded, and `close()` also ends never-ending responses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedServer {
  /** `http://HOST:PORT/path` */
  url(path: string): string;
  readonly host: string;
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a server on `host` (any 127.x.y.z address works on Linux) and a random port. */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const requests: FeedServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path);
    if (handler === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host,
    requests,
    url: (path) => `http://${host}:${port}${path}`,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves a fixed body with headers. */
export function serve(body: string | Uint8Array, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
    res.end(body);
  };
}

/** An RSS 2.0 document with the given items. */
export function rssDocument(
  title: string,
  items: ReadonlyArray<{
    title: string;
    guid?: string;
    link?: string;
    pubDate?: string;
    description?: string;
  }>,
  channelExtra = '',
): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title}</title>${i.link ? `<link>${i.link}</link>` : ''}${
          i.guid ? `<guid>${i.guid}</guid>` : ''
        }${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}${
          i.description ? `<description>${i.description}</description>` : ''
        }</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://${title.toLowerCase().replace(/\W+/g, '-')}.example/</link>${channelExtra}\n${body}\n</channel></rss>\n`;
}
