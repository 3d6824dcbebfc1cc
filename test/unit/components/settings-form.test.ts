import { describe, expect, it } from 'vitest';
import { checkSettingsForm, settingsToForm, USER_SETTING_KEYS } from '../../../components/options/settings-form';
import { navSections } from '../../../components/options/sections';
import { resolveEffectiveConfig } from '../../../utils/config/resolve';
import type { LocalConfig, ValidatedPolicy } from '../../../utils/config/types';
import { emptyLocalConfig } from '../../../utils/config/validate';
import { en } from './en';

function setup(policy: ValidatedPolicy, settings: LocalConfig['settings'] = {}) {
  const local: LocalConfig = { ...emptyLocalConfig(), settings };
  const config = resolveEffectiveConfig({ policy, local });
  const check = (patch: Record<string, boolean | string>) =>
    checkSettingsForm({ ...settingsToForm(config.settings), ...patch } as never, config.settings, config.settingDefaults, local, en);
  return { local, config, check };
}

describe('settings form', () => {
  it('shows the effective values, numbers as text', () => {
    const { config } = setup({ defaults: { statusRefreshMinutes: 30 } }, { maxStoredDocumentsMb: 400 });
    expect(settingsToForm(config.settings)).toMatchObject({ confirmBeforeSend: true, statusRefreshMinutes: '30', maxStoredDocumentsMb: '400', showUsageReport: true });
  });

  it('stores only values that differ from the default, so untouched settings follow the organisation', () => {
    const { check } = setup({ defaults: { statusRefreshMinutes: 30 } });
    const unchanged = check({});
    expect(unchanged).toMatchObject({ ok: true, changed: [] });
    expect(unchanged.config.settings).toEqual({});
    const changed = check({ statusRefreshMinutes: ' 45 ', showUsageReport: false });
    expect(changed.ok).toBe(true);
    expect(changed.config.settings).toEqual({ statusRefreshMinutes: 45, showUsageReport: false });
    expect(changed.changed).toEqual(['statusRefreshMinutes', 'showUsageReport']);
  });

  it('going back to the default removes the stored value', () => {
    const { check } = setup({ defaults: { statusRefreshMinutes: 30 } }, { statusRefreshMinutes: 45, confirmBeforeSend: false });
    const r = check({ statusRefreshMinutes: '30' });
    expect(r.config.settings).toEqual({ confirmBeforeSend: false });
    expect(r.changed).toEqual(['statusRefreshMinutes']);
  });

  it('never writes a locked setting and keeps what the user stored before it was locked', () => {
    const { check, config } = setup({ settings: { confirmBeforeSend: true } }, { confirmBeforeSend: false });
    expect(config.settings.confirmBeforeSend).toMatchObject({ value: true, locked: true });
    const r = check({ confirmBeforeSend: false, statusRefreshMinutes: '60' });
    expect(r.config.settings).toEqual({ confirmBeforeSend: false, statusRefreshMinutes: 60 });
    expect(r.changed).toEqual(['statusRefreshMinutes']);
  });

  it('keeps settings the form does not show (allowLocalProfiles) and every other part of the local config', () => {
    const { local, check } = setup({}, { allowLocalProfiles: true });
    const withRest: LocalConfig = { ...local, routingRules: [{ id: 'r', match: {}, profiles: ['p'] }] };
    const { settings, settingDefaults } = resolveEffectiveConfig({ local: withRest });
    const r = checkSettingsForm({ ...settingsToForm(settings), showUsageReport: false }, settings, settingDefaults, withRest, en);
    expect(r.config.settings).toEqual({ allowLocalProfiles: true, showUsageReport: false });
    expect(r.config.routingRules).toEqual(withRest.routingRules);
    expect(check({}).config.settings).toEqual({ allowLocalProfiles: true });
    expect(USER_SETTING_KEYS).not.toContain('allowLocalProfiles');
  });

  it.each([
    ['14', 'statusRefreshMinutes', 'Enter a whole number from 15 to 1440.'],
    ['1441', 'statusRefreshMinutes', 'Enter a whole number from 15 to 1440.'],
    ['', 'statusRefreshMinutes', 'Enter a whole number from 15 to 1440.'],
    ['20.5', 'statusRefreshMinutes', 'Enter a whole number from 15 to 1440.'],
    ['1e3', 'maxStoredDocumentsMb', 'Enter a whole number from 10 to 2048.'],
    ['-20', 'maxStoredDocumentsMb', 'Enter a whole number from 10 to 2048.'],
    ['20 MB', 'maxStoredDocumentsMb', 'Enter a whole number from 10 to 2048.'],
  ])('refuses %j for %s with a message that says what fits', (typed, key, message) => {
    const { check } = setup({});
    const r = check({ [key]: typed });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual({ [key]: [message] });
  });

  it('accepts the bounds', () => {
    const { check } = setup({});
    expect(check({ statusRefreshMinutes: '15', maxStoredDocumentsMb: '2048' }).config.settings).toEqual({ statusRefreshMinutes: 15, maxStoredDocumentsMb: 2048 });
  });

  it('lists Usage in the nav only while the usage report is shown', () => {
    expect(navSections(true).map((s) => s.id)).toContain('usage');
    expect(navSections(false).map((s) => s.id)).not.toContain('usage');
    expect(navSections(false).map((s) => s.id)).toContain('settings');
  });
});
