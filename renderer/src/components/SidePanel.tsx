import { useId, type ReactNode } from 'react';

interface SidePanelProps {
  readonly title: string;
  readonly headingId: string;
  readonly expanded: boolean;
  readonly onExpandedChange: (expanded: boolean) => void;
  readonly className?: string;
  readonly children: ReactNode;
}

/**
 * A panel beside a screen's main work that folds into a narrow strip with its title and a Show button, so on a
 * laptop screen the main panel (a grid, a chart) gets the width. The heading stays in the page either way, and
 * the button says what it shows or hides (a disclosure: aria-expanded, aria-controls).
 */
export function SidePanel({ title, headingId, expanded, onExpandedChange, className, children }: SidePanelProps) {
  const bodyId = useId();
  return (
    <section className={`panel side-panel${expanded ? '' : ' side-panel--collapsed'}${className === undefined ? '' : ` ${className}`}`} aria-labelledby={headingId}>
      <div className="side-panel__header">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        <button type="button" className="button button--secondary button--small side-panel__toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => onExpandedChange(!expanded)}>
          {expanded ? 'Hide' : 'Show'}
          <span className="visually-hidden"> {title.toLowerCase()}</span>
        </button>
      </div>
      <div id={bodyId} className="side-panel__body" hidden={!expanded}>
        {expanded && children}
      </div>
    </section>
  );
}
