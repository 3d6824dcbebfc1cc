// Control API: the same operations in-process (emulator.control) and over HTTP on the auth port
// under /__emulator/ (for tests and the demo in other processes).
import { FaultValidationError, validateFault } from './faults.ts';
import { jsonReply, mediaType, type Reply, type RequestContext } from './http-util.ts';
import { findUserByEmail, findUserBySub } from './seed.ts';
import { dsDate, type EmulatorState } from './state.ts';
import type {
  ConfigPatch,
  EmulatorControl,
  EmulatorStateSummary,
  EnvelopeReport,
  FaultSpec,
  Limits,
  UserinfoUsageReport,
} from './types.ts';

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const LIMIT_KEYS: ReadonlyArray<keyof Limits> = ['hourlyLimit', 'hourWindowSeconds', 'burstLimit', 'burstWindowSeconds', 'rateLimitStatus'];

export function validateConfigPatch(input: unknown, state: EmulatorState): ConfigPatch {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ControlError('The configuration must be a JSON object.');
  const raw = input as Record<string, unknown>;
  const patch: ConfigPatch = {};
  const positive = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ControlError(`${name} must be a positive number.`);
    return v;
  };
  const bool = (name: string, v: unknown): boolean => {
    if (typeof v !== 'boolean') throw new ControlError(`${name} must be true or false.`);
    return v;
  };
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    switch (key) {
      case 'autoApprove':
        patch.autoApprove = bool(key, value);
        break;
      case 'grantExtended':
        patch.grantExtended = bool(key, value);
        break;
      case 'autoLoginAs':
        if (value !== null && (typeof value !== 'string' || !findUserByEmail(state.seed, value))) {
          throw new ControlError('autoLoginAs must be null or the email of a seed user.');
        }
        patch.autoLoginAs = value === null ? null : findUserByEmail(state.seed, value)!.email;
        break;
      case 'accessTokenTtlSeconds':
      case 'codeTtlSeconds':
      case 'refreshTokenTtlSeconds':
        patch[key] = positive(key, value);
        break;
      case 'limits': {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ControlError('limits must be an object.');
        const limits: Partial<Limits> = {};
        for (const [lk, lv] of Object.entries(value as Record<string, unknown>)) {
          if (lv === undefined) continue;
          if (!(LIMIT_KEYS as readonly string[]).includes(lk)) throw new ControlError(`Unknown limit "${lk}".`);
          if (lk === 'rateLimitStatus') {
            if (lv !== 400 && lv !== 429) throw new ControlError('limits.rateLimitStatus must be 400 or 429.');
            limits.rateLimitStatus = lv;
          } else {
            const n = positive(`limits.${lk}`, lv);
            if (!Number.isInteger(n)) throw new ControlError(`limits.${lk} must be an integer.`);
            limits[lk as Exclude<keyof Limits, 'rateLimitStatus'>] = n;
          }
        }
        patch.limits = limits;
        break;
      }
      default:
        throw new ControlError(`Unknown configuration key "${key}".`);
    }
  }
  return patch;
}

