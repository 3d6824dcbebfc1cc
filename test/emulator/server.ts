// HTTP servers (node:http, 127.0.0.1 only): one authorization server, one server per region.
// Every request: CORS preflight, route match, body read within a byte limit, fault injection,
// handler, request log line (written before the response), response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleControl } from './control.ts';
import { handleApi, matchApi, peekRateHeaders } from './esignature.ts';
import { delay } from './faults.ts';
import {
  corsHeaders,
  errorDetails,
  htmlReply,
  jsonReply,
  oauthError,
  preflightReply,
  memoJson,
  readBody,
  textReply,
  type Reply,
  type RequestContext,
} from './http-util.ts';
import { redactHeaders, redactParams, summarizeBody } from './log.ts';
import { handleAuthorize, handleConsent, handleLogin, handleLogout, handleToken, handleUserinfo } from './oauth.ts';
import { errorPage, page, escapeHtml } from './pages.ts';
import { SENDER_VIEW_PATH, handleSenderViewPage } from './sender-view.ts';
import type { EmulatorState } from './state.ts';
import type { EmulatorControl, FaultRoute, FaultSpec, RegionId } from './types.ts';
import { MAX_REQUEST_BYTES } from './validation.ts';

const AUTH_BODY_LIMIT = 1024 * 1024;

type ErrorShape = 'api' | 'oauth' | 'html';

interface Route {
  faultRoute: FaultRoute | null;
  errorShape: ErrorShape;
  bodyLimit: number;
  /** For /restapi routes: the account whose rate-limit headers every reply carries. */
  rateAccountId?: string | null;
  handle: (ctx: RequestContext) => Reply;
}

function authRoute(state: EmulatorState, control: EmulatorControl, method: string, pathname: string): Route {
  const simple = (handle: Route['handle'], faultRoute: FaultRoute | null = null, errorShape: ErrorShape = 'html'): Route => ({
    faultRoute,
    errorShape,
    bodyLimit: AUTH_BODY_LIMIT,
    handle,
  });
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path.startsWith('/__emulator/') || path === '/__emulator') {
    return simple((ctx) => handleControl(control, ctx), null, 'oauth');
  }
  switch (path) {
    case '/oauth/auth':
      return simple((ctx) => (method === 'GET' ? handleAuthorize(state, ctx) : htmlReply(405, errorPage('Method not allowed', 'Use GET.'))), 'authorize');
    case '/oauth/login':
      return simple((ctx) => (method === 'POST' ? handleLogin(state, ctx) : htmlReply(405, errorPage('Method not allowed', 'Use POST.'))));
    case '/oauth/consent':
      return simple((ctx) => (method === 'POST' ? handleConsent(state, ctx) : htmlReply(405, errorPage('Method not allowed', 'Use POST.'))));
    case '/oauth/token':
      return simple((ctx) => handleToken(state, ctx), 'token', 'oauth');
    case '/oauth/userinfo':
      return simple(
        (ctx) => (method === 'GET' ? handleUserinfo(state, ctx) : oauthError(405, 'invalid_request', 'Use GET.', { Allow: 'GET' })),
        'userinfo',
        'oauth',
      );
    case '/logout':
    case '/oauth/logout':
      return simple((ctx) => handleLogout(state, ctx));
    case '/':
      return simple(() =>
        htmlReply(
          200,
          page(
            'DocuSign emulator: authorization server',
            `<p>Regions:</p><ul>${Object.entries(state.regions)
              .map(([r, url]) => `<li>${escapeHtml(r)}: ${escapeHtml(url)}</li>`)
              .join('')}</ul><p>Control API: <code>/__emulator/state</code></p>`,
          ),
        ),
      );
    default:
      return simple(() => htmlReply(404, errorPage('Not found', `No such page: ${pathname}`)));
  }
}

function regionRoute(state: EmulatorState, method: string, pathname: string): Route {
  const api = matchApi(method, pathname);
  if (api) {
    return {
      faultRoute: api.faultRoute,
      errorShape: 'api',
      bodyLimit: MAX_REQUEST_BYTES,
      rateAccountId: api.accountId,
      handle: (ctx) => handleApi(state, ctx, api),
    };
  }
  const view = SENDER_VIEW_PATH.exec(pathname);
  if (view) {
    return { faultRoute: null, errorShape: 'html', bodyLimit: AUTH_BODY_LIMIT, handle: (ctx) => handleSenderViewPage(state, ctx, view[1]!) };
  }
  return { faultRoute: null, errorShape: 'html', bodyLimit: AUTH_BODY_LIMIT, handle: () => textReply(404, 'Not found') };
}

