/** A button's width (px) as the labels with this key set it (buttonLabelKey in utils/content/send-button.ts). */
export interface ButtonWidth {
  labelKey: string;
  px: number;
}

/**
 * Whether `px` can be a button's width: anything else (NaN, 0, a page's odd styles) is neither
 * kept by the background nor applied by a page (sizeButtons: a width of 0 would hide every button).
 */
export function isButtonPx(px: unknown): px is number {
  return typeof px === 'number' && px >= 16 && px <= 2000;
}
