import { COMPARISON_STYLES, type Comparison } from './comparison';

/** A comparison as a small coloured label with its mark: "■ Worse". The words carry the call; colour and mark repeat it. */
export function ComparisonBadge({ comparison, compact = false }: { readonly comparison: Comparison; readonly compact?: boolean }) {
  const style = COMPARISON_STYLES[comparison];
  return (
    <span className={`comparison-badge${compact ? ' comparison-badge--compact' : ''}`} data-comparison={comparison} style={{ background: style.background, color: style.text }}>
      <span aria-hidden="true">{style.mark}</span> {style.label}
    </span>
  );
}
