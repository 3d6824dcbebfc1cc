import { useState } from 'preact/hooks';
import { useAnnounce } from './Announcer';
import { copyText } from './clipboard';
import { t } from '../utils/i18n';

/** Copies text (or what `getText` returns) and announces the result through the live region. */
export function CopyButton({
  label,
  text,
  getText,
  copiedMessage,
  describedBy,
}: {
  label: string;
  text?: string;
  getText?: () => Promise<string>;
  copiedMessage?: string;
  describedBy?: string;
}) {
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      const value = text ?? (getText ? await getText() : '');
      const ok = await copyText(value);
      announce(ok ? (copiedMessage ?? t('uiCopied')) : t('uiCopyFailed'));
      setDone(ok);
      if (ok) setTimeout(() => setDone(false), 2000);
    } catch {
      announce(t('uiCopyFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="btn btn-secondary" aria-describedby={describedBy} disabled={busy} onClick={() => void onClick()}>
      {label}
      {done ? <span aria-hidden="true"> ✓</span> : null}
    </button>
  );
}