export function createControl(state: EmulatorState): EmulatorControl {
  const control: EmulatorControl = {
    getState(): EmulatorStateSummary {
      return {
        authServerUrl: state.authServerUrl,
        regions: { ...state.regions },
        now: new Date(state.now()).toISOString(),
        clockOffsetSeconds: state.clockOffsetMs / 1000,
        config: structuredClone(state.config),
        integrationKeys: Object.values(state.seed.integrationKeys).map((k) => ({
          key: k.key,
          clientId: k.clientId,
          name: k.name,
          redirectUris: [...k.redirectUris],
        })),
        accounts: Object.values(state.seed.accounts).map((a) => ({
          key: a.key,
          accountId: a.accountId,
          accountName: a.accountName,
          region: a.region,
          baseUri: state.regions[a.region],
        })),
        users: Object.values(state.seed.users).map((u) => ({
          key: u.key,
          sub: u.sub,
          email: u.email,
          name: u.name,
          password: u.password,
          accounts: u.accounts.map((m) => ({ ...m })),
        })),
        pendingFaults: state.faults.pending(),
      };
    },
    setConfig(patch: ConfigPatch) {
      state.applyConfig(validateConfigPatch(patch, state));
      return structuredClone(state.config);
    },
    addFaults(faults: FaultSpec | FaultSpec[]) {
      const list = Array.isArray(faults) ? faults : [faults];
      const valid = list.map((f) => validateFault(f));
      for (const f of valid) state.faults.add(f);
    },
    clearFaults() {
      state.faults.clear();
    },
    getUsage() {
      return state.usageReport();
    },
    getUserinfoUsage(): UserinfoUsageReport[] {
      return state.userinfoReport().map((u) => ({ email: findUserBySub(state.seed, u.sub)?.email ?? '', ...u }));
    },
    getEnvelopes(): EnvelopeReport[] {
      return [...state.envelopes.values()]
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((e) => ({
          envelopeId: e.envelopeId,
          accountId: e.accountId,
          region: e.region,
          status: e.status,
          transactionId: e.transactionId,
          emailSubject: e.emailSubject,
          emailBlurb: e.emailBlurb,
          documents: e.documents.map((d) => ({
            documentId: d.documentId,
            name: d.name,
            extension: d.fileExtension,
            bytes: d.bytes,
            sha256: d.sha256,
          })),
          recipients: {
            signers: e.signers.map((r) => ({ ...r })),
            carbonCopies: e.carbonCopies.map((r) => ({ ...r })),
          },
          createdBy: e.createdBy,
          clientId: e.clientId,
          createdDateTime: dsDate(e.createdAt),
          sentDateTime: e.sentAt === null ? null : dsDate(e.sentAt),
        }));
    },
    expireTokens() {
      const past = state.now() - 1;
      for (const t of state.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, past);
    },
    revoke(email: string) {
      const user = findUserByEmail(state.seed, email);
      if (!user) return false;
      for (const t of state.refreshTokens.values()) {
        if (t.sub === user.sub && !t.revoked) {
          t.revoked = true;
          t.revokedReason = 'consent revoked';
        }
      }
      for (const key of [...state.consents.keys()]) if (key.startsWith(`${user.sub} `)) state.consents.delete(key);
      return true;
    },
    reset() {
      state.reset();
    },
    advanceClock(seconds: number) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new ControlError('advanceClock takes a number of seconds >= 0.');
      }
      state.clockOffsetMs += seconds * 1000;
    },
  };
  return control;
}

function readJson(ctx: RequestContext): unknown {
  if (ctx.body.length === 0) return {};
  if (mediaType(ctx.req) !== 'application/json') throw new ControlError('Send JSON (Content-Type: application/json).', 415);
  try {
    return JSON.parse(ctx.body.toString('utf8'));
  } catch {
    throw new ControlError('The body is not valid JSON.');
  }
}

/** HTTP control API under /__emulator/. */
export function handleControl(control: EmulatorControl, ctx: RequestContext): Reply {
  const path = ctx.url.pathname.replace(/\/+$/, '');
  const route = `${ctx.method} ${path}`;
  try {
    switch (route) {
      case 'GET /__emulator/state':
        return jsonReply(200, control.getState());
      case 'POST /__emulator/config':
        return jsonReply(200, control.setConfig(readJson(ctx) as ConfigPatch));
      case 'GET /__emulator/faults':
        return jsonReply(200, control.getState().pendingFaults);
      case 'POST /__emulator/faults':
        control.addFaults(readJson(ctx) as FaultSpec | FaultSpec[]);
        return jsonReply(200, control.getState().pendingFaults);
      case 'DELETE /__emulator/faults':
        control.clearFaults();
        return jsonReply(200, { ok: true });
      case 'GET /__emulator/usage':
        return jsonReply(200, control.getUsage());
      case 'GET /__emulator/usage/userinfo':
        return jsonReply(200, control.getUserinfoUsage());
      case 'GET /__emulator/envelopes':
        return jsonReply(200, control.getEnvelopes());
      case 'POST /__emulator/expire-tokens':
        control.expireTokens();
        return jsonReply(200, { ok: true });
      case 'POST /__emulator/revoke': {
        const body = readJson(ctx) as { email?: unknown };
        if (typeof body.email !== 'string') throw new ControlError('Send {"email": "..."}.');
        if (!control.revoke(body.email)) throw new ControlError(`No seed user has the email "${body.email}".`, 404);
        return jsonReply(200, { ok: true });
      }
      case 'POST /__emulator/reset':
        control.reset();
        return jsonReply(200, { ok: true });
      case 'POST /__emulator/clock': {
        const body = readJson(ctx) as { advanceSeconds?: unknown };
        control.advanceClock(body.advanceSeconds as number);
        return jsonReply(200, { now: control.getState().now });
      }
      default:
        return jsonReply(404, { error: `Unknown control route: ${route}` });
    }
  } catch (err) {
    if (err instanceof ControlError) return jsonReply(err.status, { error: err.message });
    if (err instanceof FaultValidationError) return jsonReply(400, { error: err.message });
    throw err;
  }
}
