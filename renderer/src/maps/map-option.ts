/**
 * The ECharts option of a choropleth: one map series over boundaries registered from the engine's shapes
 * (registerMap; region names are area codes, so a renamed area cannot mismatch). Colours are set per area
 * from the shared classes (shared/maps.ts), so the window, the exports and report.html agree; suppressed
 * areas are white with a grey hatch (a decal), never a class colour.
 */
import { type AreaShape, areaFill, type ChoroplethFigures, SUPPRESSED_HATCH } from '../../../shared/maps';
import type { MapChartOption } from '../charts/echarts-setup';

/** The GeoJSON ECharts registers: one feature per area, named by its code. */
export function geoJsonOf(shapes: readonly AreaShape[]): { type: 'FeatureCollection'; features: object[] } {
  return {
    type: 'FeatureCollection',
    features: shapes.map((shape) => ({
      type: 'Feature',
      properties: { name: shape.code },
      geometry: { type: 'MultiPolygon', coordinates: shape.polygons },
    })),
  };
}

/** East–west degrees are shorter than north–south ones by the cosine of the latitude. */
export function aspectScaleOf(shapes: readonly AreaShape[]): number {
  const latitudes = shapes.flatMap((shape) => shape.polygons.flatMap((polygon) => (polygon[0] ?? []).map((position) => position[1])));
  if (latitudes.length === 0) return 0.75;
  const middle = (Math.min(...latitudes) + Math.max(...latitudes)) / 2;
  return Math.cos((middle * Math.PI) / 180);
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Diagonal grey lines on white: the hatch report.html and the exports draw for a suppressed area. */
export function suppressedDecal() {
  return { symbol: 'rect', symbolSize: 1, color: SUPPRESSED_HATCH, backgroundColor: '#ffffff', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4 };
}

export function mapOption(mapName: string, figures: ChoroplethFigures, shapes: readonly AreaShape[], highlight: string | null): MapChartOption {
  const byCode = new Map(figures.areas.map((area) => [area.code, area]));
  return {
    aria: { enabled: true, label: { enabled: true, description: `${figures.title}. ${figures.suppressedCount} areas suppressed. Use the list of areas beside the map to read each figure.` } },
    tooltip: {
      trigger: 'item',
      confine: true,
      extraCssText: 'max-width: 340px; white-space: normal;',
      formatter: (parameters) => {
        const item = Array.isArray(parameters) ? parameters[0] : parameters;
        const figure = byCode.get(String(item?.name ?? ''));
        return figure === undefined ? '' : `<strong>${escapeHtml(figure.name)}</strong><br>${escapeHtml(figure.description.slice(figure.name.length + 2))}`;
      },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        aspectScale: aspectScaleOf(shapes),
        roam: false,
        selectedMode: false,
        left: 8,
        right: 8,
        top: 8,
        bottom: 8,
        label: { show: false },
        emphasis: { label: { show: false }, itemStyle: { borderColor: '#111111', borderWidth: 2.5 } },
        itemStyle: { borderColor: '#8a94a3', borderWidth: 0.5 },
        data: shapes.map((shape) => {
          const figure = byCode.get(shape.code);
          const fill = figure === undefined ? null : areaFill(figure, figures.classes);
          const highlighted = shape.code === highlight || shape.name === highlight;
          return {
            name: shape.code,
            value: figure?.value ?? Number.NaN,
            itemStyle: {
              areaColor: fill ?? '#ffffff',
              ...(fill === null ? { decal: suppressedDecal() } : {}),
              ...(highlighted ? { borderColor: '#111111', borderWidth: 3 } : {}),
            },
            // A focused or hovered area keeps its colour (ECharts would paint it yellow) and gains a heavy border.
            emphasis: { itemStyle: { areaColor: fill ?? '#ffffff', borderColor: '#111111', borderWidth: 2.5 } },
          };
        }),
      },
    ],
  };
}
