/**
 * The demo data: documents, customer records, special and hostile documents.
 * Everything is deterministic (no clock, no randomness) so that saved HTML fixtures stay stable.
 */
import type { HostUser } from './users.ts';

export type DocContent = 'pdf' | 'docx' | 'exe' | 'empty';

export interface HostDoc {
  readonly id: string;
  readonly fileName: string;
  /** Value of `data-file-type`. */
  readonly fileType: string;
  /** Exact byte size of the file served at /files/:id/:name. */
  readonly bytes: number;
  readonly contactName: string;
  readonly contactEmail: string;
  /** Link target if not the normal `/files/<id>/<name>` (hostile rows only). */
  readonly href?: string;
  readonly content: DocContent;
  /** Large files are generated once, without user-specific text, and cached under this key. */
  readonly cacheKey?: string;
}

export interface HostContact {
  readonly company: string;
  readonly name: string;
  readonly email: string;
}

export interface HostRecord {
  readonly id: string;
  readonly title: string;
  readonly company: string;
  readonly stage: string;
  readonly value: string;
  readonly contact: HostContact;
  readonly attachments: readonly HostDoc[];
}

const KB = 1024;
const MB = 1024 * 1024;
export const MAX_ROWS = 10000;
export const DEFAULT_ROWS = 12;

const CONTACTS: Record<string, readonly HostContact[]> = {
  DE: [
    { company: 'Kunde GmbH', name: 'Hans Müller', email: 'hans.mueller@kunde.example' },
    { company: 'Nordlicht Logistik AG', name: 'Anna Weiß', email: 'anna.weiss@nordlicht.example' },
    { company: 'Bergmann & Söhne KG', name: 'Jürgen Bergmann', email: 'j.bergmann@bergmann-soehne.example' },
    { company: 'Rheinwerk Solar GmbH', name: 'Lena Hoffmann', email: 'lena.hoffmann@rheinwerk-solar.example' },
    { company: 'Brauerei Kühn', name: 'Matthias Kühn', email: 'm.kuehn@brauerei-kuehn.example' },
  ],
  FR: [
    { company: 'Lumière SARL', name: 'Élodie Lefèvre', email: 'elodie.lefevre@lumiere.example' },
    { company: 'Boulangeries Dupont', name: 'François Dupont', email: 'francois.dupont@dupont.example' },
    { company: 'Atelier Moreau', name: 'Chloé Moreau', email: 'chloe.moreau@atelier-moreau.example' },
    { company: 'Transports Girard SA', name: 'Benoît Girard', email: 'b.girard@transports-girard.example' },
    { company: 'Vignobles Rousseau', name: 'Amélie Rousseau', email: 'amelie@vignobles-rousseau.example' },
  ],
  CA: [
    { company: 'Maple Ridge Holdings Inc.', name: 'Sophie Gagnon', email: 'sophie.gagnon@mapleridge.example' },
    { company: 'Northern Lights Outfitters', name: 'Ethan MacDonald', email: 'ethan.macdonald@northernlights.example' },
    { company: 'Boréal Énergie', name: 'Jean-François Côté', email: 'jf.cote@boreal-energie.example' },
    { company: 'Prairie Grain Co-op', name: 'Olivia Wilson', email: 'owilson@prairiegrain.example' },
    { company: 'Harbourfront Dental', name: 'Priya Singh', email: 'priya.singh@harbourfront.example' },
  ],
  US: [
    { company: 'Blue Ridge Manufacturing', name: 'Michael Johnson', email: 'michael.johnson@blueridge.example' },
    { company: 'Sunset Realty Group', name: 'Maria Garcia', email: 'mgarcia@sunsetrealty.example' },
    { company: 'Lone Star Freight', name: 'Robert Williams', email: 'rwilliams@lonestarfreight.example' },
    { company: 'Evergreen Health Partners', name: 'Emily Davis', email: 'emily.davis@evergreenhealth.example' },
    { company: 'Harbor Point Software', name: 'David Chen', email: 'david.chen@harborpoint.example' },
  ],
  AU: [
    { company: 'Southern Cross Mining Pty Ltd', name: 'Jack Thompson', email: 'jack.thompson@southerncross.example' },
    { company: 'Coral Coast Tourism', name: 'Chloe Nguyen', email: 'chloe.nguyen@coralcoast.example' },
    { company: 'Outback Solar Pty Ltd', name: 'Mia Campbell', email: 'mia.campbell@outbacksolar.example' },
    { company: 'Harbour City Legal', name: 'Noah Williams', email: 'noah.williams@harbourcity.example' },
    { company: 'Red Gum Vineyards', name: 'Charlotte Kelly', email: 'charlotte@redgum.example' },
  ],
};

