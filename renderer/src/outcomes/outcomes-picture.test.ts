import { describe, expect, it } from 'vitest';
import { COMPARISON_STYLES } from './comparison';
import { frameworkPicture, spineChartPicture, wrapWords } from './outcomes-picture';
import type { FigureView, OutcomesModel } from './outcomes-view';

const figure = (value: number | null, display: string, comparison: FigureView['comparison']): FigureView => ({
  value,
  display,
  count: value === null ? display : '120',
  denominator: '1000',
  withheld: value === null,
  lower: null,
  upper: null,
  per100: value === null ? null : Math.round(value),
  comparison,
});

/** A city of three localities (one with an ampersand in its name), two indicators under two outcomes. */
const latest: Record<string, Record<string, FigureView>> = {
  City: { poverty: figure(30, '30.0', 'not-compared'), ehc: figure(4, '4.0', 'not-compared') },
  North: { poverty: figure(40, '40.0', 'worse'), ehc: figure(3, '3.0', 'lower') },
  'South & Vale': { poverty: figure(20, '20.0', 'better'), ehc: figure(null, 'c', 'not-compared') },
  East: { poverty: figure(31, '31.0', 'similar'), ehc: figure(5.5, '5.5', 'higher') },
};

const view: OutcomesModel = {
  title: 'Town',
  periods: [
    { id: 'q1', label: '2024/25 Q1' },
    { id: 'q2', label: '2024/25 Q2' },
  ],
  city: { code: 'City', name: 'Town' },
  localities: ['North', 'South & Vale', 'East'].map((name) => ({ code: name, name })),
  outcomes: [
    { id: 'safe', name: 'Safe', indicators: [{ id: 'poverty', name: 'Children in poverty', description: '', unit: 'per 100', polarity: 'lower-is-better', target: null }] },
    { id: 'learning', name: 'Learning', indicators: [{ id: 'ehc', name: 'EHC plan', description: '', unit: '%', polarity: 'none', target: null }] },
  ],
  levels: ['95%', '99.8%'],
  villageSize: 100,
  suppressionRule: 'Counts of 1 to 4 are shown as c.',
  symbol: 'c',
  sources: ['census.csv: school-census, SHA-256 abc'],
  methodNotes: [],
  figure: (area, indicator, period) => (period === 1 ? (latest[area]?.[indicator] ?? null) : null),
  change: () => ({ direction: 'unknown', difference: null, significant: false, call: 'not-compared', earlier: true }),
};

describe('wrapWords', () => {
  it('breaks at spaces within the width and keeps a longer word whole', () => {
    expect(wrapWords('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapWords('extraordinarily long', 5)).toEqual(['extraordinarily', 'long']);
  });
});

describe('spineChartPicture', () => {
  it('draws a row per indicator of the outcome with the locality’s call, its figures and the picture’s provenance', () => {
    const picture = spineChartPicture(view, view.outcomes[0] as never, { code: 'North', name: 'North' }, '95%');
    expect(picture.title).toBe('Safe: North against Town, 2024/25 Q2');
    expect(picture.description).toContain('at 95% confidence');
    expect(picture.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(picture.svg.match(/<g data-indicator="/g)).toHaveLength(1);
    expect(picture.svg).toContain('data-indicator="poverty" data-comparison="worse"');
    expect(picture.svg).toContain('40.0 per 100');
    expect(picture.svg).toContain('30.0 per 100');
    // Worse is a square marker in the call's colour.
    expect(picture.svg).toContain(`width="12" height="12" fill="${COMPARISON_STYLES.worse.background}"`);
    expect(picture.svg).toContain('Counts of 1 to 4 are shown as c.');
    expect(picture.svg).toContain('census.csv: school-census');
    expect(picture.svg).toContain(`viewBox="0 0 ${picture.width} ${picture.height}"`);
  });

  it('says a withheld figure is suppressed and draws no marker for it', () => {
    const picture = spineChartPicture(view, view.outcomes[1] as never, { code: 'South & Vale', name: 'South & Vale' }, '95%');
    expect(picture.svg).toContain('c (suppressed)');
    expect(picture.svg).toContain('South &amp; Vale');
    expect(picture.svg).not.toContain('South & Vale');
    expect(picture.svg).not.toMatch(/<circle|<polygon|width="12" height="12"/);
  });
});

describe('frameworkPicture', () => {
  it('colours every locality’s cell by its call, says the call in words, and shows a withheld figure as its symbol', () => {
    const picture = frameworkPicture(view, '99.8%');
    expect(picture.title).toBe('The outcome framework by locality, 2024/25 Q2');
    expect(picture.description).toContain('at 99.8% confidence');
    const cells = [...picture.svg.matchAll(/<g data-area="([^"]+)" data-comparison="([^"]+)"><rect [^>]*fill="([^"]+)"\/><text [^>]*>([^<]*)<\/text><text [^>]*>([^<]*)<\/text>/g)].map((match) => match.slice(1));
    expect(cells).toHaveLength(6);
    for (const [area, comparison, fill, , call] of cells) {
      const style = COMPARISON_STYLES[comparison as keyof typeof COMPARISON_STYLES];
      expect(fill, area).toBe(style.background);
      expect(call, area).toBe(`${style.mark} ${style.label}`);
    }
    expect(cells.map((cell) => [cell[0], cell[1], cell[3]])).toEqual([
      ['North', 'worse', '40.0'],
      ['South &amp; Vale', 'better', '20.0'],
      ['East', 'similar', '31.0'],
      ['North', 'lower', '3.0'],
      ['South &amp; Vale', 'not-compared', 'c'],
      ['East', 'higher', '5.5'],
    ]);
    expect(picture.svg).toContain('>Safe<');
    expect(picture.svg).toContain('>Learning<');
    expect(picture.svg).toContain('Counts of 1 to 4 are shown as c.');
  });
});
