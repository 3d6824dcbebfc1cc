import { describe, expect, it } from 'vitest';
import { fieldOf, fieldReason, rejectionsUnder, splitRejections } from '../../../components/rejections';

describe('rejection paths to form fields', () => {
  it('maps paths relative to the entry', () => {
    expect(fieldOf('profiles[2].integrationKey', 'profiles[2]')).toBe('integrationKey');
    expect(fieldOf('profiles[2].scopes[1]', 'profiles[2]')).toBe('scopes');
    expect(fieldOf('profiles[2]', 'profiles[2]')).toBe('');
    expect(fieldOf('profiles[3].id', 'profiles[2]')).toBeNull();
    expect(fieldOf('profiles[20].id', 'profiles[2]')).toBeNull();
    expect(fieldOf('routingRules[0].match.emails[3]', 'routingRules[0]')).toBe('emails');
    expect(fieldOf('routingRules[0].match', 'routingRules[0]')).toBe('');
    expect(fieldOf('routingRules[0].match.attributes[1].name', 'routingRules[0]')).toBe('attributes[1].name');
    expect(fieldOf('routingRules[0].match.attributes[1].in', 'routingRules[0]')).toBe('attributes[1].value');
    expect(fieldOf('routingRules[0].match.attributes[1]', 'routingRules[0]')).toBe('attributes[1]');
    expect(fieldOf('routingRules[0].profiles[0]', 'routingRules[0]')).toBe('profiles');
    expect(fieldOf('fallback.defaultProfile', 'fallback')).toBe('defaultProfile');
  });

  it('shortens reasons shown next to their field', () => {
    expect(fieldReason('profiles[0].label is empty: a label users see must not be blank. This profile is not applied.', 'profiles[0]')).toBe(
      'Label is empty: a label users see must not be blank.',
    );
    expect(
      fieldReason(
        'routingRules[1].match.emailDomains[0]: "x y" is not a domain name. This rule is not applied: the users it was meant for fall through to later rules or the fallback.',
        'routingRules[1]',
      ),
    ).toBe('"x y" is not a domain name.');
  });

  it('splits the entry’s problems from the others', () => {
    const { fields, others } = splitRejections(
      [
        { path: 'profiles[1].integrationKey', code: 'bad-guid', reason: 'Integration key "x" is not a GUID. This profile is not applied.' },
        { path: 'routingRules[0].profiles[0]', code: 'unknown-profile', reason: 'dropped' },
      ],
      'profiles[1]',
    );
    expect(fields).toEqual({ integrationKey: ['Integration key "x" is not a GUID.'] });
    expect(others.map((o) => o.path)).toEqual(['routingRules[0].profiles[0]']);
    expect(rejectionsUnder(others, 'routingRules').length).toBe(1);
    expect(rejectionsUnder(others, 'routing').length).toBe(0);
  });
});
