/**
 * Slot for the recent sends list (a later issue fills it from the outbox). Renders nothing until
 * then: no placeholder list, so the popup never shows sends that did not happen.
 */
export function RecentSendsSlot(_props: { hostUserKey: string | null }) {
  return null;
}
