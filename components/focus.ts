import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Moves focus to an element after the next render that contains it (e.g. back to "Edit" after a
 * form closes, or to a rule's "Move up" after the list reordered). Consumed once, so later
 * re-renders never steal focus. A disabled target hands focus to the first enabled button next
 * to it.
 */
export function useFocusRequest(): (selector: string | null) => void {
  const pending = useRef<string | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    const selector = pending.current;
    if (!selector) return;
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) return;
    pending.current = null;
    if ((el as HTMLButtonElement).disabled) el.parentElement?.querySelector<HTMLElement>('button:not([disabled])')?.focus();
    else el.focus();
  });
  return (selector) => {
    pending.current = selector;
    setTick((n) => n + 1);
  };
}
