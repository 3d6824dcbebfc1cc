import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AnnouncerProvider } from '../../../components/Announcer';
import { SignInErrorView } from '../../../components/connection/SignInErrorView';
import { TextField } from '../../../components/Field';
import { MySection } from '../../../components/options/MySection';
import { ProfilesSection } from '../../../components/options/ProfilesSection';
import { RulesSection } from '../../../components/options/RulesSection';
import { SettingsSection } from '../../../components/options/SettingsSection';
import type { UiStateHandle } from '../../../components/ui-state';
import { resolveEffectiveConfig } from '../../../utils/config/resolve';
import { DEFAULT_SETTINGS } from '../../../utils/config/settings';
import type { HostUser, LocalConfig } from '../../../utils/config/types';
import { validatePolicy } from '../../../utils/config/validate';
import { BUILTIN_ADAPTERS } from '../../../utils/host/builtin-adapters';
import { uiToBackground, type UiState } from '../../../utils/messaging/ui-protocol';
import { en } from './en';
import { useMountPoint } from './mount-point';

const KEY = '6f1c9a42-3b8e-4d27-9c55-2f0a8e7d1b34';
const EU = 'e4b8a2c6-9d1f-4a3e-8b7c-5d6e7f809a1b';
const NA = '7d3e9c1a-4b2f-4e8d-a6c5-1f0e2d3c4b5a';

const POLICY = {
  profiles: [
    { id: 'acme-eu', label: 'Acme EU', environment: 'demo', integrationKey: KEY, accountId: EU },
    { id: 'acme-na', label: 'Acme NA', environment: 'demo', integrationKey: KEY, accountId: NA },
    { id: 'broken', label: 'Broken', environment: 'demo', integrationKey: 'nope' },
  ],
  routingRules: [{ id: 'eu', match: { attributes: [{ name: 'region', equals: 'EU' }] }, profiles: ['acme-eu', 'acme-na'], allowChoice: false }],
  fallback: { deny: true, message: 'Ask IT.' },
};
const LOCAL: LocalConfig = {
  profiles: [{ id: 'mine', label: 'Mine', environment: 'demo', integrationKey: KEY }],
  routingRules: [],
  hostAdapters: [],
  settings: {},
};
const EMMA: HostUser = { origin: 'https://app.example', id: 'u-1', email: 'emma@acme-eu.example', name: 'Emma', attributes: { region: 'EU' } };

function uiState(options: { policy?: object | null; local?: LocalConfig; hostUser?: HostUser | null; stored?: string | null }): UiState {
  const v = validatePolicy(options.policy ?? {});
  const hostUser = options.hostUser ?? null;
  const config = resolveEffectiveConfig({
    defaults: { settings: { ...DEFAULT_SETTINGS }, hostAdapters: BUILTIN_ADAPTERS },
    local: options.local ?? LOCAL,
    policy: v.policy,
    hostUser,
    storedSelection: options.stored ?? null,
  });
  const known = hostUser ? { key: `${hostUser.origin}|${hostUser.id}`, hostUser, adapterId: 'demo-host', lastSeenAt: 0 } : null;
  return {
    info: { extensionId: 'x', version: '0', redirectUri: 'https://x.chromiumapp.org/', browserName: 'chrome' },
    policy: { status: options.policy ? 'managed' : 'unmanaged', origin: 'managed-storage', readAt: 0, rejected: v.rejected, warnings: v.warnings, diagnostics: [] },
    config,
    local: options.local ?? LOCAL,
    hostUsers: known ? [known] : [],
    currentHostUser: known,
    sessions: [],
    selectorHealth: [],
  };
}

const handle = (state: UiState): UiStateHandle => ({ state, loadError: null, hostUserKey: null, setHostUserKey: () => undefined, refresh: async () => undefined });

function show(node: preact.ComponentChildren): HTMLElement {
  act(() => render(<AnnouncerProvider>{node}</AnnouncerProvider>, mount.root));
  return mount.root;
}

beforeEach(() => {
  (fakeBrowser.i18n as unknown as { getMessage: typeof en }).getMessage = en;
});
const mount = useMountPoint();

describe('fields', () => {
  it('tie help and errors to the control', () => {
    const el = show(<TextField id="f" label="Integration key" help="A GUID" errors={['Not a GUID']} value="x" onValue={() => undefined} />);
    const input = el.querySelector('input')!;
    expect(el.querySelector('label')?.getAttribute('for')).toBe('f');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('f-error f-help');
    expect(el.querySelector('#f-error')?.textContent).toContain('Not a GUID');
    const clean = show(<TextField id="g" label="Label" value="" onValue={() => undefined} />).querySelector('input')!;
    expect(clean.hasAttribute('aria-invalid')).toBe(false);
    expect(clean.hasAttribute('aria-describedby')).toBe(false);
  });
});

