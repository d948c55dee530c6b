import { describe, expect, it } from 'vitest';
import { NEWS_SUMMARY_BUDGET, summarize } from '../../../briefings/summarize/summarize.ts';

const BODY = [
  'The Federal Reserve left its benchmark rate unchanged on Wednesday, citing slower inflation.',
  'He said more work remained.',
  'Officials signalled that the labour market would guide the timing of any future cut.',
  'Markets rose modestly after the announcement, with bond yields slipping.',
  'Analysts had widely expected the decision.',
].join(' ');

describe('summarize', () => {
  it('GIVEN an article body THEN 1–3 key sentences in their original order, within the budget, lead first', () => {
    const summary = summarize({ title: 'Fed Holds Rates as Inflation Slows', body: BODY });
    expect(summary.startsWith('The Federal Reserve left its benchmark rate unchanged')).toBe(true);
    expect(summary.length).toBeLessThanOrEqual(NEWS_SUMMARY_BUDGET);
    expect(summary).not.toContain('He said more work remained.');
    const sentences = summary.split(/(?<=\.)\s/);
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(3);
    const positions = sentences.map((sentence) => BODY.indexOf(sentence));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('GIVEN no body but a feed summary THEN the feed summary is used', () => {
    expect(
      summarize({
        title: 'Fed Holds',
        body: '',
        summary: 'Policymakers held borrowing costs steady.',
      }),
    ).toBe('Policymakers held borrowing costs steady.');
  });

  it('GIVEN a feed summary that only repeats the title, or a bare headline THEN the summary is empty', () => {
    expect(summarize({ title: 'Fed Holds Rates', body: '', summary: 'Fed holds rates.' })).toBe('');
    expect(summarize({ title: 'Fed Holds Rates', body: '' })).toBe('');
  });

  it('GIVEN one sentence longer than the budget THEN it is cut at a word with an ellipsis', () => {
    const summary = summarize({ title: 'Long', body: `${'word '.repeat(200)}end.` });
    expect(summary.length).toBeLessThanOrEqual(NEWS_SUMMARY_BUDGET);
    expect(summary.endsWith('…')).toBe(true);
  });
});
