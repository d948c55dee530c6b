import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../briefings/text/sentences.ts';

describe('splitSentences', () => {
  it('GIVEN X.Y. abbreviations inside a sentence THEN the sentence stays whole', () => {
    expect(
      splitSentences('Leaders reinforced the Japan-U.S. alliance. Talks resume Monday.'),
    ).toEqual(['Leaders reinforced the Japan-U.S. alliance.', 'Talks resume Monday.']);
    expect(splitSentences('Jobs in the U.S. through Japanese companies grew.')).toHaveLength(1);
  });

  it('GIVEN an abbreviation that does end a sentence THEN the next sentence starts', () => {
    expect(splitSentences('He lives in the U.S. The weather is mild.')).toEqual([
      'He lives in the U.S.',
      'The weather is mild.',
    ]);
  });

  it('GIVEN titles, initials and decimals THEN no false breaks', () => {
    expect(splitSentences('Mr. Ishiba met Donald J. Trump. Growth was 3.5 percent.')).toEqual([
      'Mr. Ishiba met Donald J. Trump.',
      'Growth was 3.5 percent.',
    ]);
  });

  it('GIVEN paragraphs, quotes and Japanese full stops THEN each ends a sentence', () => {
    expect(splitSentences('First line\nSecond line. "Quoted." Third!')).toEqual([
      'First line',
      'Second line.',
      '"Quoted."',
      'Third!',
    ]);
    expect(splitSentences('日本は成長した。東京も。')).toEqual(['日本は成長した。', '東京も。']);
  });
});
