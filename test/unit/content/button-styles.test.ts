import { afterEach, describe, expect, it } from 'vitest';
import { BUTTON_HEIGHT_PX, sizeButtons } from '../../../utils/content/button-styles';
import { createSendButton } from '../../../utils/content/send-button';

/** The style rules (not @media) of the stylesheet every button adopts. */
const styleRules = () =>
  [...createSendButton().host.shadowRoot!.adoptedStyleSheets[0]!.cssRules].filter((rule): rule is CSSStyleRule => 'style' in rule);
/** The size rule in it, or undefined. */
const sizeRule = () => styleRules().find((rule) => rule.style.getPropertyValue('contain') !== '');

afterEach(() => {
  sizeButtons(null);
});

describe('sizeButtons', () => {
  it('fixes every host at the width given (whole pixels, rounded up) with size and layout containment, in the shared sheet', () => {
    expect(sizeButtons(235.2)).toBe(true);
    const rule = sizeRule()!;
    expect(rule.selectorText).toBe(':host');
    expect(rule.style.getPropertyValue('contain')).toBe('size layout style');
    expect(rule.style.getPropertyValue('contain-intrinsic-width')).toBe('236px');
    expect(rule.style.getPropertyValue('contain-intrinsic-height')).toBe(`${BUTTON_HEIGHT_PX}px`);
    // After the `all: initial` rule, or that would undo it.
    const rules = styleRules();
    expect(rules.indexOf(rule)).toBeGreaterThan(rules.findIndex((r) => r.style.getPropertyValue('all') === 'initial'));
  });

  it('changes the one rule for another width, and removes it for null', () => {
    sizeButtons(200);
    sizeButtons(250);
    expect(styleRules().filter((r) => r.style.getPropertyValue('contain') !== '')).toHaveLength(1);
    expect(sizeRule()!.style.getPropertyValue('contain-intrinsic-width')).toBe('250px');
    expect(sizeButtons(null)).toBe(false);
    expect(sizeRule()).toBeUndefined();
  });

  it('takes nothing a button could not measure: sized by content instead (a size of 0 would hide every button)', () => {
    for (const px of [Number.NaN, 0, 3, 5000, Number.POSITIVE_INFINITY, undefined as unknown as number, '240' as unknown as number]) {
      sizeButtons(240);
      expect(sizeButtons(px)).toBe(false);
      expect(sizeRule()).toBeUndefined();
    }
  });
});
