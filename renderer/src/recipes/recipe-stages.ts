/** Plain words for the stages of a recipe run, as the engine names them in progress and in the summary. */
const STAGES: Record<string, string> = {
  starting: 'Starting',
  import: 'Importing and validating every extract',
  geography: 'Placing records in wards and localities',
  unresolved: 'Counting records that could not be placed',
  linkage: 'Linking people across sources',
  indicators: 'Counting the indicators',
  village: 'Building the villages of 100',
  disclosure: 'Protecting small numbers',
  dashboards: 'Building the dashboards',
  outputs: 'Writing the outputs',
  done: 'Finishing',
};

/** The stage a progress phase belongs to: "linkage…" is the linkage stage, "importing x (x.csv)" the import stage. */
export function stageOf(phase: string): string {
  const trimmed = phase.replace(/…$/, '').trim();
  return /^importing /.test(trimmed) ? 'import' : trimmed;
}

/** A stage, or a progress phase, in plain words. */
export function stageText(phase: string): string {
  const stage = stageOf(phase);
  if (stage === 'import' && phase.startsWith('importing ')) return `Importing and validating ${phase.slice('importing '.length)}`;
  return STAGES[stage] ?? stage.replace(/[-_]/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

/** The stages seen so far, in the order they started: progress polls repeat a stage many times. */
export function addStage(seen: readonly string[], phase: string): readonly string[] {
  const stage = stageOf(phase);
  return seen.includes(stage) ? seen : [...seen, stage];
}