const CURRENCY: Record<string, string> = { DE: 'EUR', FR: 'EUR', CA: 'CAD', US: 'USD', AU: 'AUD' };

/** The twelve default rows; `contact` indexes the user's local contacts. */
const TEMPLATES: readonly { base: string; ext: 'pdf' | 'docx'; kb: number; contact: number }[] = [
  { base: 'Master Services Agreement', ext: 'pdf', kb: 84, contact: 0 },
  { base: 'Order Form Q3', ext: 'docx', kb: 36, contact: 1 },
  { base: 'Mutual NDA', ext: 'pdf', kb: 52, contact: 2 },
  { base: 'Data Processing Addendum', ext: 'pdf', kb: 148, contact: 0 },
  { base: 'Statement of Work – Phase 2', ext: 'docx', kb: 61, contact: 3 },
  { base: 'Price Quote 2027', ext: 'pdf', kb: 27, contact: 1 },
  { base: 'Renewal Letter', ext: 'docx', kb: 22, contact: 0 },
  { base: 'Employment Contract', ext: 'pdf', kb: 96, contact: 4 },
  { base: 'Supplier Onboarding Form', ext: 'docx', kb: 44, contact: 2 },
  { base: 'Change Request 14', ext: 'pdf', kb: 31, contact: 3 },
  { base: 'Service Level Agreement', ext: 'pdf', kb: 118, contact: 4 },
  { base: 'Consulting Agreement', ext: 'docx', kb: 58, contact: 1 },
];

const RECORD_TOPICS = ['Renewal 2027', 'Onboarding', 'Expansion 2026', 'Support Contract', 'Partnership'];
const RECORD_STAGES = ['Negotiation', 'Proposal', 'Closed won', 'Contracting', 'Qualification'];
const RECORD_VALUES = [48000, 12500, 96000, 23400, 61000];

export function contactsFor(user: HostUser): readonly HostContact[] {
  return CONTACTS[user.country] ?? CONTACTS.US ?? [];
}

function contactAt(user: HostUser, i: number): HostContact {
  const list = contactsFor(user);
  const c = list[i % list.length];
  if (!c) throw new Error('no contacts');
  return c;
}

/** Regular document number `n` (1-based) of a user's list: `d-<n>`. Works for any n >= 1. */
export function docAt(user: HostUser, n: number): HostDoc {
  const t = TEMPLATES[(n - 1) % TEMPLATES.length];
  if (!t || n < 1) throw new RangeError(`no document ${n}`);
  const cycle = Math.floor((n - 1) / TEMPLATES.length) + 1;
  const contact = contactAt(user, t.contact + cycle - 1);
  const kb = cycle === 1 ? t.kb : t.kb + ((n * 7) % 20);
  return {
    id: `d-${n}`,
    fileName: cycle === 1 ? `${t.base}.${t.ext}` : `${t.base} v${cycle}.${t.ext}`,
    fileType: t.ext,
    bytes: kb * KB,
    contactName: contact.name,
    contactEmail: contact.email,
    content: t.ext,
  };
}

