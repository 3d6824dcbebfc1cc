import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Moves focus to an element after the next render that contains it (e.g. back to "Edit" after a
 * form closes, or to a rule's "Move up" after the list reordered; `ready` can wait for the DOM to
 * show the change, as a snapshot may lag behind a save by one render). Consumed once, so later
 * re-renders never steal focus. A disabled target hands focus to the first enabled button next
 * to it.
 */
export function useFocusRequest(): (selector: string | null, ready?: () => boolean) => void {
  const pending = useRef<string | null>(null);
  const readyRef = useRef<(() => boolean) | undefined>(undefined);
  const [, setTick] = useState(0);
  useEffect(() => {
    const selector = pending.current;
    if (!selector) return;
    const el = document.querySelector<HTMLElement>(selector);
    if (!el || (readyRef.current && !readyRef.current())) return;
    pending.current = null;
    if ((el as HTMLButtonElement).disabled) el.parentElement?.querySelector<HTMLElement>('button:not([disabled])')?.focus();
    else el.focus();
  });
  return (selector, ready) => {
    pending.current = selector;
    readyRef.current = ready;
    setTick((n) => n + 1);
  };
}
