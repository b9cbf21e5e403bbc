/**
 * The outcomes pages as self-contained HTML: the city's framework as a localities × indicators heat table, and
 * a locality profile per locality with a trend sparkline (inline SVG) per indicator. Used by report.html's
 * outcomes section and by exportView's printable page (A4, with title, period, sources, methods and the
 * suppression rule). Every figure comes from village.json's published trends; a suppressed point is a gap.
 */
import type { AreaTrend, IndicatorTrend, TrendPoint } from '../../../shared/outcomes';
import type { ComparisonCall } from '../../../shared/statistics';
import type { VillageJson } from '../../../shared/village';
import { MAP_STYLE, OUTCOME_MAP_STYLE, outcomeMaps } from './map-svg';
import { CALL_WORDS, cityTrend, frameworkRows, indicatorName, localityTrend, pointCell, unitWords } from './outcomes-views';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Fingertips-like colours, each with a word and a pattern so colour is never the only cue. */
const CALL_CLASS: Readonly<Record<ComparisonCall, string>> = {
  better: 'call-better',
  similar: 'call-similar',
  worse: 'call-worse',
  higher: 'call-higher',
  lower: 'call-lower',
  'not-compared': 'call-none',
};

export const OUTCOMES_STYLE = `
.heat td.call-better{background:#92d050}.heat td.call-worse{background:#ff8b8b}.heat td.call-similar{background:#ffe680}
.heat td.call-higher{background:#bed2ff}.heat td.call-lower{background:#5b8fd9;color:#fff}.heat td.call-none{background:#fff;color:#555}
.heat td small{display:block;font-size:.75em}
.spark{vertical-align:middle}.spark polyline{fill:none;stroke:#1b5e9a;stroke-width:1.5}.spark circle{fill:#1b5e9a}.spark .gap{fill:none;stroke:#888}
.profile td:nth-child(4){white-space:nowrap}
@media print{.heat td{-webkit-print-color-adjust:exact;print-color-adjust:exact}.profile-section{break-before:page}}
`;

