// Fault injection: the next n requests to a route fail as given (status, delay, dropped connection).
import { FAULT_ROUTES, type FaultRoute, type FaultSpec } from './types.ts';

export interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultValidationError extends Error {}

export function validateFault(input: unknown): FaultSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new FaultValidationError('A fault must be an object.');
  const f = input as Record<string, unknown>;
  if (typeof f.route !== 'string' || !FAULT_ROUTES.includes(f.route as FaultRoute)) {
    throw new FaultValidationError(`fault.route must be one of ${FAULT_ROUTES.join(', ')}.`);
  }
  const out: FaultSpec = { route: f.route as FaultRoute };
  if (f.count !== undefined) {
    if (typeof f.count !== 'number' || !Number.isInteger(f.count) || f.count < 1) throw new FaultValidationError('fault.count must be a positive integer.');
    out.count = f.count;
  }
  if (f.status !== undefined) {
    if (typeof f.status !== 'number' || !Number.isInteger(f.status) || f.status < 200 || f.status > 599) {
      throw new FaultValidationError('fault.status must be an HTTP status (200-599).');
    }
    out.status = f.status;
  }
  if (f.errorCode !== undefined) {
    if (typeof f.errorCode !== 'string') throw new FaultValidationError('fault.errorCode must be a string.');
    out.errorCode = f.errorCode;
  }
  if (f.message !== undefined) {
    if (typeof f.message !== 'string') throw new FaultValidationError('fault.message must be a string.');
    out.message = f.message;
  }
  if (f.delayMs !== undefined) {
    if (typeof f.delayMs !== 'number' || !Number.isFinite(f.delayMs) || f.delayMs < 0 || f.delayMs > 600_000) {
      throw new FaultValidationError('fault.delayMs must be a number of milliseconds (0-600000).');
    }
    out.delayMs = f.delayMs;
  }
  if (f.drop !== undefined) {
    if (f.drop !== 'before' && f.drop !== 'after') throw new FaultValidationError("fault.drop must be 'before' or 'after'.");
    out.drop = f.drop;
  }
  if (out.status !== undefined && out.drop !== undefined) {
    throw new FaultValidationError('A fault has either a status or a drop, not both.');
  }
  if (out.status === undefined && out.drop === undefined && out.delayMs === undefined) {
    throw new FaultValidationError('A fault needs a status, a drop or a delayMs.');
  }
  return out;
}

export class FaultQueue {
  private queue: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const valid = validateFault(spec);
    this.queue.push({ ...valid, remaining: valid.count ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): ActiveFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** Takes one use of the first pending fault of that route. */
  take(route: FaultRoute): FaultSpec | undefined {
    const idx = this.queue.findIndex((f) => f.route === route);
    if (idx < 0) return undefined;
    const fault = this.queue[idx]!;
    fault.remaining--;
    if (fault.remaining <= 0) this.queue.splice(idx, 1);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
