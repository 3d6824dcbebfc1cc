/** Cookie sessions (in memory) and redirect-target checks. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { findUser, type HostUser } from './users.ts';

export const SESSION_COOKIE = 'nwcrm_session';

export class Sessions {
  private readonly byId = new Map<string, string>();

  create(user: HostUser): string {
    const sid = randomBytes(24).toString('base64url');
    this.byId.set(sid, user.id);
    return sid;
  }

  user(req: IncomingMessage): HostUser | undefined {
    const sid = sessionId(req);
    const userId = sid ? this.byId.get(sid) : undefined;
    return userId ? findUser(userId) : undefined;
  }

  destroy(req: IncomingMessage): void {
    const sid = sessionId(req);
    if (sid) this.byId.delete(sid);
  }

  clear(): void {
    this.byId.clear();
  }
}

function sessionId(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(sid: string): string {
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearedCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** A same-origin path (with query and hash) or `/documents`. */
export function safeNext(next: string | null | undefined): string {
  const fallback = '/documents';
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  try {
    const base = 'http://host-app.invalid';
    const u = new URL(next, base);
    return u.origin === base ? u.pathname + u.search + u.hash : fallback;
  } catch {
    return fallback;
  }
}
