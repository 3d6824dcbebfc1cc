/** Configuration / policy core. See resolve.ts (tiers), validate.ts (policy checks), lint.ts. */
export * from './types';
export * from './checks';
export * from './settings';
export * from './templates';
export * from './routing';
export * from './lint';
export * from './validate';
export * from './resolve';
export * from './selection-store';
export * from './local-store';
export * from './policy-source';
export { MANAGED_SCHEMA, POLICY_KEYS } from './schema';
