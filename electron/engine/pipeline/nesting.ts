/**
 * Which people indicators count a subset of another's people, so that their difference is itself a count.
 *
 * "Child in need" beside "child in need, not looked after" publishes, by subtraction, the children in need
 * who are looked after; "child in need" beside "looked after" (a social-care record that says looked after is
 * a social-care record) publishes those who are not. Disclosure control must treat such a difference as a
 * count of its own (publish.ts). An indicator counts the people in its age window who meet its numerator
 * and, for a `{persons: …}` denominator, that condition too (indicators.ts); `child ⊆ parent` is decided on
 * those conditions by sound rules of the condition language:
 * - a condition is a subset of itself; a leaf on a source is a subset of `exists` on that source;
 * - `allOf` is a subset when one of its parts is, `anyOf` when all its parts are;
 * - a subset of every part of an `allOf`, or of one part of an `anyOf`, is a subset of it;
 * - `not A` ⊆ `not B` when B ⊆ A.
 * Only observed counts (not rates applied to the population) with the same age window are related.
 * Two children of one parent that split it (`allOf(P, X)` and `allOf(P, not X)`) are its partition: each is
 * the other's difference.
 */
import type { Condition, Indicator, PeopleIndicator, Recipe } from '../../../shared/recipe';

type Leaf = Extract<Condition, { source: string }>;

function isLeaf(condition: Condition): condition is Leaf {
  return 'source' in condition;
}

function sameCondition(left: Condition, right: Condition): boolean {
  return canonical(left) === canonical(right);
}

/** The condition as text with `anyOf` and `allOf` parts in a fixed order, so equal conditions compare equal. */
function canonical(condition: Condition): string {
  if ('anyOf' in condition) return `any(${condition.anyOf.map(canonical).sort().join(',')})`;
  if ('allOf' in condition) return `all(${condition.allOf.map(canonical).sort().join(',')})`;
  if ('not' in condition) return `not(${canonical(condition.not)})`;
  const { source, ...test } = condition;
  return `${source}:${JSON.stringify(Object.entries(test).sort(([a], [b]) => a.localeCompare(b)))}`;
}

/** True when everyone meeting `child` meets `parent`, by the rules above (false when it cannot tell). */
export function isSubsetCondition(child: Condition, parent: Condition): boolean {
  if (sameCondition(child, parent)) return true;
  if ('allOf' in child && child.allOf.some((part) => isSubsetCondition(part, parent))) return true;
  if ('anyOf' in child && child.anyOf.every((part) => isSubsetCondition(part, parent))) return true;
  if ('allOf' in parent && parent.allOf.every((part) => isSubsetCondition(child, part))) return true;
  if ('anyOf' in parent && parent.anyOf.some((part) => isSubsetCondition(child, part))) return true;
  if ('not' in child && 'not' in parent) return isSubsetCondition(parent.not, child.not);
  if (isLeaf(child) && isLeaf(parent)) return 'exists' in parent && parent.source === child.source;
  return false;
}

/** The people an indicator counts, as one condition: its numerator and a `{persons: …}` denominator's condition. */
function countedCondition(indicator: PeopleIndicator): Condition {
  return typeof indicator.denominator === 'object' ? { allOf: [indicator.numerator, indicator.denominator.persons] } : indicator.numerator;
}

function countsPeople(indicator: Indicator): indicator is PeopleIndicator {
  return indicator.kind !== 'share' && indicator.estimate === 'observed';
}

export interface NestedPair {
  readonly parent: string;
  readonly child: string;
  /** The indicator that counts exactly `parent` minus `child`, when the recipe has one (a partition). */
  readonly difference: string | null;
}

/**
 * What `condition` adds to `parent`: the other parts when it is `allOf(parent, …rest)`, or itself when it is
 * a subset of `parent` anyway (then it is `parent ∧ condition`); null otherwise.
 */
function restAfter(condition: Condition, parent: Condition): Condition[] | null {
  if ('allOf' in condition) {
    const index = condition.allOf.findIndex((part) => sameCondition(part, parent));
    if (index >= 0) return condition.allOf.filter((_, position) => position !== index);
  }
  return isSubsetCondition(condition, parent) ? [condition] : null;
}

/** Whether `left` and `right` split `parent`: allOf(parent, X) and allOf(parent, not X). */
function splits(left: Condition, right: Condition, parent: Condition): boolean {
  const leftRest = restAfter(left, parent);
  const rightRest = restAfter(right, parent);
  if (leftRest === null || rightRest === null || leftRest.length !== 1 || rightRest.length !== 1) return false;
  const [x, y] = [leftRest[0] as Condition, rightRest[0] as Condition];
  return ('not' in y && sameCondition(y.not, x)) || ('not' in x && sameCondition(x.not, y));
}

/** Every (parent, child) pair of the recipe's indicators where the child counts a subset of the parent's people. */
export function nestedIndicatorPairs(recipe: Recipe): NestedPair[] {
  const people = recipe.indicators.filter(countsPeople);
  const window = (indicator: PeopleIndicator): string => JSON.stringify([indicator.ageRange, indicator.ageAt ?? recipe.referenceDate]);
  const pairs: NestedPair[] = [];
  for (const parent of people) {
    for (const child of people) {
      if (child.id === parent.id || window(child) !== window(parent)) continue;
      const childCondition = countedCondition(child);
      const parentCondition = countedCondition(parent);
      if (!isSubsetCondition(childCondition, parentCondition)) continue;
      // Two indicators that count the same people publish the same numbers: nothing to subtract.
      if (isSubsetCondition(parentCondition, childCondition)) continue;
      const difference = people.find((other) => other.id !== child.id && other.id !== parent.id && window(other) === window(parent) && splits(countedCondition(other), childCondition, parentCondition));
      pairs.push({ parent: parent.id, child: child.id, difference: difference?.id ?? null });
    }
  }
  return pairs;
}
