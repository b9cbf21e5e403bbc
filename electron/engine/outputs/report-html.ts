/**
 * report.html: one self-contained, offline page. Inline CSS and inline SVG only — no script, no external
 * font, image or link — so it opens the same on a locked-down laptop and can be e-mailed as it is. Every
 * chart is an SVG with role="img", a <title> and an aria-label, inside a <figure> with a caption, and the
 * numbers are also given as text or a table beside it. Built only from VillageJson (already suppressed).
 */
import type { AreaView, IndicatorFigure, PartitionView, VillageJson } from '../../../shared/village';
import { MAP_STYLE, OUTCOME_MAP_STYLE, reportMaps } from './map-svg';
import { OUTCOMES_STYLE, outcomesSection } from './outcomes-html';
import { allViews, linkModelTable, linkThresholdTable, type ViewTable } from './tables';

const PALETTE = ['#1b5e9a', '#d9731a', '#2e8b57', '#b03a48', '#6a4c93', '#8c6d1f', '#c2549d', '#4d7f89', '#7a7a2e', '#3f3f3f', '#5f9ed1', '#e0a458'];
const WITHHELD = '#c9c9c9';

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const PARTITION_TITLES: Record<string, string> = { sex: 'Sex', ageBand: 'Age band', ethnicity: 'Ethnicity' };

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A 10-wide grid of figures of 100 coloured by category, withheld villagers grey. */
export function pictogram(partition: PartitionView, areaName: string, size: number, symbol: string): string {
  const colours: string[] = [];
  const legend: string[] = [];
  partition.categories.forEach((category, index) => {
    const colour = PALETTE[index % PALETTE.length] as string;
    const villagers = category.villagers;
    if (villagers !== null) for (let count = 0; count < villagers; count += 1) colours.push(colour);
    const shown = villagers === null ? `${symbol} (withheld)` : `${villagers} of ${size}`;
    legend.push(`<li><span class="swatch" style="background:${colour}"></span>${escapeHtml(category.label)}: ${escapeHtml(shown)} <span class="count">(${escapeHtml(category.count.display)} people)</span></li>`);
  });
  const withheld = size - colours.length;
  while (colours.length < size) colours.push(WITHHELD);
  if (withheld > 0) legend.push(`<li><span class="swatch" style="background:${WITHHELD}"></span>withheld for disclosure control: ${withheld}</li>`);
  const columns = 10;
  const cellWidth = 16;
  const cellHeight = 22;
  const rows = Math.ceil(size / columns);
  const figures = colours
    .map((colour, index) => {
      const x = (index % columns) * cellWidth + 8;
      const y = Math.floor(index / columns) * cellHeight + 2;
      return `<g fill="${colour}"><circle cx="${x}" cy="${y + 4}" r="3.6"/><rect x="${x - 5}" y="${y + 9}" width="10" height="11" rx="3.5"/></g>`;
    })
    .join('');
  const description = partition.categories
    .map((category) => `${category.label} ${category.villagers === null ? 'withheld' : category.villagers}`)
    .join(', ');
  const title = `${areaName}: ${PARTITION_TITLES[partition.partition] ?? partition.partition} as a village of ${size}`;
  return `<figure class="picto">
<svg role="img" aria-label="${escapeHtml(`${title}. ${description}.`)}" viewBox="0 0 ${columns * cellWidth} ${rows * cellHeight}" width="${columns * cellWidth}" height="${rows * cellHeight}"><title>${escapeHtml(title)}</title>${figures}</svg>
<figcaption><strong>${escapeHtml(PARTITION_TITLES[partition.partition] ?? partition.partition)}</strong><ul class="legend">${legend.join('')}</ul></figcaption>
</figure>`;
}

