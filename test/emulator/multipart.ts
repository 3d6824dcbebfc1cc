// Minimal multipart/form-data parser for DocuSign's multipart envelope requests: a JSON part with the
// envelope definition, then one part per document whose Content-Disposition names its `documentid`.

export interface MultipartPart {
  headers: Record<string, string>;
  /** Parameters of Content-Disposition (lower-cased names), e.g. name, filename, documentid. */
  disposition: Record<string, string>;
  dispositionType: string;
  contentType: string;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function parseDisposition(value: string): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const item of rest) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    let val = item.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1);
    params[key] = val;
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Parses a multipart body; returns null when it is malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return null;
  for (;;) {
    pos += delimiter.length;
    // Closing delimiter?
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
    // Skip transport padding and CRLF after the delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    else return null;
    let headerEnd = body.indexOf('\r\n\r\n', pos);
    let sepLen = 4;
    if (headerEnd < 0) {
      headerEnd = body.indexOf('\n\n', pos);
      sepLen = 2;
    }
    if (headerEnd < 0) return null;
    const headerText = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + sepLen);
    if (next < 0) return null;
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disp = parseDisposition(headers['content-disposition'] ?? '');
    parts.push({
      headers,
      disposition: disp.params,
      dispositionType: disp.type,
      contentType: (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
      body: body.subarray(headerEnd + sepLen, next),
    });
    pos = next + 2;
  }
}
