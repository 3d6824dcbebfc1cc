/**
 * Admin tooling for the extension's enterprise policy. Input: the policy object itself (what goes
 * under 3rdparty.extensions.<id>), as a JSON file.
 *
 *   npm run policy -- lint <policy.json>
 *   npm run policy -- generate <policy.json> --format <chrome-linux|windows-reg|macos-mobileconfig|google-admin|firefox>
 *                     [--out FILE] [--update-url URL] [--extension-id ID] [--no-force-install]
 *                     [--forcelist-index N] [--payload-identifier ID] [--organization NAME]
 *
 * Exit codes: 0 valid (warnings are printed but do not fail), 1 invalid policy or unreadable
 * input (one line per problem), 2 wrong usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POLICY_KEYS } from '../config/schema';
import { formatRejection, validatePolicy } from '../config/validate';
import type { LintWarning, Rejection } from '../config/types';
import { GENERATORS, POLICY_FORMATS, toBytes, type GenerateOptions, type PolicyFormat } from './generators';

export const USAGE = `Usage:
  npm run policy -- lint <policy.json>
  npm run policy -- generate <policy.json> --format <${POLICY_FORMATS.join('|')}> [--out FILE]
      [--update-url URL] [--extension-id ID] [--no-force-install] [--forcelist-index N]
      [--payload-identifier ID] [--organization NAME]

<policy.json> holds the policy object itself: what goes under 3rdparty.extensions.<extension id>.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  writeFile: (path: string, data: Uint8Array) => void;
  writeStdout: (data: Uint8Array) => void;
}

class UsageError extends Error {}

interface ParsedArgs {
  command: 'lint' | 'generate' | 'help';
  file?: string;
  format?: PolicyFormat;
  out?: string;
  options: GenerateOptions;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help', options: {} };
  if (command !== 'lint' && command !== 'generate') throw new UsageError(`Unknown command "${command}".`);
  const parsed: ParsedArgs = { command, options: {} };
  const valueOf = (i: number, flag: string): string => {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = valueOf(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--format': {
        const f = take();
        if (!(POLICY_FORMATS as readonly string[]).includes(f)) throw new UsageError(`Unknown format "${f}"; use one of ${POLICY_FORMATS.join(', ')}.`);
        parsed.format = f as PolicyFormat;
        break;
      }
      case '--out':
        parsed.out = take();
        break;
      case '--update-url':
        parsed.options.updateUrl = take();
        break;
      case '--extension-id':
        parsed.options.extensionId = take();
        break;
      case '--no-force-install':
        parsed.options.forceInstall = false;
        break;
      case '--forcelist-index': {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--forcelist-index needs a positive whole number.');
        parsed.options.forcelistIndex = n;
        break;
      }
      case '--payload-identifier':
        parsed.options.payloadIdentifier = take();
        break;
      case '--organization':
        parsed.options.organization = take();
        break;
      default:
        if (arg.startsWith('--')) throw new UsageError(`Unknown option "${arg}".`);
        if (parsed.file !== undefined) throw new UsageError(`Unexpected argument "${arg}".`);
        parsed.file = arg;
    }
  }
  if (parsed.file === undefined) throw new UsageError('Missing <policy.json>.');
  if (command === 'generate' && parsed.format === undefined) throw new UsageError('generate needs --format.');
  if (command === 'lint' && (parsed.format !== undefined || parsed.out !== undefined)) throw new UsageError('lint takes only <policy.json>.');
  return parsed;
}

/** Reads the policy file; returns the parsed value or one problem line. */
function readPolicyFile(io: CliIo, file: string): { value?: unknown; problem?: string } {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    return { problem: `error: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (!keys.some((k) => POLICY_KEYS.includes(k)) && (keys.includes('3rdparty') || keys.includes('policies'))) {
        return {
          problem: `error: ${file} looks like a generated policy file; pass the policy object itself (what goes under 3rdparty.extensions.<id>), with keys such as ${POLICY_KEYS.slice(0, 3).join(', ')}.`,
        };
      }
    }
    return { value };
  } catch (err) {
    return { problem: `error: ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const errorLine = (r: Rejection) => `error: ${formatRejection(r)}`;
const warningLine = (w: LintWarning) => `warning: ${w.message}`;

export function runCli(argv: readonly string[], io: CliIo): number {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const file = args.file ?? '';
  const read = readPolicyFile(io, file);
  if (read.problem) {
    (args.command === 'lint' ? io.stdout : io.stderr)(`${read.problem}\n`);
    return 1;
  }
  const { rejected, warnings, policy } = validatePolicy(read.value);

  if (args.command === 'lint') {
    for (const r of rejected) io.stdout(`${errorLine(r)}\n`);
    for (const w of warnings) io.stdout(`${warningLine(w)}\n`);
    if (rejected.length > 0) {
      io.stderr(`${file}: ${rejected.length} problem${rejected.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}.\n`);
      return 1;
    }
    io.stdout(`${file}: valid${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''}.\n`);
    return 0;
  }

  // generate
  if (rejected.length > 0) {
    for (const r of rejected) io.stderr(`${errorLine(r)}\n`);
    io.stderr(`${file}: not generated: ${rejected.length} problem${rejected.length === 1 ? '' : 's'}.\n`);
    return 1;
  }
  for (const w of warnings) io.stderr(`${warningLine(w)}\n`);
  let generated;
  try {
    generated = GENERATORS[args.format as PolicyFormat](policy, args.options);
  } catch (err) {
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const bytes = toBytes(generated);
  if (args.out) {
    try {
      io.writeFile(args.out, bytes);
    } catch (err) {
      io.stderr(`error: cannot write ${args.out}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    io.stderr(`wrote ${args.out} (${generated.format})\n`);
  } else {
    io.writeStdout(bytes);
  }
  for (const note of generated.notes) io.stderr(`note: ${note}\n`);
  return 0;
}

export const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
  writeFile: (p, d) => writeFileSync(p, d),
  writeStdout: (d) => process.stdout.write(d),
};

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  process.exitCode = runCli(process.argv.slice(2), nodeIo);
}
