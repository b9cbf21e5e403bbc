import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../charts/palette';
import { changeText, COMPARISON_ORDER, COMPARISON_STYLES, comparisonSentence, directionWords } from './comparison';

describe('comparison styles', () => {
  it('keep every label readable on its colour (WCAG AA, 4.5:1) and give each call its own label and mark', () => {
    for (const comparison of COMPARISON_ORDER) {
      const style = COMPARISON_STYLES[comparison];
      expect(contrastRatio(style.background, style.text), comparison).toBeGreaterThanOrEqual(4.5);
    }
    expect(new Set(COMPARISON_ORDER.map((comparison) => COMPARISON_STYLES[comparison].label)).size).toBe(COMPARISON_ORDER.length);
    expect(new Set(COMPARISON_ORDER.map((comparison) => COMPARISON_STYLES[comparison].mark)).size).toBe(COMPARISON_ORDER.length);
  });

  it('say the call in words', () => {
    expect(comparisonSentence('worse', 'Birmingham', '95%')).toBe('Significantly worse than Birmingham (95%)');
    expect(comparisonSentence('similar', 'Birmingham', '99.8%')).toBe('Similar to Birmingham (99.8%)');
  });
});

describe('changes', () => {
  it('read as an arrow, a signed difference and whether it is significant', () => {
    expect(changeText({ direction: 'up', difference: 1.24, significant: true, call: 'worse', earlier: true })).toBe('↑ +1.2, significant (worse)');
    expect(changeText({ direction: 'down', difference: -0.5, significant: false, call: 'similar', earlier: true })).toBe('↓ −0.5, not significant');
    expect(changeText({ direction: 'unknown', difference: null, significant: false, call: 'not-compared', earlier: true })).toBe('Not known (a figure is withheld or missing)');
    expect(directionWords({ direction: 'down', difference: -2, significant: true, call: 'better', earlier: true })).toBe('Falling, significantly better');
  });
});
