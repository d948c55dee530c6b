import { describe, expect, it } from 'vitest';
import { deriveTitle, MAX_DERIVED_TITLE } from '../../../briefings/summarize/title.ts';

describe('deriveTitle', () => {
  it('GIVEN a lead with attribution, a date and titled names THEN a short headline results', () => {
    expect(
      deriveTitle(
        'Japan and the United States are in the final stages of arranging a meeting between Prime Minister Shigeru Ishiba and President Donald Trump in Washington on February 7, according to sources cited by the Asahi newspaper. More follows.',
      ),
    ).toBe('Japan and US Arranging Ishiba–Trump Meeting in Washington');
  });

  it('GIVEN a lead opening on a subordinate clause THEN the clause goes', () => {
    expect(deriveTitle('After weeks of talks, the Senate passed a budget bill on Tuesday.')).toBe(
      'The Senate Passed a Budget Bill',
    );
  });

  it('GIVEN a very long lead THEN the title is cut at a clause, readable, without final punctuation', () => {
    const title = deriveTitle(
      'Scientists studying the deep ocean floor off the coast of Portugal have found a colony of previously unknown creatures that thrive in complete darkness, a discovery that may change how we think about life.',
    );
    expect(title.length).toBeLessThanOrEqual(MAX_DERIVED_TITLE);
    expect(title).toMatch(/^Scientists/);
    expect(title).not.toMatch(/[\s,.;:!?]$/);
    expect(title).not.toMatch(/ (?:a|an|the|of|and|to)$/i);
  });

  it('GIVEN Japanese text THEN the title is the lead clause', () => {
    expect(
      deriveTitle(
        '日本銀行は金曜日、政策金利を据え置くと発表し、物価の先行きについて慎重な見方を示した。',
      ),
    ).toBe('日本銀行は金曜日、政策金利を据え置くと発表し');
  });

  it('GIVEN no text THEN Untitled', () => {
    expect(deriveTitle('   ')).toBe('Untitled');
  });
});