function faultReply(fault: FaultSpec & { status: number }, shape: ErrorShape): Reply {
  const message = fault.message ?? `Injected fault (HTTP ${fault.status}).`;
  switch (shape) {
    case 'api':
      return errorDetails(fault.status, fault.errorCode ?? 'UNSPECIFIED_ERROR', message);
    case 'oauth':
      return oauthError(fault.status, fault.errorCode ?? (fault.status >= 500 ? 'server_error' : 'invalid_request'), message);
    case 'html':
      return htmlReply(fault.status, errorPage('Something went wrong', message, fault.errorCode));
  }
}

function tooLargeReply(shape: ErrorShape, limit: number): Reply {
  const message = `The request exceeds the maximum request size of ${limit} bytes.`;
  const reply =
    shape === 'api' ? errorDetails(413, 'REQUEST_ENTITY_TOO_LARGE', message) : shape === 'oauth' ? oauthError(413, 'invalid_request', message) : textReply(413, message);
  // No `Connection: close`: closing while the client is still uploading makes clients report a
  // reset instead of this answer. readBody drains the rest (without keeping it) and destroys the
  // socket only past a second `limit` of bytes.
  return reply;
}

interface PortInfo {
  port: number;
  region: RegionId | null;
}

async function handle(
  state: EmulatorState,
  control: EmulatorControl,
  info: PortInfo,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (++state.requestCount % 200 === 0) state.prune();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = info.region ? regionRoute(state, method, url.pathname) : authRoute(state, control, method, url.pathname);
  /** The body as logged: computed only when a line is written (summarizing parses JSON). */
  let loggedBody: () => unknown = () => null;

  const log = (status: number | null, dropped?: 'before' | 'after'): void => {
    if (!state.logger.path) return;
    state.logger.write({
      ts: new Date().toISOString(),
      port: info.port,
      ...(info.region ? { region: info.region } : {}),
      method,
      path: url.pathname,
      query: redactParams(url.searchParams),
      headers: redactHeaders(req.headers),
      body: loggedBody(),
      status,
      ...(dropped ? { dropped } : {}),
    });
  };
  const send = (reply: Reply): void => {
    const headers = { ...corsHeaders(req), ...reply.headers };
    if (route.rateAccountId !== undefined && !('X-RateLimit-Limit' in headers)) {
      Object.assign(headers, peekRateHeaders(state, route.rateAccountId));
    }
    if (reply.closeConnection) headers.Connection = 'close';
    log(reply.status);
    if (res.destroyed || res.writableEnded) return;
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    headers['Content-Length'] = String(body.length);
    res.writeHead(reply.status, headers);
    res.end(body);
  };
  const drop = (when: 'before' | 'after'): void => {
    log(null, when);
    res.destroy();
    req.socket.destroy();
  };

  if (method === 'OPTIONS') {
    send(preflightReply(req));
    return;
  }

  const body = await readBody(req, route.bodyLimit);
  if (!body.ok && body.reason === 'aborted') {
    loggedBody = () => ({ aborted: true });
    log(null);
    return;
  }
  if (!body.ok) {
    const summary = { tooLarge: true, receivedBytes: body.received, declaredBytes: body.declared };
    loggedBody = () => summary;
    send(tooLargeReply(route.errorShape, route.bodyLimit));
    return;
  }
  const json = memoJson(body.body);
  const ctx: RequestContext = { req, method, url, body: body.body, port: info.port, region: info.region, json };
  loggedBody = () => summarizeBody(req.headers['content-type'], body.body, json);

  const fault = route.faultRoute ? state.faults.take(route.faultRoute) : undefined;
  if (fault?.drop === 'before') {
    await delay(fault.delayMs ?? 0);
    drop('before');
    return;
  }
  if (fault?.status !== undefined) {
    await delay(fault.delayMs ?? 0);
    send(faultReply({ ...fault, status: fault.status }, route.errorShape));
    return;
  }
  const reply = route.handle(ctx);
  if (fault?.delayMs) await delay(fault.delayMs);
  if (fault?.drop === 'after') {
    drop('after');
    return;
  }
  send(reply);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  state: EmulatorState,
  control: EmulatorControl,
  region: RegionId | null,
  port: number,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const info: PortInfo = { port: 0, region };
  const server = createServer((req, res) => {
    handle(state, control, info, req, res).catch((err: unknown) => {
      process.stderr.write(`[ds-emulator] ${req.method ?? ''} ${req.url ?? ''} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent && !res.destroyed) {
        const reply = region ? errorDetails(500, 'UNSPECIFIED_ERROR', 'Emulator error.') : jsonReply(500, { error: 'server_error' });
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  info.port = await listen(server, port);
  return {
    server,
    port: info.port,
    url: `http://127.0.0.1:${info.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}