function indicatorList(area: AreaView, village: VillageJson): string {
  const names = new Map(village.indicators.map((indicator) => [indicator.id, indicator.name]));
  const items = area.indicators.map((figure) => {
    const name = escapeHtml(names.get(figure.id) ?? figure.id);
    const of100 = figure.per100 === null ? `<span class="withheld">${escapeHtml(figure.rateDisplay || 'not available')}</span>` : `<strong>${figure.per100}</strong> of 100`;
    return `<tr><th scope="row">${name}</th><td>${of100}</td><td>${escapeHtml(figure.count.display)}</td><td>${escapeHtml(figure.denominator.display)}</td><td>${escapeHtml(figure.rateDisplay)}</td></tr>`;
  });
  return `<table class="figures"><caption>Indicators for ${escapeHtml(area.name)}</caption><thead><tr><th scope="col">Indicator</th><th scope="col">Of 100</th><th scope="col">Count</th><th scope="col">Denominator</th><th scope="col">Rate</th></tr></thead><tbody>${items.join('')}</tbody></table>`;
}

function areaSection(area: AreaView, village: VillageJson, headingLevel: 2 | 3): string {
  const heading = `h${headingLevel}`;
  const flags = area.smallArea ? '<p class="note">Small area: fewer people than the recipe\'s small-area minimum, so each villager stands for few children.</p>' : '';
  return `<section class="area" id="area-${slug(area.name)}" aria-labelledby="area-${slug(area.name)}-heading">
<${heading} id="area-${slug(area.name)}-heading">${escapeHtml(area.name)} <span class="population">(${escapeHtml(area.population.display)} people aged ${escapeHtml(agesText(village))})</span></${heading}>
${flags}
<div class="pictos">${area.partitions.map((partition) => pictogram(partition, area.name, village.village.size, village.suppression.symbol)).join('\n')}</div>
${indicatorList(area, village)}
</section>`;
}

function agesText(village: VillageJson): string {
  const bands = village.village.ageBands;
  const min = Math.min(...bands.map((band) => band.min));
  const max = Math.max(...bands.map((band) => band.max));
  return `${min}–${max}`;
}

/** Horizontal bars of each locality's rate, with the city's rate as a line. */
export function comparisonChart(village: VillageJson, indicatorId: string): string {
  const definition = village.indicators.find((indicator) => indicator.id === indicatorId);
  const city = village.areas.find((area) => area.level === 'city');
  const localities = village.areas.filter((area) => area.level === 'locality');
  const figureOf = (area: AreaView): IndicatorFigure | undefined => area.indicators.find((figure) => figure.id === indicatorId);
  const rates = localities.map((area) => figureOf(area)?.rate ?? null);
  const cityRate = city === undefined ? null : (figureOf(city)?.rate ?? null);
  const maximum = Math.max(1, ...rates.filter((rate): rate is number => rate !== null), cityRate ?? 0);
  const unitText = definition?.unit === 'percent' ? '%' : ` per ${definition?.unit ?? 100}`;
  const labelWidth = 130;
  const barWidth = 300;
  const rowHeight = 20;
  const height = localities.length * rowHeight + 24;
  const bars = localities
    .map((area, index) => {
      const y = index * rowHeight + 4;
      const rate = rates[index];
      const label = `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(area.name)}</text>`;
      if (rate === null || rate === undefined) return `${label}<text x="${labelWidth + 4}" y="${y + 13}" class="withheld">${escapeHtml(figureOf(area)?.rateDisplay || 'not available')}</text>`;
      const width = (rate / maximum) * barWidth;
      return `${label}<rect x="${labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="${rowHeight - 6}" fill="#1b5e9a"/><text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + 13}">${rate.toFixed(1)}</text>`;
    })
    .join('');
  const cityLine = cityRate === null
    ? ''
    : `<line x1="${(labelWidth + (cityRate / maximum) * barWidth).toFixed(1)}" x2="${(labelWidth + (cityRate / maximum) * barWidth).toFixed(1)}" y1="0" y2="${height - 20}" stroke="#b03a48" stroke-width="2" stroke-dasharray="4 3"/><text x="${(labelWidth + (cityRate / maximum) * barWidth).toFixed(1)}" y="${height - 6}" text-anchor="middle" fill="#b03a48">city ${cityRate.toFixed(1)}</text>`;
  const name = definition?.name ?? indicatorId;
  const alt = localities.map((area, index) => `${area.name} ${rates[index] === null || rates[index] === undefined ? 'withheld' : (rates[index] as number).toFixed(1)}`).join(', ');
  const title = `${name}${unitText}, by locality`;
  return `<figure class="chart">
<svg role="img" aria-label="${escapeHtml(`${title}: ${alt}. City ${cityRate === null ? 'withheld' : cityRate.toFixed(1)}.`)}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" width="${labelWidth + barWidth + 60}" height="${height}"><title>${escapeHtml(title)}</title>${bars}${cityLine}</svg>
<figcaption>${escapeHtml(title)}. ${escapeHtml(definition?.description ?? '')} The dashed line is the city.</figcaption>
</figure>`;
}

