/**
 * report.html's maps: for every indicator and every village category, the localities (and the wards, where
 * the run published ward figures) as inline SVG choropleths drawn from the run's own boundaries in village.json, each with a table
 * of the same figures for screen readers. Built only from village.json (already suppressed), like the rest
 * of the report; a run without boundaries gets no maps section.
 */
import { choroplethSvg, escapeXml, fitProjection, shapeDefinitions } from '../../../shared/map-svg';
import { type AreaShape, type ChoroplethFigures, choroplethFigures, type MapLevel, type MapMeasure, PARTITION_WORDS } from '../../../shared/maps';
import type { VillageJson } from '../../../shared/village';
import { mapBoundaries } from '../geography';

function figuresTable(figures: ChoroplethFigures): string {
  const rows = figures.areas
    .map((area) => {
      const shown = area.status === 'suppressed' ? `${area.display} (suppressed)` : area.display;
      const parent = figures.level === 'ward' ? `<td class="parent">${escapeXml(area.parent ?? '')}</td>` : '';
      return `<tr><th scope="row">${escapeXml(area.name)}</th>${parent}<td class="num">${escapeXml(shown)}</td><td class="num">${escapeXml(area.count.display)}</td><td class="num">${escapeXml(area.denominator.display)}</td></tr>`;
    })
    .join('');
  const parentHead = figures.level === 'ward' ? '<th scope="col">Locality</th>' : '';
  return `<details class="map-table"><summary>${escapeXml(figures.title)} as a table</summary><table><caption>${escapeXml(figures.title)}</caption><thead><tr><th scope="col">${figures.level === 'ward' ? 'Ward' : 'Locality'}</th>${parentHead}<th scope="col">${escapeXml(figures.unitLabel)}</th><th scope="col">Count</th><th scope="col">Denominator</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

export const MAP_STYLE = `
.maps{display:flex;flex-wrap:wrap;gap:1.5rem}.map{margin:0;max-width:560px}.map svg{display:block;max-width:100%;height:auto}
.map-table summary{cursor:pointer;font-size:.88rem}
`;

/** The maps section, or '' when the run recorded no boundaries. */
export function reportMaps(village: VillageJson): string {
  const recorded = village.geography.boundaries;
  if (recorded === undefined) return '';
  const boundaries = mapBoundaries(recorded, village.geography.wards);
  const levels: MapLevel[] = ['locality', 'ward'];
  const width = 520;
  // Every map of the report draws the same outlines: each is written once and referenced by id.
  const projection = fitProjection(boundaries.wards, width);
  const idOf = (shape: AreaShape): string => `shape-${shape.parent === null ? 'locality' : 'ward'}-${shape.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const definitions = shapeDefinitions([...boundaries.localities, ...boundaries.wards], projection, idOf);
  const drawn = (level: MapLevel, measure: MapMeasure, attributes: string): string => {
    const figures = choroplethFigures(village, level, measure);
    const svg = choroplethSvg({
      figures,
      shapes: level === 'ward' ? boundaries.wards : boundaries.localities,
      ...(level === 'ward' ? { outlines: boundaries.localities } : {}),
      referenceDate: village.referenceDate,
      suppressionRule: village.suppression.rule,
      attribution: boundaries.attribution,
      width,
      shared: { projection, idOf },
    });
    return `<figure class="map" data-level="${level}" ${attributes}>${svg}<figcaption>${figuresTable(figures)}</figcaption></figure>`;
  };
  const block = (heading: string, maps: readonly string[], tag: 'h3' | 'h4'): string => (maps.length === 0 ? '' : `<${tag}>${escapeXml(heading)}</${tag}>\n<div class="maps">${maps.join('\n')}</div>`);
  const indicatorBlocks = village.indicators.map((indicator) =>
    block(
      indicator.name,
      levels
        .filter((level) => village.areas.some((area) => area.level === level && area.indicators.some((figure) => figure.id === indicator.id)))
        .map((level) => drawn(level, { kind: 'indicator', id: indicator.id }, `data-indicator="${escapeXml(indicator.id)}"`)),
      'h3',
    ),
  ).filter((entry) => entry !== '');
  // The village of 100 by area: each partition's categories as villagers of 100, by locality and (where the run
  // published ward partitions) by ward.
  const city = village.areas.find((area) => area.level === 'city');
  const partitionBlocks = (city?.partitions ?? []).flatMap((partition) =>
    partition.categories.map((category) =>
      block(
        `${category.label} (${PARTITION_WORDS[partition.partition]}) of ${village.village.size}`,
        levels
          .filter((level) => village.areas.some((area) => area.level === level && area.partitions.some((entry) => entry.partition === partition.partition)))
          .map((level) => drawn(level, { kind: 'share', partition: partition.partition, category: category.label }, `data-partition="${partition.partition}" data-category="${escapeXml(category.label)}"`)),
        'h4',
      ),
    ),
  ).filter((entry) => entry !== '');
  if (indicatorBlocks.length + partitionBlocks.length === 0) return '';
  return `<section id="maps" aria-labelledby="maps-heading">
<h2 id="maps-heading">Maps</h2>
<p>Each indicator by locality, and by ward where the recipe asked for ward figures; then each category of the village of ${village.village.size} the same way. Indicator colours compare each area with the city's rate (orange below, purple above); village colours run from fewer to more of ${village.village.size} (light to dark blue); hatched areas are suppressed. Boundaries: ${escapeXml(boundaries.source)} ${escapeXml(boundaries.attribution)}</p>
${definitions}
${indicatorBlocks.join('\n')}
${partitionBlocks.length === 0 ? '' : `<h3 id="maps-village-heading">The village of ${village.village.size} by area</h3>\n${partitionBlocks.join('\n')}`}
</section>`;
}

export const OUTCOME_MAP_STYLE = `
.outcome-maps{display:flex;flex-wrap:wrap;gap:1rem}.outcome-maps .map{max-width:520px}
@media print{.outcome-maps .map{break-inside:avoid}}
`;

/**
 * The outcome pages' maps: each framework indicator (every indicator when the recipe has no framework) by
 * locality in the run's period, the page's locality drawn with a heavy border, one after another (two abreast
 * on a wide screen, one per row on A4); each locality outline is written once and referenced by every map.
 * '' when the run recorded no boundaries or published no indicator by locality.
 */
export function outcomeMaps(village: VillageJson, framework: readonly string[], highlight: string | null, headingLevel: 2 | 3): string {
  const recorded = village.geography.boundaries;
  if (recorded === undefined) return '';
  const boundaries = mapBoundaries(recorded, village.geography.wards);
  const mapped = framework.filter((id) => village.areas.some((area) => area.level === 'locality' && area.indicators.some((figure) => figure.id === id)));
  if (mapped.length === 0) return '';
  // report.html's map width: the legend's longest line (the suppressed areas') fits it unwrapped.
  const width = 520;
  const projection = fitProjection(boundaries.localities, width);
  const idOf = (shape: AreaShape): string => `outcome-shape-${shape.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const maps = mapped.map((id) => {
    const figures = choroplethFigures(village, 'locality', { kind: 'indicator', id });
    const svg = choroplethSvg({
      figures,
      shapes: boundaries.localities,
      highlight,
      referenceDate: village.referenceDate,
      suppressionRule: village.suppression.rule,
      attribution: boundaries.attribution,
      width,
      shared: { projection, idOf },
    });
    return `<figure class="map outcome-map" data-level="locality" data-indicator="${escapeXml(id)}">${svg}<figcaption>${figuresTable(figures)}</figcaption></figure>`;
  });
  const chosen = highlight === null ? '' : ` ${escapeXml(highlight)} has the heavy border.`;
  return `<section class="outcome-maps-section" aria-labelledby="outcome-maps-heading">
<h${headingLevel} id="outcome-maps-heading">On the map: the localities in ${escapeXml(village.period.label)}</h${headingLevel}>
<p>Each indicator by locality, coloured against the city's rate (orange below, purple above); hatched localities are suppressed.${chosen} Boundaries: ${escapeXml(boundaries.source)} ${escapeXml(boundaries.attribution)}</p>
${shapeDefinitions(boundaries.localities, projection, idOf)}
<div class="outcome-maps">${maps.join('\n')}</div>
</section>`;
}