/** A trend as a small inline SVG line, broken at every withheld or missing point (a gap, never a zero). */
export function sparkline(trend: IndicatorTrend, label: string): string {
  const width = 120;
  const height = 28;
  const values = trend.points.map((point) => (point.available && !point.suppressed ? point.value : null));
  const known = values.filter((value): value is number => value !== null);
  const words = trend.points.map((point) => `${point.period}: ${point.available ? (point.suppressed ? 'suppressed' : point.display) : 'no figure'}`).join('; ');
  if (known.length === 0) return `<svg class="spark" role="img" aria-label="${escapeHtml(`${label}: ${words}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"></svg>`;
  const low = Math.min(...known);
  const high = Math.max(...known);
  const x = (index: number): number => (trend.points.length === 1 ? width / 2 : 4 + (index * (width - 8)) / (trend.points.length - 1));
  const y = (value: number): number => (high === low ? height / 2 : height - 4 - ((value - low) * (height - 8)) / (high - low));
  const runs: string[][] = [[]];
  values.forEach((value, index) => {
    if (value === null) runs.push([]);
    else (runs.at(-1) as string[]).push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
  });
  const lines = runs.filter((run) => run.length > 1).map((run) => `<polyline points="${run.join(' ')}"/>`).join('');
  const dots = values.map((value, index) => (value === null ? `<circle class="gap" cx="${x(index).toFixed(1)}" cy="${height / 2}" r="2"/>` : `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="2"/>`)).join('');
  return `<svg class="spark" role="img" aria-label="${escapeHtml(`${label}: ${words}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${lines}${dots}</svg>`;
}

function trendOf(area: AreaTrend | undefined, id: string): IndicatorTrend | undefined {
  return area?.indicators.find((trend) => trend.id === id);
}

function cellText(point: TrendPoint | undefined): string {
  const cell = pointCell(point);
  return cell === '' ? '–' : String(cell);
}

/** The city page: localities × indicators, each cell the latest value coloured and worded by its comparison with the city. */
export function heatTable(village: VillageJson): string {
  const localities = village.outcomes.trends.filter((area) => area.level === 'locality');
  const city = cityTrend(village);
  const head = `<tr><th scope="col">Outcome</th><th scope="col">Indicator</th><th scope="col">City</th>${localities.map((area) => `<th scope="col">${escapeHtml(area.name)}</th>`).join('')}</tr>`;
  const body = frameworkRows(village)
    .map((row) => {
      const cells = localities.map((area) => {
        const point = trendOf(area, row.indicator)?.points.at(-1);
        const call = point?.comparison?.at95 ?? 'not-compared';
        return `<td class="${CALL_CLASS[call]}">${escapeHtml(cellText(point))}<small>${escapeHtml(CALL_WORDS[call])}</small></td>`;
      });
      return `<tr><td>${escapeHtml(row.outcome)}</td><th scope="row">${escapeHtml(indicatorName(village, row.indicator))} <small>(${escapeHtml(unitWords(village, row.indicator))})</small></th><td>${escapeHtml(cellText(trendOf(city, row.indicator)?.points.at(-1)))}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="heat" id="outcomes-heat"><caption>Outcomes framework, ${escapeHtml(village.period.label)}: each locality's latest value, compared with the city at 95%</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** How a change's significance reads at one level: its call when significant, "not significant" when not. */
function significanceWords(significant: boolean | null | undefined, call: ComparisonCall): string {
  return significant ? CALL_WORDS[call] : 'not significant';
}

function changeText(trend: IndicatorTrend | undefined, which: 'changeSincePrevious' | 'changeSinceFirst'): string {
  const change = trend?.[which];
  if (change === null || change === undefined) return '–';
  if (change.difference === null) return CALL_WORDS[change.call];
  const sign = change.difference > 0 ? '+' : '';
  const arrow = change.difference > 0 ? '↑' : change.difference < 0 ? '↓' : '→';
  const at998 = change.call998 === undefined ? '' : `; ${significanceWords(change.significant998, change.call998)} at 99.8%`;
  return `${arrow} ${sign}${(Math.round(change.difference * 10) / 10).toString()} since ${change.from} (${significanceWords(change.significant, change.call)} at 95%${at998})`;
}

/** A locality's profile: per outcome, each indicator's latest value, trend, comparison with the city and changes. */
export function profileSection(village: VillageJson, area: AreaTrend, headingLevel: 2 | 3): string {
  const city = cityTrend(village);
  const rows = frameworkRows(village)
    .map((row) => {
      const trend = trendOf(area, row.indicator);
      const latest = trend?.points.at(-1);
      const call = latest?.comparison?.at95 ?? 'not-compared';
      const interval = latest?.ci95 === null || latest?.ci95 === undefined ? '' : ` (${latest.ci95[0].toFixed(1)}–${latest.ci95[1].toFixed(1)})`;
      const name = indicatorName(village, row.indicator);
      return `<tr><td>${escapeHtml(row.outcome)}</td><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(cellText(latest) + interval)}</td><td>${trend === undefined ? '' : sparkline(trend, `${name} in ${area.name}`)}</td><td>${escapeHtml(changeText(trend, 'changeSincePrevious'))}</td><td>${escapeHtml(cellText(trendOf(city, row.indicator)?.points.at(-1)))}</td><td class="${CALL_CLASS[call]}">${escapeHtml(CALL_WORDS[call])}</td><td>${row.target === null ? '' : escapeHtml(String(row.target))}</td></tr>`;
    })
    .join('');
  const id = `profile-${slug(area.name)}`;
  return `<section class="profile-section" id="${id}" aria-labelledby="${id}-heading">
<h${headingLevel} id="${id}-heading">${escapeHtml(area.name)}: locality profile</h${headingLevel}>
<table class="profile heat"><caption>${escapeHtml(area.name)}, ${escapeHtml(village.period.label)}, with its trend over ${village.periods.length} periods</caption><thead><tr><th scope="col">Outcome</th><th scope="col">Indicator</th><th scope="col">Latest (95% interval)</th><th scope="col">Trend</th><th scope="col">Change since previous</th><th scope="col">City</th><th scope="col">Compared with the city</th><th scope="col">Target</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

export function methodsList(village: VillageJson): string {
  return `<ul class="methods">${village.outcomes.methods.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
}

/** report.html's outcomes section: the heat table, then a profile per locality. */
export function outcomesSection(village: VillageJson): string {
  const localities = village.outcomes.trends.filter((area) => area.level === 'locality');
  return `<section id="outcomes" aria-labelledby="outcomes-heading">
<h2 id="outcomes-heading">Outcomes over time</h2>
<p>Periods: ${village.periods.map((period) => escapeHtml(period.label)).join(', ')}. Each locality is compared with the city in ${escapeHtml(village.period.label)}; trends run oldest to latest, with a gap where a figure was suppressed.</p>
${heatTable(village)}
${outcomeMaps(village, frameworkRows(village).map((row) => row.indicator), null, 3)}
${methodsList(village)}
${localities.map((area) => profileSection(village, area, 3)).join('\n')}
</section>`;
}

/** The printable A4 page of the city framework (no area) or of one locality's profile. */
export function renderOutcomesPage(village: VillageJson, area: string | undefined, baseStyle: string): string {
  const locality = area === undefined ? null : localityTrend(village, area);
  const title = locality === null ? `${village.title}: outcomes framework` : `${village.title}: ${locality.name}`;
  const maps = outcomeMaps(village, frameworkRows(village).map((row) => row.indicator), locality?.name ?? null, 2);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${baseStyle}${OUTCOMES_STYLE}${maps === '' ? '' : MAP_STYLE + OUTCOME_MAP_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(village.period.label)} (${escapeHtml(village.period.start)} to ${escapeHtml(village.period.end)}); ages on ${escapeHtml(village.period.referenceDate)}. Series: ${village.periods.map((period) => escapeHtml(period.label)).join(', ')}.</p>
<p class="note">${escapeHtml(village.suppression.rule)}</p>
</header>
<main>
${locality === null ? heatTable(village) : profileSection(village, locality, 2)}
${maps}
<h2>Methods</h2>
${methodsList(village)}
<h2>Sources</h2>
<ul>${village.sources.map((source) => `<li>${escapeHtml(source.id)}: ${escapeHtml(source.file)} (SHA-256 ${escapeHtml(source.sha256.slice(0, 16))}…)</li>`).join('')}</ul>
<p>Recipe ${escapeHtml(village.recipe.file)}, generated ${escapeHtml(village.generatedAt)}.</p>
</main>
</body>
</html>
`;
}