function htmlTable(table: ViewTable, id: string): string {
  const head = table.header.map((label) => `<th scope="col">${escapeHtml(label)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('');
  return `<table id="${id}"><caption>${escapeHtml(table.name)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export const REPORT_STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1d1d1d;line-height:1.45}
h1{font-size:1.8rem}h2{border-bottom:2px solid #1b5e9a;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:2rem}
.population{font-weight:normal;color:#555;font-size:.9em}
.pictos{display:flex;flex-wrap:wrap;gap:1.5rem}.picto{margin:0}.picto svg{display:block}
.legend{list-style:none;padding:0;margin:.3rem 0;font-size:.85rem}.legend li{margin:.1rem 0}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.35rem;vertical-align:middle;border-radius:2px}
.count{color:#555}.withheld{color:#666;font-style:italic}
table{border-collapse:collapse;margin:1rem 0;font-size:.88rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
#sources td:nth-child(5),#unresolved-table td:nth-child(4){overflow-wrap:anywhere;min-width:14rem}thead th{background:#eef3f8}
td{font-variant-numeric:tabular-nums}
.chart{margin:1rem 0 2rem}.chart svg text{font-size:11px;fill:#1d1d1d}.chart figcaption{font-size:.85rem;color:#333;max-width:640px}
.note{background:#fff7e0;border-left:4px solid #d9731a;padding:.4rem .7rem}
nav ul{columns:2}
code{font-size:.85em}
@media print{
@page{size:A4;margin:14mm 12mm}
body{max-width:none;padding:0;font-size:10.5pt;color:#000}
nav{display:none}
h2{break-before:page;margin-top:0}h2:first-of-type{break-before:auto}
.area+.area{break-before:page}
h2,h3,caption{break-after:avoid}
.map-table>summary{display:none}.map-table::details-content{content-visibility:visible;display:block}
.picto,.chart,tr,.note{break-inside:avoid}
table{font-size:8.5pt;width:100%}thead{display:table-header-group}
th,td{border-color:#999}thead th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.swatch,.picto svg,.chart svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
`;

/** The probabilistic model's estimates and weights, when the recipe used it. */
function modelSection(village: VillageJson): string {
  const model = village.linkage.model;
  const weights = linkModelTable(village);
  const thresholds = linkThresholdTable(village);
  if (model === undefined || weights === null || thresholds === null) return '';
  const percent = (value: number | null): string => (value === null ? 'not known' : `${(value * 100).toFixed(2)}%`);
  return `<h3>Probabilistic matching</h3>
<p>After the exact keys, pairs of records were scored on keyed name encodings, date of birth, sex and area (a Fellegi–Sunter model) and linked at a match probability of ${escapeHtml(String(model.threshold))} or more. The model's own estimate at that threshold: precision ${escapeHtml(percent(model.estimatedPrecision))}, recall ${escapeHtml(percent(model.estimatedRecall))} of the pairs it scored.</p>
${htmlTable(weights, 'link-model')}
${htmlTable(thresholds, 'link-thresholds')}`;
}

export function renderReport(village: VillageJson): string {
  const city = village.areas.find((area) => area.level === 'city');
  const localities = village.areas.filter((area) => area.level === 'locality');
  const views = allViews(village);
  const [, , unresolved, linkSources, linkPairs, linkKeys, conflicts] = views as [ViewTable, ViewTable, ViewTable, ViewTable, ViewTable, ViewTable, ViewTable];
  const sourcesTable: ViewTable = {
    name: 'Sources',
    header: ['Source', 'File', 'Sheet', 'Specification', 'SHA-256', 'Rows imported', 'Rows rejected', 'Imported at', 'Validation reports'],
    rows: village.sources.map((source) => [source.id, source.file, source.sheet ?? '', source.specId, source.sha256, source.rowsImported, source.rowsRejected, source.importedAt, source.validationReports.join(', ')]),
  };
  const chartIndicators = village.indicators.filter((indicator) => indicator.levels.includes('locality'));
  const maps = reportMaps(village);
  const outcomes = village.outcomes.trends.length === 0 ? '' : outcomesSection(village);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(village.title)}</title>
<style>${REPORT_STYLE}${maps === '' ? '' : MAP_STYLE + OUTCOME_MAP_STYLE}${outcomes === '' ? '' : OUTCOMES_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(village.title)}</h1>
<p>If Birmingham's children and young people were a village of ${village.village.size}: for the city and each of its ${localities.length} early-help localities. Ages on ${escapeHtml(village.referenceDate)}. Generated ${escapeHtml(village.generatedAt)} from recipe <code>${escapeHtml(village.recipe.file)}</code>.</p>
<p class="note">${escapeHtml(village.suppression.rule)}</p>
</header>
<nav aria-label="Contents"><h2>Contents</h2><ul>
<li><a href="#area-${slug(city?.name ?? 'city')}">The city</a></li>
${localities.map((area) => `<li><a href="#area-${slug(area.name)}">${escapeHtml(area.name)}</a></li>`).join('\n')}
<li><a href="#compare">Localities compared</a></li>${outcomes === '' ? '' : '\n<li><a href="#outcomes">Outcomes over time</a></li>'}${maps === '' ? '' : '\n<li><a href="#maps">Maps</a></li>'}
<li><a href="#unresolved">Records not placed in an area</a></li>
<li><a href="#linkage">Link quality</a></li>
<li><a href="#about">About this data</a></li>
</ul></nav>
<main>
<h2>The city</h2>
${city === undefined ? '' : areaSection(city, village, 3)}
<h2>Localities</h2>
${localities.map((area) => areaSection(area, village, 3)).join('\n')}
<section id="compare" aria-labelledby="compare-heading">
<h2 id="compare-heading">Localities compared</h2>
${chartIndicators.map((indicator) => `<h3>${escapeHtml(indicator.name)}</h3>\n${comparisonChart(village, indicator.id)}`).join('\n')}
</section>
${outcomes}
${maps}
<section id="unresolved" aria-labelledby="unresolved-heading">
<h2 id="unresolved-heading">Records not placed in an area</h2>
<p>Records whose geography could not be resolved are counted here, per source and reason, and are in the city figures but in no locality's. Example rows are source row numbers, never values.</p>
${htmlTable(unresolved, 'unresolved-table')}
</section>
<section id="linkage" aria-labelledby="linkage-heading">
<h2 id="linkage-heading">Link quality</h2>
<p>${escapeHtml(village.linkage.records.display)} records from ${village.linkage.sources.length} sources were linked into ${escapeHtml(village.linkage.people.display)} people. People without a usable age: ${escapeHtml(village.linkage.peopleWithoutAge.display)}; without a resolved ward: ${escapeHtml(village.linkage.peopleWithoutWard.display)}.</p>
${htmlTable(linkSources, 'link-sources')}
${htmlTable(linkPairs, 'link-pairs')}
${htmlTable(linkKeys, 'link-keys')}
${htmlTable(conflicts, 'link-conflicts')}
${modelSection(village)}
</section>
<section id="about" aria-labelledby="about-heading">
<h2 id="about-heading">About this data</h2>
<p>Ward → locality map: ${escapeHtml(village.geography.localitySource)}</p>
${htmlTable(sourcesTable, 'sources')}
</section>
</main>
</body>
</html>
`;
}
