/** Demo host app users. Every user logs in with the password {@link DEMO_PASSWORD}. */

export type HostRegion = 'EU' | 'CA' | 'NA' | 'AU';

export interface HostUser {
  /** Stable host user id, shown as `data-user-id`. */
  readonly id: string;
  /** Login name (`/login?as=<username>`). */
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly region: HostRegion;
  /** ISO 3166-1 alpha-2. Selects the locale of the user's contacts and documents. */
  readonly country: string;
  readonly department: string;
}

export const DEMO_PASSWORD = 'demo';

export const USERS: readonly HostUser[] = [
  { id: 'u-1001', username: 'emma', name: 'Emma Schmidt', email: 'emma.schmidt@acme-eu.example', region: 'EU', country: 'DE', department: 'Sales' },
  { id: 'u-2001', username: 'liam', name: 'Liam Tremblay', email: 'liam.tremblay@acme-ca.example', region: 'CA', country: 'CA', department: 'Legal' },
  { id: 'u-3001', username: 'jane', name: 'Jane Doe', email: 'jane.doe@acme.example', region: 'NA', country: 'US', department: 'Legal' },
  { id: 'u-4001', username: 'sam', name: 'Sam Outsider', email: 'sam.outsider@example.org', region: 'EU', country: 'FR', department: 'Contractors' },
  { id: 'u-5001', username: 'olivia', name: 'Olivia Brown', email: 'olivia.brown@acme-au.example', region: 'AU', country: 'AU', department: 'Sales' },
];

/** Finds a user by id (`u-1001`), username (`emma`) or email, case-insensitively. */
export function findUser(key: string): HostUser | undefined {
  const k = key.trim().toLowerCase();
  return USERS.find((u) => u.id === k || u.username === k || u.email === k);
}
