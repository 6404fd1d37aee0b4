import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';

/** A request the server answered (CORS preflights are answered but not recorded). */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/crm/v3/objects/contacts/search?limit=1`. */
  path: string;
  /** Header names are lower-case. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface LoopbackResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is (text/plain unless `headers` say otherwise); ignored when `json` is given. */
  body?: string;
}

/** Answers one request; `undefined` means 404. A thrown error becomes a 500 with its message. */
export type LoopbackHandler = (
  request: RecordedRequest,
) => LoopbackResponse | undefined | Promise<LoopbackResponse | undefined>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  port: number;
  /** Every non-preflight request so far, oldest first. */
  requests: RecordedRequest[];
  /** Resolves with the first recorded request (past or future) that `matches`. */
  waitForRequest(matches: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 and a free port, standing in for a CRM or webhook. It answers with CORS
 * headers that allow any origin, method and requested header (Authorization included), and 204 to
 * preflights: that is what lets the extension's service worker reach it without a host permission.
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    void answer(req, res);
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const request = await record(req);
    requests.push(request);
    for (const wake of waiters) wake();
    try {
      send(res, (await handler(request)) ?? { status: 404, json: { error: 'not found' } });
    } catch (error) {
      send(res, { status: 500, json: { error: error instanceof Error ? error.message : String(error) } });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitForRequest(matches, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.find(matches);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching request reached the loopback server within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  // `*` would not cover Authorization, so echo what the preflight asks for.
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
  // Chromium's Private Network Access check asks this when a less private context calls loopback.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Access-Control-Max-Age', '600');
  res.setHeader('Vary', 'Origin');
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers, body, json: parseJson(body) };
}

function parseJson(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, response: LoopbackResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body = response.body ?? '';
  if (response.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(response.json);
  } else if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  }
  res.writeHead(response.status ?? 200, headers).end(body);
}

/** A loopback port where nothing listens: bound, then closed (a connection there is refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