/** Extra rows shown by `/documents?special=1`. */
export function specialDocs(user: HostUser): HostDoc[] {
  const c = contactAt(user, 0);
  const who = { contactName: c.name, contactEmail: c.email };
  return [
    { id: 'big-30mb', fileName: 'Asset Register 2026 (scanned).pdf', fileType: 'pdf', bytes: 30 * MB, content: 'pdf', cacheKey: 'big-30mb', ...who },
    { id: 'too-big', fileName: 'Site Survey Photos (scanned).pdf', fileType: 'pdf', bytes: 33 * MB, content: 'pdf', cacheKey: 'too-big', ...who },
    { id: 'empty', fileName: 'Empty Upload.pdf', fileType: 'pdf', bytes: 0, content: 'empty', ...who },
    { id: 'unsupported', fileName: 'Setup Assistant.exe', fileType: 'exe', bytes: 48 * KB, content: 'exe', ...who },
    { id: 'odd-name', fileName: `Offer "Final" – Zoë's Über-Deal 🚀 <b>v2</b>.pdf`, fileType: 'pdf', bytes: 40 * KB, content: 'pdf', ...who },
  ];
}

/** Rows of `/hostile`: their names, contacts and links are attack strings (data, never markup). */
export function hostileDocs(): HostDoc[] {
  return [
    { id: 'h-1', fileName: '<img src=x onerror=alert(1)>.pdf', fileType: 'pdf', bytes: 20 * KB, content: 'pdf',
      contactName: '<script>alert("contact")</script>', contactEmail: '"><svg onload=alert(2)>@evil.example' },
    { id: 'h-2', fileName: '"><svg onload=alert(document.domain)>.docx', fileType: 'docx', bytes: 20 * KB, content: 'docx',
      contactName: `Eve "Mallory" O'Neil`, contactEmail: 'eve@evil.example' },
    { id: 'h-3', fileName: 'Invoice 2027-001.pdf', fileType: 'pdf', bytes: 20 * KB, content: 'pdf', href: 'javascript:alert(1)',
      contactName: 'Javascript Link', contactEmail: 'js@evil.example' },
    { id: 'h-4', fileName: 'evil.pdf', fileType: 'pdf', bytes: 20 * KB, content: 'pdf', href: 'http://127.0.0.2:9/evil.pdf',
      contactName: 'Other Origin', contactEmail: 'other@evil.example' },
    { id: 'h-5', fileName: 'Invoice\u202Efdp.exe', fileType: 'pdf', bytes: 24 * KB, content: 'exe',
      contactName: 'Right-To-Left Override', contactEmail: 'rtlo@evil.example' },
    { id: 'h-6', fileName: 'Quote {{constructor.constructor("alert(6)")()}} ${alert(6)}.pdf', fileType: 'pdf', bytes: 20 * KB, content: 'pdf',
      contactName: 'Template Injection', contactEmail: 'bob@example.com\r\nBcc: everyone@evil.example' },
  ];
}

/** Finds any document a user may download: `d-<n>` (n <= MAX_ROWS + 10000), special and hostile ones. */
export function findDoc(user: HostUser, id: string): HostDoc | undefined {
  const m = /^d-([1-9][0-9]{0,5})$/.exec(id);
  if (m) {
    const n = Number(m[1]);
    return n <= 2 * MAX_ROWS ? docAt(user, n) : undefined;
  }
  return [...specialDocs(user), ...hostileDocs()].find((d) => d.id === id);
}

export function fileHref(doc: HostDoc): string {
  return doc.href ?? `/files/${encodeURIComponent(doc.id)}/${encodeURIComponent(doc.fileName)}`;
}

export function formatSize(bytes: number): string {
  if (bytes === 0) return '0 KB';
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / KB))} KB`;
  return `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function recordsFor(user: HostUser): HostRecord[] {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY[user.country] ?? 'USD', maximumFractionDigits: 0 });
  return contactsFor(user).map((contact, i) => ({
    id: `r-${i + 1}`,
    title: `${contact.company} – ${RECORD_TOPICS[i % RECORD_TOPICS.length] ?? ''}`,
    company: contact.company,
    stage: RECORD_STAGES[i % RECORD_STAGES.length] ?? '',
    value: money.format(RECORD_VALUES[i % RECORD_VALUES.length] ?? 0),
    contact,
    attachments: TEMPLATES.flatMap((t, j) => (t.contact === i ? [docAt(user, j + 1)] : [])),
  }));
}

export function findRecord(user: HostUser, id: string): HostRecord | undefined {
  return recordsFor(user).find((r) => r.id === id);
}