describe('policy-managed sections', () => {
  it('show managed profiles read-only, with the user’s ignored profile and the rejected count', () => {
    const el = show(<ProfilesSection state={uiState({ policy: POLICY })} refresh={async () => undefined} />);
    expect(el.querySelectorAll('h2')).toHaveLength(1);
    expect(el.querySelectorAll('li[data-profile-id]')).toHaveLength(2);
    expect([...el.querySelectorAll('.managed-note')].filter((n) => n.textContent?.includes('Managed by your administrator')).length).toBeGreaterThanOrEqual(2);
    expect([...el.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Delete mine']);
    expect(el.querySelector('[data-testid="ignored"]')?.textContent).toContain('mine');
    expect(el.querySelector('[data-testid="policy-rejected-note"]')?.textContent).toMatch(/^1 problem/);
  });

  it('lets users edit their profiles when nothing is managed', () => {
    const el = show(<ProfilesSection state={uiState({})} refresh={async () => undefined} />);
    expect([...el.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Edit', 'Delete', 'Add a profile']);
    expect(el.querySelector('.badge')?.textContent).toContain('Yours');
  });

  it('show managed routing rules without edit controls', () => {
    const el = show(<RulesSection state={uiState({ policy: POLICY })} refresh={async () => undefined} />);
    expect(el.querySelector('[data-rule="eu"]')?.textContent).toContain('Users with region = EU');
    expect(el.querySelectorAll('button')).toHaveLength(0);
    expect(el.querySelector('[data-testid="fallback-summary"]')?.textContent).toContain('Everyone else may not send ("Ask IT.")');
  });
});

describe('routing rules next to policy profiles', () => {
  const profilesOnly = { profiles: POLICY.profiles };
  const withRule: LocalConfig = {
    ...LOCAL,
    routingRules: [{ id: 'na', match: { emailDomains: ['acme.example'] }, profiles: ['acme-na', 'acme-uk'], defaultProfile: 'acme-na' }],
  };

  it("lists the policy's profiles in the rule form and marks a reference no profile has", () => {
    const el = show(<RulesSection state={uiState({ policy: profilesOnly, local: withRule })} refresh={async () => undefined} />);
    const rule = el.querySelector('[data-rule="na"]')!;
    expect(rule.textContent).toContain('Acme NA and acme-uk (no profile with this id)');
    act(() => (el.querySelector('[data-edit-rule="na"]') as HTMLButtonElement).click());
    const boxes = [...el.querySelectorAll<HTMLInputElement>('[data-testid="rule-form"] input[type="checkbox"][id^="rf-"]')].filter((b) => b.id !== 'rf-choice');
    const labelled = boxes.map((b) => `${el.querySelector(`label[for="${b.id}"]`)?.textContent}=${b.checked}`);
    expect(labelled).toEqual(['Acme EU (acme-eu)=false', 'Acme NA (acme-na)=true', 'acme-uk (no profile with this id)=true']);
  });
});

describe('My DocuSign', () => {
  it('says how to get a host user when none was seen', () => {
    const el = show(<MySection ui={handle(uiState({}))} state={uiState({})} />);
    expect(el.querySelector('[data-testid="no-host-user"]')?.textContent).toContain(
      'Open your business app in this browser; the extension learns who you are there.',
    );
  });

  it('disables the profile choice the administrator fixed, and shows a stale choice', () => {
    const state = uiState({ policy: POLICY, hostUser: EMMA, stored: 'acme-na' });
    const el = show(<MySection ui={handle(state)} state={state} />);
    const fieldset = el.querySelector('fieldset.profile-choice') as HTMLFieldSetElement;
    expect(fieldset.disabled).toBe(true);
    expect(fieldset.textContent).toContain('Managed by your administrator');
    expect(fieldset.getAttribute('aria-describedby')).toBe('profile-choice-note');
    expect((el.querySelector('#choice-acme-eu') as HTMLInputElement).checked).toBe(true);
    expect(el.querySelector('[data-testid="selection-notice"]')?.textContent).toContain('Acme NA');
    expect(el.querySelector('[data-testid="matched-rule"]')?.textContent).toContain('Routing rule "eu" applies to you: Users with region = EU.');
  });

  it('shows the denial', () => {
    const state = uiState({ policy: POLICY, hostUser: { ...EMMA, attributes: { region: 'US' } } });
    const el = show(<MySection ui={handle(state)} state={state} />);
    expect(el.querySelector('[data-testid="denied"]')?.textContent).toContain('Ask IT.');
    expect(el.querySelectorAll('section.connection')).toHaveLength(0);
  });
});

describe('sign-in errors', () => {
  const user = { sub: 's', name: 'Emma Schmidt', email: 'emma@acme-eu.example' };
  const accounts = [
    { accountId: EU, accountName: 'Acme Europe GmbH', baseUri: 'https://eu.docusign.net', isDefault: true },
    { accountId: NA, accountName: 'Acme Corp NA', baseUri: 'https://na3.docusign.net', isDefault: false },
  ];

  it('for not_member: who signed in, their accounts, the account needed, and a different-user button', () => {
    const el = show(
      <SignInErrorView
        id="e"
        profileLabel="Acme CA"
        busy={false}
        onDifferentUser={() => undefined}
        onChooseAccount={() => undefined}
        error={{ code: 'not_member', message: 'long', details: { user, accounts, requiredAccountId: 'c1a5d9e3-2f7b-4c8a-9d0e-6f1a2b3c4d5e', suggestedAction: 'sign_in_as_different_user' } }}
      />,
    );
    const text = el.textContent ?? '';
    expect(text).toContain('This DocuSign user cannot send for Acme CA');
    expect(text).toContain('Signed in to DocuSign as Emma Schmidt (emma@acme-eu.example).');
    expect(text).toContain('c1a5d9e3-2f7b-4c8a-9d0e-6f1a2b3c4d5e');
    expect(el.querySelectorAll('.account-list li')).toHaveLength(2);
    expect([...el.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Sign in as a different DocuSign user']);
  });

  it('for needs_account_choice: the accounts as a radio group with the default checked', () => {
    let chosen = '';
    const el = show(
      <SignInErrorView
        id="e"
        profileLabel="Any"
        busy={false}
        onDifferentUser={() => undefined}
        onChooseAccount={(id) => (chosen = id)}
        error={{ code: 'needs_account_choice', message: 'Choose', details: { user, accounts, defaultAccountId: EU } }}
      />,
    );
    const radios = [...el.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.checked)).toEqual([true, false]);
    expect(el.querySelector('legend')?.textContent).toBe('Choose the DocuSign account to send from');
    act(() => {
      radios[1]!.click();
    });
    act(() => {
      el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    });
    expect(chosen).toBe(NA);
  });
});

describe('Settings', () => {
  const described = (el: HTMLElement, id: string) =>
    (el.querySelector(`#${id}`)?.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((d) => el.querySelector(`#${d}`)?.textContent ?? '')
      .join(' | ');

  it('disables what the policy locks and names where every other value comes from', () => {
    const policy = { settings: { confirmBeforeSend: true }, defaults: { statusRefreshMinutes: 30 } };
    const local: LocalConfig = { ...LOCAL, settings: { maxStoredDocumentsMb: 400 } };
    const el = show(<SettingsSection state={uiState({ policy, local })} refresh={async () => undefined} />);
    const confirm = el.querySelector<HTMLInputElement>('#setting-confirmBeforeSend')!;
    expect(confirm.disabled && confirm.checked).toBe(true);
    expect(described(el, 'setting-confirmBeforeSend')).toContain('Managed by your administrator');
    expect(el.querySelector<HTMLInputElement>('#setting-statusRefreshMinutes')!.value).toBe('30');
    expect(described(el, 'setting-statusRefreshMinutes')).toContain('Default, set by your organisation.');
    expect(described(el, 'setting-maxStoredDocumentsMb')).toContain('Your own value. Default: 200.');
    expect(described(el, 'setting-showUsageReport')).toContain('Default.');
    // allowLocalProfiles is the administrator's: not in the form.
    expect(el.querySelector('#setting-allowLocalProfiles')).toBeNull();
    expect([...el.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual([
      'Use the default for "Space for documents waiting to be sent (MB)"',
      'Save settings',
      'Undo changes',
    ]);
  });

  it('keeps the form and shows why when the background cannot save', async () => {
    // The background answers with an error (as @webext-core/messaging re-throws a handler's error).
    const send = vi.spyOn(uiToBackground, 'sendMessage').mockRejectedValue(new Error('QuotaExceededError: storage is full'));
    const el = show(<SettingsSection state={uiState({})} refresh={async () => undefined} />);
    const usage = el.querySelector<HTMLInputElement>('#setting-showUsageReport')!;
    await act(async () => {
      usage.click();
    });
    expect(usage.checked).toBe(false);
    await act(async () => {
      el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    });
    try {
      await vi.waitFor(() => expect(el.querySelector('.notice-error')).not.toBeNull());
      expect(send).toHaveBeenCalledWith('ui:saveLocalConfig', { config: { ...LOCAL, settings: { showUsageReport: false } } });
    } finally {
      send.mockRestore();
    }
    // The background's reason is shown in the form; the user's change is still there to save again.
    expect(el.querySelector('.notice-error')?.textContent).toContain('QuotaExceededError: storage is full');
    expect(usage.checked).toBe(false);
    const undo = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Undo changes');
    expect(undo?.disabled).toBe(false);
  });
});
