import type { ComponentChildren } from 'preact';

/** One options section: a <section> named by its single <h2> (focusable for navigation). */
export function SectionFrame({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ComponentChildren }) {
  return (
    <section class="options-section" aria-labelledby={`${id}-title`} data-section={id}>
      <h2 id={`${id}-title`} tabIndex={-1}>
        {title}
      </h2>
      {intro ? <p class="intro">{intro}</p> : null}
      {children}
    </section>
  );
}
