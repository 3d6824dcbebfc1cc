import type { ComponentChildren } from 'preact';

/**
 * Text with a line-break opportunity before each "@" (and after "." when `dots`), so narrow table
 * columns wrap "emma.schmidt@acme-eu.example" at a sensible point instead of between any two letters.
 */
export function Breakable({ text, dots = false }: { text: string; dots?: boolean }) {
  const parts: ComponentChildren[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '@' || (dots && c === '.')) && i > 0 && i < text.length - 1) {
      parts.push(text.slice(start, i + (c === '.' ? 1 : 0)));
      parts.push(<wbr key={i} />);
      start = c === '.' ? i + 1 : i;
    }
  }
  parts.push(text.slice(start));
  return <>{parts}</>;
}
