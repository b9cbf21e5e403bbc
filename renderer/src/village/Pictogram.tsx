import { useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { categoryStyle, patternDefinition, REST_FILL, REST_OUTLINE, withheldPatternDefinition } from '../charts/palette';
import { sizeText, type PictogramModel, type Segment } from './pictogram-model';
import './village-thousand.css';
import { pictogramSvg } from './pictogram-svg';

interface PictogramProps {
  readonly model: PictogramModel;
  /** Small multiples leave out the legend; hovering still tells the figures. */
  readonly compact?: boolean;
}

interface Active {
  readonly segment: number;
  readonly x: number;
  readonly y: number;
}

const TOOLTIP_WIDTH = 280;

function swatchSvg(segment: Segment, id: string): string {
  let fill = REST_FILL;
  let definition = '';
  if (segment.style.kind === 'category') {
    const style = categoryStyle(segment.style.index);
    definition = patternDefinition(id, style.colour, style.pattern);
    fill = `url(#${id})`;
  } else if (segment.style.kind === 'withheld') {
    definition = withheldPatternDefinition(id);
    fill = `url(#${id})`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><defs>${definition}</defs><rect x="0.5" y="0.5" width="15" height="15" fill="${fill}" stroke="${REST_OUTLINE}"/></svg>`;
}

/**
 * A village of 100 figures with its legend. Hovering a figure, or hovering or focusing a legend entry, shows
 * the category's count, denominator and source in a tooltip that stays while the pointer is over it and
 * closes with Escape (WCAG 1.4.13); the figures of that category stay bright while the rest fade. A compact
 * village (no legend) takes the keyboard focus itself: focusing it shows its first category, the arrow keys
 * (and Home, End) move between categories, Escape closes.
 */
export function Pictogram({ model, compact = false }: PictogramProps) {
  const prefix = `pg${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const tooltipId = `${prefix}-tooltip`;
  const [active, setActive] = useState<Active | null>(null);
  const containerRef = useRef<HTMLDivElement | null>(null);
  const svg = useMemo(() => pictogramSvg(model, prefix, active?.segment ?? null), [model, prefix, active?.segment]);
  const segment = active === null ? null : (model.segments[active.segment] ?? null);

  function anchor(element: Element, segmentIndex: number): Active | null {
    const container = containerRef.current;
    if (container === null) return null;
    const box = container.getBoundingClientRect();
    const target = element.getBoundingClientRect();
    const x = Math.max(0, Math.min(target.left - box.left, box.width - TOOLTIP_WIDTH));
    return { segment: segmentIndex, x, y: target.bottom - box.top + 6 };
  }

  function onFigureMove(event: MouseEvent<HTMLDivElement>) {
    const figure = event.target instanceof Element ? event.target.closest('[data-segment]') : null;
    if (figure === null) return;
    const index = Number(figure.getAttribute('data-segment'));
    if (active?.segment === index) return;
    const next = anchor(figure, index);
    if (next !== null) setActive(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && active !== null) {
      event.preventDefault();
      setActive(null);
    }
  }

  /** Shows a category's figures from the keyboard, anchored under its first figure. */
  function showFromKeyboard(figures: HTMLElement, segmentIndex: number) {
    const first = figures.querySelector(`[data-segment="${segmentIndex}"]`) ?? figures;
    setActive(anchor(first, segmentIndex));
  }

  function onFiguresKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = model.segments.length - 1;
    const current = active?.segment ?? -1;
    const next: Record<string, number> = {
      ArrowRight: Math.min(current + 1, last),
      ArrowDown: Math.min(current + 1, last),
      ArrowLeft: Math.max(current - 1, 0),
      ArrowUp: Math.max(current - 1, 0),
      Home: 0,
      End: last,
    };
    const target = next[event.key];
    if (target === undefined || last < 0) return;
    event.preventDefault();
    showFromKeyboard(event.currentTarget, target);
  }

  return (
    <div ref={containerRef} className={`pictogram${compact ? ' pictogram--compact' : ''}${model.size > 100 ? ' pictogram--blocks' : ''}`} onMouseLeave={() => setActive(null)} onKeyDown={onKeyDown}>
      {compact ? (
        <div
          className="pictogram__figures"
          role="img"
          aria-label={model.summary}
          aria-describedby={active === null ? undefined : tooltipId}
          aria-keyshortcuts="ArrowLeft ArrowRight Home End Escape"
          tabIndex={0}
          onMouseMove={onFigureMove}
          onFocus={(event) => model.segments.length > 0 && showFromKeyboard(event.currentTarget, 0)}
          onBlur={() => setActive(null)}
          onKeyDown={onFiguresKeyDown}
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      ) : (
        <div className="pictogram__figures" role="img" aria-label={model.summary} onMouseMove={onFigureMove} dangerouslySetInnerHTML={{ __html: svg }} />
      )}
      {compact && (
        // The figures under a small village, keyed by the swatches of the key above the villages.
        <p className="pictogram__compact-figures" aria-hidden="true">
          {model.segments.map((entry, index) => (
            <span key={entry.key} className="pictogram__compact-figure" title={`${entry.label}: ${entry.villagers} of ${sizeText(model.size)}`}>
              <span className="pictogram__swatch" dangerouslySetInnerHTML={{ __html: swatchSvg(entry, `${prefix}-c${index}`) }} />
              {entry.villagers}
            </span>
          ))}
        </p>
      )}
      {!compact && (
        <ul className="pictogram__legend" aria-label={`Legend: ${model.viewLabel} in ${model.areaName}`}>
          {model.segments.map((entry, index) => (
            <li key={entry.key}>
              <button
                type="button"
                className="pictogram__key"
                aria-describedby={active?.segment === index ? tooltipId : undefined}
                onMouseEnter={(event) => setActive(anchor(event.currentTarget, index))}
                onFocus={(event) => setActive(anchor(event.currentTarget, index))}
                onBlur={() => setActive(null)}
              >
                <span className="pictogram__swatch" dangerouslySetInnerHTML={{ __html: swatchSvg(entry, `${prefix}-k${index}`) }} />
                <span className="pictogram__key-label">{entry.label}</span>
                <span className="pictogram__key-value">
                  {entry.villagers} of {sizeText(model.size)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {segment !== null && active !== null && (
        <div id={tooltipId} role="tooltip" className="pictogram__tooltip" style={{ left: active.x, top: active.y, width: TOOLTIP_WIDTH }}>
          <p className="pictogram__tooltip-title">
            {segment.label}: {segment.villagers} of {sizeText(model.size)}
          </p>
          <dl className="pictogram__tooltip-facts">
            {segment.count !== '' && (
              <>
                <dt>Count</dt>
                <dd>{segment.count}</dd>
              </>
            )}
            <dt>Denominator</dt>
            <dd>
              {segment.denominator} <span className="muted">({segment.denominatorLabel})</span>
            </dd>
            <dt>Source</dt>
            <dd>{model.source}</dd>
          </dl>
          {segment.note !== '' && <p className="pictogram__tooltip-note">{segment.note}</p>}
        </div>
      )}
    </div>
  );
}

/** The key shared by a set of small villages: each category's swatch and name (their figures sit under each village). */
export function PictogramKey({ model }: { readonly model: PictogramModel }) {
  const prefix = `pk${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  return (
    <ul className="pictogram__key-list" aria-label={`Key: ${model.viewLabel}`}>
      {model.segments.map((entry, index) => (
        <li key={entry.key}>
          <span className="pictogram__swatch" dangerouslySetInnerHTML={{ __html: swatchSvg(entry, `${prefix}-k${index}`) }} />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}
