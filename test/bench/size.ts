import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** A built file's size as shipped (minified) and gzipped at level 9. */
export interface FileSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

function fileSize(file: string): FileSize {
  const raw = readFileSync(file);
  return { file, rawBytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
}

export interface SizeReport extends FileSize {
  /** Largest inputs of the bundle (esbuild re-bundle of the same entry, minified, bytes in output). */
  top: Array<{ input: string; bytes: number }> | null;
  topNote?: string;
}

/** The content script as built (WXT production builds are minified), gzipped at level 9. */
export async function contentScriptSize(extDir: string, root: string): Promise<SizeReport> {
  const report: SizeReport = { ...fileSize(path.join(extDir, 'content-scripts/demo-host.js')), top: null };
  try {
    report.top = await largestInputs(root);
  } catch (error) {
    report.topNote = `no breakdown (${String(error).slice(0, 120)})`;
  }
  return report;
}

/**
 * The send flow (entrypoints/send-module), which the background injects into a host page only when
 * its user is about to send (utils/content/send-loader.ts): not part of any page load.
 */
export function sendModuleSize(extDir: string): FileSize {
  return fileSize(path.join(extDir, 'send-module.js'));
}

/**
 * What takes the space: esbuild (vite's own, already installed) bundles the same entry minified
 * and reports each input's bytes in the output. WXT's auto-imported globals are left unresolved,
 * which only drops WXT's small wrapper from the numbers.
 */
async function largestInputs(root: string): Promise<Array<{ input: string; bytes: number }>> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['entrypoints/demo-host.content/index.ts'],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: 'out.js',
    logLevel: 'silent',
    loader: { '.json': 'json' },
    define: { 'import.meta.env.MODE': '"production"', 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
  });
  const output = Object.values(result.metafile.outputs)[0];
  if (!output) return [];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? `npm:${m[1]}` : input;
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 10);
}
