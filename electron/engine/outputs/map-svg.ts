/**
 * report.html's maps: for every indicator, the localities (and the wards, where the run published ward
 * figures) as inline SVG choropleths drawn from the run's own boundaries in village.json, each with a table
 * of the same figures for screen readers. Built only from village.json (already suppressed), like the rest
 * of the report; a run without boundaries gets no maps section.
 */
import { choroplethSvg, escapeXml, fitProjection, shapeDefinitions } from '../../../shared/map-svg';
import { type AreaShape, type ChoroplethFigures, choroplethFigures, type MapLevel } from '../../../shared/maps';
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
  const blocks = village.indicators
    .map((indicator) => {
      const maps = levels
        .filter((level) => village.areas.some((area) => area.level === level && area.indicators.some((figure) => figure.id === indicator.id)))
        .map((level) => {
          const figures = choroplethFigures(village, level, { kind: 'indicator', id: indicator.id });
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
          return `<figure class="map" data-level="${level}" data-indicator="${escapeXml(indicator.id)}">${svg}<figcaption>${figuresTable(figures)}</figcaption></figure>`;
        });
      return maps.length === 0 ? '' : `<h3>${escapeXml(indicator.name)}</h3>\n<div class="maps">${maps.join('\n')}</div>`;
    })
    .filter((block) => block !== '');
  if (blocks.length === 0) return '';
  return `<section id="maps" aria-labelledby="maps-heading">
<h2 id="maps-heading">Maps</h2>
<p>Each indicator by locality, and by ward where the recipe asked for ward figures. Colours compare each area with the city's rate (orange below, purple above); hatched areas are suppressed. Boundaries: ${escapeXml(boundaries.source)} ${escapeXml(boundaries.attribution)}</p>
${definitions}
${blocks.join('\n')}
</section>`;
}
