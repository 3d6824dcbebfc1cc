/**
 * `npm run soak -- --sends N --seed S`: the fault-injection soak (see soak.ts) against the built
 * extension (.output/chrome-mv3; `npm run build` first). Prints progress, a summary, and as its
 * last line one JSON object with the figures (sends, envelopes, lost, duplicates, wrongAccount,
 * nonTerminal, drainSeconds, …). Exit code 0 when the goals hold (0 lost, 0 duplicates,
 * 0 wrong-account, every job terminal, every send queued), 1 when not, 2 for bad arguments or a
 * broken setup.
 *
 * Options: --sends N (default 200) --seed S (default 1) --embedded-share F (0.15) --fault-rate F (0.5)
 * --stop-rate F (0.15) --no-restart --drain-timeout SECONDS (300) --rate-window SECONDS (10)
 * --rate-limit CALLS (25) --extension-dir DIR --request-log FILE (keep the emulator's request log)
 * --direct-send draft-first|one-call (the direct profiles' directSend; default draft-first)
 */
import { parseArgs } from 'node:util';
import { runSoak, type SoakOptions } from './soak';

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number (got "${value}")`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sends: { type: 'string' },
      seed: { type: 'string' },
      'embedded-share': { type: 'string' },
      'fault-rate': { type: 'string' },
      'stop-rate': { type: 'string' },
      'no-restart': { type: 'boolean' },
      'drain-timeout': { type: 'string' },
      'rate-window': { type: 'string' },
      'rate-limit': { type: 'string' },
      'extension-dir': { type: 'string' },
      'request-log': { type: 'string' },
      'direct-send': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log('npm run soak -- --sends N --seed S [--embedded-share F] [--fault-rate F] [--stop-rate F] [--no-restart] [--drain-timeout S] [--rate-window S] [--rate-limit N] [--extension-dir DIR] [--request-log FILE] [--direct-send draft-first|one-call]');
    return;
  }
  const sends = number('sends', values.sends, 200);
  if (!Number.isInteger(sends) || sends < 1) {
    console.error('--sends must be a positive integer');
    process.exit(2);
  }
  const directSend = values['direct-send'] ?? 'draft-first';
  if (directSend !== 'draft-first' && directSend !== 'one-call') {
    console.error('--direct-send must be draft-first or one-call');
    process.exit(2);
  }
  const started = Date.now();
  const options: SoakOptions = {
    sends,
    seed: number('seed', values.seed, 1),
    embeddedShare: number('embedded-share', values['embedded-share'], 0.15),
    faultRate: number('fault-rate', values['fault-rate'], 0.5),
    stopRate: number('stop-rate', values['stop-rate'], 0.15),
    restart: !values['no-restart'],
    drainTimeoutSeconds: number('drain-timeout', values['drain-timeout'], 300),
    rateWindowSeconds: number('rate-window', values['rate-window'], 10),
    rateLimit: number('rate-limit', values['rate-limit'], 25),
    ...(values['extension-dir'] ? { extensionDir: values['extension-dir'] } : {}),
    ...(values['request-log'] ? { requestLog: values['request-log'] } : {}),
    directSend,
    log: (line) => console.log(`[soak ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`),
  };
  console.log(`[soak] ${sends} sends, seed ${options.seed}, direct sends ${directSend}`);
  const result = await runSoak(options);
  const goals = {
    '0 lost': result.lost === 0,
    // Draft first: nothing is ever sent twice. One call: a re-sent create may send twice, and then
    // every extra sent envelope is voided, none is left in process.
    '0 duplicates':
      directSend === 'one-call'
        ? result.activeDuplicates === 0 && result.voided === result.sentDuplicates
        : result.duplicates === 0 && result.sentDuplicates === 0 && result.voided === 0,
    '0 wrong-account': result.wrongAccount === 0,
    'every job terminal': result.nonTerminal === 0,
    'every send queued': result.notQueued === 0,
  };
  const missed = Object.entries(goals).filter(([, ok]) => !ok).map(([goal]) => goal);
  console.log(
    `[soak] ${result.sends} sends → ${result.accepted} jobs, ${result.envelopes} envelopes ${JSON.stringify(result.envelopesByAccount)}; ` +
      `lost ${result.lost}, duplicates ${result.duplicates} (sent twice ${result.sentDuplicates}, voided ${result.voided}, left active ${result.activeDuplicates}; ${result.browserResentDuplicates} creates re-sent by the browser, ${result.duplicateDraftsDeleted} spare drafts deleted), wrong account ${result.wrongAccount}, ` +
      `not terminal ${result.nonTerminal}, failed ${result.failed} (${result.failedWithEnvelope} of them sent anyway); drained in ${result.drainSeconds} s; ` +
      (missed.length ? `GOALS MISSED: ${missed.join(', ')}` : 'all goals met'),
  );
  console.log(JSON.stringify(result));
  process.exitCode = missed.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(2);
});
