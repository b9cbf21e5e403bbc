import type { DASHBOARD_IDS } from '../../../shared/api';
import type { MapMeasure } from '../../../shared/maps';
import type { VillageJson } from '../../../shared/village';
import { useVillage } from '../village/use-village';
import { MapPanel } from './MapPanel';

/** Words in an indicator's name that put it on a dashboard's map first. */
const DASHBOARD_TOPICS: Record<(typeof DASHBOARD_IDS)[number], RegExp> = {
  send: /\b(EHC|SEN|suspen|exclu)/i,
  'building-safety': /\b(protection|abuse|looked after|in need)/i,
};

function preferredIndicator(village: VillageJson, dashboardId: (typeof DASHBOARD_IDS)[number]): MapMeasure | null {
  const indicator = village.indicators.find((entry) => DASHBOARD_TOPICS[dashboardId].test(entry.name));
  return indicator === undefined ? null : { kind: 'indicator', id: indicator.id };
}

/** The dashboard's map: the same run's village figures by locality or ward, starting with the dashboard's topic. */
export function DashboardMap({ runId, dashboardId, attempt }: { readonly runId: string; readonly dashboardId: (typeof DASHBOARD_IDS)[number]; readonly attempt: number }) {
  const state = useVillage(runId, attempt);
  if (state.status !== 'ready') return null;
  return (
    <MapPanel
      key={`${state.village.generatedAt}-${dashboardId}`}
      village={state.village}
      runId={runId}
      idPrefix={`dashboard-${dashboardId}`}
      heading="By area: localities and wards"
      preferredMeasure={preferredIndicator(state.village, dashboardId)}
    />
  );
}
