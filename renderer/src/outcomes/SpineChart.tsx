import { COMPARISON_STYLES, type Comparison } from './comparison';
import { spineGeometry, type SpineInput } from './spine';

const WIDTH = 180;
const HEIGHT = 26;
const PAD = 8;
const INNER = WIDTH - 2 * PAD;

interface SpineChartProps {
  readonly input: SpineInput;
  readonly comparison: Comparison;
  /** What the chart says, for a screen reader: the row's figures are in the cells beside it. */
  readonly label: string;
}

/** One indicator's spine: the localities' range, their middle half, the city's line and the chosen locality's marker. */
export function SpineChart({ input, comparison, label }: SpineChartProps) {
  const spine = spineGeometry(input);
  if (spine === null) return <span className="muted">No locality published</span>;
  const x = (position: number): number => PAD + position * INNER;
  const style = COMPARISON_STYLES[comparison];
  const chosen = spine.chosen;
  return (
    <svg className="spine" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={label}>
      <rect x={x(spine.rangeStart)} y={8} width={Math.max(1, x(spine.rangeEnd) - x(spine.rangeStart))} height={10} fill="#c9d0d8" />
      <rect x={x(spine.middleStart)} y={8} width={Math.max(1, x(spine.middleEnd) - x(spine.middleStart))} height={10} fill="#8a96a3" />
      {spine.ticks.map((tick) => (
        <line key={tick.area} x1={x(tick.position)} x2={x(tick.position)} y1={6} y2={20} stroke="#4a5563" strokeWidth={1} />
      ))}
      <line x1={x(spine.centre)} x2={x(spine.centre)} y1={2} y2={24} stroke="#111111" strokeWidth={2.5} />
      {chosen !== null && <SpineMarker cx={x(chosen)} comparison={comparison} fill={style.background} />}
    </svg>
  );
}

/** Each call has its own shape as well as its colour, matching the marks in the tables. */
function SpineMarker({ cx, comparison, fill }: { readonly cx: number; readonly comparison: Comparison; readonly fill: string }) {
  const cy = 13;
  const common = { fill, stroke: '#1f2933', strokeWidth: 1.5 };
  switch (comparison) {
    case 'worse':
      return <rect x={cx - 6} y={cy - 6} width={12} height={12} {...common} />;
    case 'higher':
      return <polygon points={`${cx},${cy - 7} ${cx + 7},${cy + 6} ${cx - 7},${cy + 6}`} {...common} />;
    case 'lower':
      return <polygon points={`${cx},${cy + 7} ${cx + 7},${cy - 6} ${cx - 7},${cy - 6}`} {...common} />;
    case 'similar':
    case 'better':
    case 'not-compared':
      return <circle cx={cx} cy={cy} r={6.5} {...common} />;
  }
}

/** The key above the spines: what the bar, the darker middle, the dark line and the marker mean. */
export function SpineKey({ benchmark }: { readonly benchmark: string }) {
  return (
    <ul className="spine-key" aria-label="How to read the spine charts">
      <li>
        <svg width="28" height="12" aria-hidden="true">
          <rect x="0" y="1" width="28" height="10" fill="#c9d0d8" />
        </svg>
        Range of the localities
      </li>
      <li>
        <svg width="28" height="12" aria-hidden="true">
          <rect x="0" y="1" width="28" height="10" fill="#8a96a3" />
        </svg>
        Middle half of the localities
      </li>
      <li>
        <svg width="12" height="14" aria-hidden="true">
          <line x1="6" x2="6" y1="0" y2="14" stroke="#111111" strokeWidth="2.5" />
        </svg>
        {benchmark}
      </li>
      <li>
        <svg width="12" height="12" aria-hidden="true">
          <line x1="6" x2="6" y1="0" y2="12" stroke="#4a5563" />
        </svg>
        Each locality
      </li>
      <li>Marker: the chosen locality, shaped and coloured by its comparison (● better or similar, ■ worse, ▲ higher, ▼ lower)</li>
    </ul>
  );
}
