/**
 * The data-sharing specifications that ship with the workbench, one JSON file per kind of partner extract.
 * The files are imported as JSON modules so that electron-vite bundles them into the engine: nothing is
 * read from disk at run time, and a packaged app cannot lose them.
 */
import { parseSpecification, type Specification } from '../../../shared/spec';
import educationEhcPlans from './education-ehc-plans.spec.json' with { type: 'json' };
import educationSchoolCensus from './education-school-census.spec.json' with { type: 'json' };
import educationSuspensionsExclusions from './education-suspensions-exclusions.spec.json' with { type: 'json' };
import healthChildRegister from './health-child-register.spec.json' with { type: 'json' };
import healthMentalHealthReferrals from './health-mental-health-referrals.spec.json' with { type: 'json' };
import policeDomesticAbuse from './police-domestic-abuse.spec.json' with { type: 'json' };
import policeProtectionNotices from './police-protection-notices.spec.json' with { type: 'json' };
import populationEstimates from './population-estimates.spec.json' with { type: 'json' };
import populationEthnicity from './population-ethnicity.spec.json' with { type: 'json' };
import socialcareEpisodes from './socialcare-episodes.spec.json' with { type: 'json' };
import socialcareWardSummary from './socialcare-ward-summary.spec.json' with { type: 'json' };
import voiceWellbeingSurvey from './voice-wellbeing-survey.spec.json' with { type: 'json' };
import { EngineError } from '../errors';

const SPECIFICATION_FILES: readonly unknown[] = [
  healthChildRegister,
  healthMentalHealthReferrals,
  educationSchoolCensus,
  educationEhcPlans,
  educationSuspensionsExclusions,
  policeDomesticAbuse,
  policeProtectionNotices,
  socialcareEpisodes,
  socialcareWardSummary,
  populationEstimates,
  populationEthnicity,
  voiceWellbeingSurvey,
];

export class UnknownSpecificationError extends EngineError {
  constructor(readonly specId: string) {
    super(`There is no specification "${specId.slice(0, 80)}"; known specifications: ${[...registry().keys()].join(', ')}`, 'not-found');
  }
}

let parsed: Map<string, Specification> | undefined;

function registry(): Map<string, Specification> {
  if (parsed === undefined) {
    const specs = SPECIFICATION_FILES.map((json) => parseSpecification(json));
    parsed = new Map(specs.map((spec) => [spec.id, spec]));
    if (parsed.size !== specs.length) throw new Error('Two bundled specifications share an id');
  }
  return parsed;
}

/** Every bundled specification, parsed and checked, in a stable order (health, education, police, social care, population, voice). */
export function loadSpecifications(): Specification[] {
  return [...registry().values()];
}

export function getSpecification(id: string): Specification {
  const spec = registry().get(id);
  if (spec === undefined) throw new UnknownSpecificationError(id);
  return spec;
}
