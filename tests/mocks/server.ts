/**
 * The plumbing every loopback mock shares: a node:http server on 127.0.0.1 at a random port, CORS
 * (so an extension's service worker or page can call it), a request log, a tiny router that
 * answers 404 for unknown paths and 405 for wrong methods, and fault injection.
 *
 * Plain Node, no test-framework imports: unit tests (vitest) and end-to-end scripts both use it.
 */
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from './random';

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body as text. */
  body: string;
  /** The body parsed as JSON, when it was JSON. */
  json?: unknown;
  /** The status answered, or undefined when the mock hung up or never answered. */
  status?: number;
}

export interface MockReply {
  status: number;
  body?: unknown;
  /** Sent verbatim instead of `body` (malformed JSON, HTML error pages). */
  raw?: string;
  headers?: Record<string, string>;
}

export type Fault =
  /**
   * Answer this status (and body) instead of handling the request. `after: true` handles the request
   * first (a record is created), then answers the status: a service that failed after storing.
   */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string>; after?: boolean }
  /** Answer these bytes (truncated JSON, an HTML error page, a huge body). */
  | { type: 'raw'; status?: number; body: string; contentType?: string }
  /** Drop the connection. `after: true` handles the request first (a record is created), then drops it. */
  | { type: 'reset'; after?: boolean }
  /** Never answer (until close). */
  | { type: 'hang' }
  /** Answer normally, this many milliseconds late. */
  | { type: 'delay'; ms: number };

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** Exact path or a pattern; any path when absent. */
  path?: string | RegExp;
  /** Apply to this many matching requests, then stop; every matching request when absent. */
  times?: number;
  /** Apply to this share (0–1) of matching requests, chosen by the mock's seeded random numbers. */
  rate?: number;
}

export interface Route {
  method: string;
  path: RegExp;
  handle(request: LoggedRequest, params: string[]): MockReply | Promise<MockReply>;
}

export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: LoggedRequest[];
  /** Replaces the active fault rules; no arguments clears them. */
  setFault(...rules: FaultRule[]): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Seed for `rate` faults, so a "fail 30%" run is repeatable. */
  seed?: number;
  /** Answers before routing (auth, rate limits); undefined lets the request through. */
  guard?(request: LoggedRequest): MockReply | undefined;
  /** For unknown paths and wrong methods, in the service's own error shape. */
  notFound(request: LoggedRequest): MockReply;
  methodNotAllowed(request: LoggedRequest): MockReply;
}

const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept, idempotency-key, sforce-auto-assign, x-prospect-lens-signature, x-prospect-lens-timestamp',
  'access-control-expose-headers': 'retry-after, x-hubspot-ratelimit-max, x-hubspot-ratelimit-remaining, x-hubspot-ratelimit-interval-milliseconds',
  'access-control-max-age': '600',
};

export async function startMockServer(routes: Route[], options: ServerOptions): Promise<MockServer> {
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let rules: (FaultRule & { used: number })[] = [];
  const random = mulberry32(options.seed ?? 1);

  function pickFault(request: LoggedRequest): Fault | undefined {
    for (const rule of rules) {
      if (rule.method && rule.method !== request.method) continue;
      if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== request.path : !rule.path.test(request.path))) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      if (rule.rate !== undefined && random() >= rule.rate) continue;
      rule.used++;
      return rule.fault;
    }
    return undefined;
  }

  async function route(request: LoggedRequest): Promise<MockReply> {
    const guarded = options.guard?.(request);
    if (guarded) return guarded;
    const matching = routes.map((r) => ({ r, m: r.path.exec(request.path) })).filter((x) => x.m);
    const hit = matching.find((x) => x.r.method === request.method);
    if (!hit) return matching.length > 0 ? options.methodNotAllowed(request) : options.notFound(request);
    return hit.r.handle(request, hit.m!.slice(1).map(decodeURIComponent));
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      // Chromium's Private Network Access asks before a public page may call a loopback server.
      res.writeHead(204, { ...CORS, 'access-control-allow-private-network': 'true' }).end();
      return;
    }
    const body = await readBody(req);
    const request: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    try {
      request.json = body ? JSON.parse(body) : undefined;
    } catch {
      // Left undefined: each service answers malformed bodies in its own words.
    }
    requests.push(request);

    const fault = pickFault(request);
    if (fault?.type === 'hang') return;
    if (fault?.type === 'reset' && !fault.after) {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'status' && !fault.after) return send(res, request, { status: fault.status, body: fault.body, headers: fault.headers });
    if (fault?.type === 'raw') {
      return send(res, request, { status: fault.status ?? 200, raw: fault.body, headers: { 'content-type': fault.contentType ?? 'application/json' } });
    }

    const reply = await route(request);
    if (fault?.type === 'status') return send(res, request, { status: fault.status, body: fault.body, headers: fault.headers });
    if (fault?.type === 'reset') {
      req.socket.destroy();
      return;
    }
    send(res, request, reply);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { ...CORS, 'content-type': 'text/plain' }).end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (...next) => {
      rules = next.map((rule) => ({ ...rule, used: 0 }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, request: LoggedRequest, reply: MockReply): void {
  request.status = reply.status;
  const hasBody = reply.raw !== undefined || reply.body !== undefined;
  const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const headers = { ...CORS, ...(hasBody && reply.raw === undefined ? { 'content-type': 'application/json;charset=utf-8' } : {}), ...reply.headers };
  res.writeHead(reply.status, headers).end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}


/** Reads a body sent as JSON or as a form, the two ways the services accept. */
export function formOrJson(request: LoggedRequest): Record<string, unknown> | undefined {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.body));
  return typeof request.json === 'object' && request.json !== null && !Array.isArray(request.json) ? (request.json as Record<string, unknown>) : undefined;
}
