/**
 * Base64 for large documents (up to tens of MB) in the background worker, where Buffer does not
 * exist. Linear time, one output allocation, no string concatenation in a loop, no spread/apply of
 * huge argument lists (so no stack overflow). Uses the native Uint8Array.prototype.toBase64 when
 * the runtime has it.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
/**
 * Two output characters per 12 input bits, laid out in memory order for the platform, so that one
 * 32-bit store writes the four characters of a 3-byte group.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) {
  const first = CODES[i >> 6]!;
  const second = CODES[i & 63]!;
  PAIRS[i] = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
}

/** Length of the base64 text for n bytes (with padding): 4 · ceil(n / 3). */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}

type WithToBase64 = Uint8Array & { toBase64?: () => string };

export function bytesToBase64(input: Uint8Array | ArrayBuffer): string {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const native = (bytes as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  return encodePortable(bytes);
}

/** The portable encoder (exported for tests; bytesToBase64 prefers the native one). */
export function encodePortable(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(base64Length(n));
  const full = n - (n % 3);
  // out.length is a multiple of 4, so a 32-bit view covers it exactly.
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
  let k = 0;
  if (LITTLE_ENDIAN) {
    for (let i = 0; i < full; i += 3, k++) {
      const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out32[k] = PAIRS[triple >>> 12]! | (PAIRS[triple & 4095]! << 16);
    }
  } else {
    for (let i = 0; i < full; i += 3, k++) {
      const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out32[k] = (PAIRS[triple >>> 12]! << 16) | PAIRS[triple & 4095]!;
    }
  }
  const o = k * 4;
  const rest = n - full;
  if (rest === 1) {
    const v = bytes[full]!;
    out[o] = CODES[v >> 2]!;
    out[o + 1] = CODES[(v & 3) << 4]!;
    out[o + 2] = 61; // '='
    out[o + 3] = 61;
  } else if (rest === 2) {
    const v = (bytes[full]! << 8) | bytes[full + 1]!;
    out[o] = CODES[v >> 10]!;
    out[o + 1] = CODES[(v >> 4) & 63]!;
    out[o + 2] = CODES[(v & 15) << 2]!;
    out[o + 3] = 61;
  }
  return asciiToString(out);
}

/** ASCII bytes to a string, in chunks (String.fromCharCode.apply on 32 Ki arguments at a time). */
function asciiToString(ascii: Uint8Array): string {
  if (typeof TextDecoder === 'function') {
    // Every byte is ASCII, so UTF-8 decoding (with its fast ASCII path) is exact.
    return new TextDecoder().decode(ascii);
  }
  const CHUNK = 0x8000;
  const parts: string[] = [];
  for (let i = 0; i < ascii.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, ascii.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}
