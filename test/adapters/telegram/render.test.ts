import { describe, expect, it } from 'vitest';
import type { Briefing, Story } from '../../../briefings/types.ts';
import type { Reply } from '../../../src/commands/reply.ts';
import { MESSAGE_LIMIT, STORIES_PER_SCREEN } from '../../../adapters/telegram/limits.ts';
import {
  escapeAttribute,
  escapeHtml,
  pageCount,
  parsePagingData,
  pagingData,
  renderReply,
  type TelegramMessage,
} from '../../../adapters/telegram/render.ts';
import { parseTelegramHtml } from '../../fakes/telegram-api.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function story(overrides: Partial<Story> = {}): Story {
  return {
    title: 'Japan and US arrange Ishiba–Trump meeting',
    summary: 'The two leaders aim to strengthen cooperation in security and economic ties.',
    url: 'https://example.com/japan',
    source: 'Asahi',
    publishedAt: '2026-11-25T09:00:00Z',
    related: [],
    ...overrides,
  };
}

function briefing(stories: Story[], kind: Briefing['kind'] = 'news'): Reply {
  return {
    type: 'briefing',
    briefing: { kind, topic: 'japan', generatedAt: new Date(NOW).toISOString(), stories },
  };
}

/** Parses like Telegram does; fails the test on markup Telegram would refuse. */
function visibleOf(message: TelegramMessage): string {
  if (message.parse_mode !== 'HTML') return message.text;
  const parsed = parseTelegramHtml(message.text);
  if (!parsed.ok) throw new Error(`Telegram would refuse: ${parsed.error}\n${message.text}`);
  return parsed.text;
}

function expectWithinLimits(messages: TelegramMessage[]): void {
  for (const message of messages) {
    expect(message.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(visibleOf(message).length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(message.link_preview_options).toEqual({ is_disabled: true });
  }
}

describe('Telegram rendering of briefings', () => {
  it('GIVEN a story THEN its title is bold and linked, then the summary, "source · time ago" and "also: …"', () => {
    const [message, ...rest] = renderReply(
      briefing([
        story({
          related: [
            { title: 'Ishiba to visit Washington', url: 'https://example.org/2', source: 'NHK' },
          ],
        }),
      ]),
      { now: NOW },
    );
    expect(rest).toEqual([]);
    expect(message?.parse_mode).toBe('HTML');
    expect(message?.text).toContain(
      '<b>1. <a href="https://example.com/japan">Japan and US arrange Ishiba–Trump meeting</a></b>\nThe two leaders aim',
    );
    expect(message?.text).toContain('<i>Asahi · 3 h ago</i>');
    expect(message?.text).toContain(
      'also: <a href="https://example.org/2">Ishiba to visit Washington</a> (NHK)',
    );
    expect(visibleOf(message!)).toMatch(/^News: japan — 1 story/);
  });

  it('GIVEN a story without a URL THEN its title is bold but not linked', () => {
    const [message] = renderReply(briefing([story({ url: null })]), { now: NOW });
    expect(message?.text).toContain('<b>1. Japan and US arrange Ishiba–Trump meeting</b>');
    expect(message?.text).not.toContain('<a ');
  });

  it('GIVEN hostile headlines with <b>, & and </a> THEN everything shows literally and Telegram accepts it', () => {
    const hostile = '@everyone <b>Breaking</b> & </a> <@&123456> markets rally';
    const [message] = renderReply(
      briefing([
        story({
          title: hostile,
          summary: 'Investors cheered <script>alert(1)</script> the news & more.',
          url: 'https://example.com/markets?a=1&b="2"',
          source: 'Hostile <Wire>',
          related: [{ title: '</b></a><i>', url: 'javascript:alert(1)', source: '&amp;' }],
        }),
      ]),
      { now: NOW },
    );
    const text = visibleOf(message!);
    expect(text).toContain(hostile);
    expect(text).toContain('Investors cheered <script>alert(1)</script> the news & more.');
    expect(text).toContain('Hostile <Wire>');
    expect(text).toContain('also: </b></a><i> (&amp;)');
    expect(message?.text).toContain('href="https://example.com/markets?a=1&amp;b=%222%22"');
    expect(message?.text).not.toContain('javascript:');
  });

  it('GIVEN escaping helpers THEN &, <, > are escaped, and quotes too in attributes', () => {
    expect(escapeHtml('a & <b> "c"')).toBe('a &amp; &lt;b&gt; "c"');
    expect(escapeAttribute('x?a=1&b="2"')).toBe('x?a=1&amp;b=&quot;2&quot;');
  });

  it('GIVEN a briefing longer than 4,096 characters THEN it is split at story boundaries into messages in order', () => {
    const stories = Array.from({ length: 10 }, (_, index) =>
      story({
        title: `Story number ${index + 1}`,
        summary: `${'Long summary sentence & more. '.repeat(50)}End ${index + 1}.`,
      }),
    );
    const messages = renderReply(briefing(stories), { now: NOW });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const all = messages.map(visibleOf).join('\n');
    // Every story whole, in order, none split across messages.
    let last = -1;
    for (let index = 1; index <= 10; index++) {
      const at = all.indexOf(`${index}. Story number ${index}\n`);
      expect(at).toBeGreaterThan(last);
      expect(all).toContain(`End ${index}.`);
      last = at;
    }
    for (const message of messages) {
      const text = visibleOf(message);
      const titles = [...text.matchAll(/(\d+)\. Story number \d+\n/g)].map((match) => match[1]);
      const ends = [...text.matchAll(/End (\d+)\./g)].map((match) => match[1]);
      expect(ends).toEqual(titles);
    }
    expect(messages.every((message) => message.reply_markup === undefined)).toBe(true);
  });

  it('GIVEN one story larger than a message THEN it is cut in plain text: no broken tag or entity', () => {
    const [message, ...rest] = renderReply(
      briefing([
        story({
          title: `${'<&> '.repeat(2000)}`,
          summary: '&<>"'.repeat(10_000),
          related: Array.from({ length: 50 }, (_, index) => ({
            title: `r${index}`,
            url: null,
            source: '&&&',
          })),
        }),
      ]),
      { now: NOW },
    );
    expect(rest).toEqual([]);
    expectWithinLimits([message!]);
    expect(visibleOf(message!)).toContain('…');
  });

  it('GIVEN a long summary THEN it is shortened at a word boundary and the story keeps its source line', () => {
    const [message] = renderReply(briefing([story({ summary: 'word '.repeat(2000) })]), {
      now: NOW,
      limit: 600,
    });
    const text = visibleOf(message!);
    expect(text.length).toBeLessThanOrEqual(600);
    expect(text).toMatch(/word…\nAsahi · 3 h ago/);
  });

  it('GIVEN a note THEN it leads the first message in italics', () => {
    const reply: Reply = {
      ...(briefing([story()]) as Extract<Reply, { type: 'briefing' }>),
      note: 'Your 08:00 briefing <daily>',
    };
    const [message] = renderReply(reply, { now: NOW });
    expect(
      message?.text.startsWith('<i>Your 08:00 briefing &lt;daily&gt;</i>\n<b>News: japan</b>'),
    ).toBe(true);
  });

  it('GIVEN headlines THEN each is one compact line with its source', () => {
    const [message] = renderReply(
      briefing(
        [
          story({ summary: '', related: [{ title: 'x', url: null, source: 'NHK' }] }),
          story({ title: 'Second', url: null, publishedAt: null }),
        ],
        'headlines',
      ),
      { now: NOW },
    );
    expect(visibleOf(message!).split('\n')).toEqual([
      'Headlines: japan — 2 stories',
      '1. Japan and US arrange Ishiba–Trump meeting — Asahi · 3 h ago · also NHK',
      '2. Second — Asahi',
    ]);
  });
});

describe('Telegram paging with the "More" button', () => {
  const twelve = briefing(
    Array.from({ length: 12 }, (_, index) => story({ title: `Story ${index + 1}` })),
  );

  it('GIVEN more stories than one screen THEN the first screen ends with a "More" button naming the next page', () => {
    expect(pageCount((twelve as Extract<Reply, { type: 'briefing' }>).briefing)).toBe(3);
    const messages = renderReply(twelve, { now: NOW, paging: { token: 'tok123', page: 0 } });
    expect(messages).toHaveLength(1);
    const text = visibleOf(messages[0]!);
    expect(text).toContain(`${STORIES_PER_SCREEN.news}. Story ${STORIES_PER_SCREEN.news}`);
    expect(text).not.toContain('6. Story 6');
    expect(messages[0]?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'More (7 left) »', callback_data: 'pg:tok123:1' }]],
    });
  });

  it('GIVEN a middle page THEN it shows its stories with Back and More', () => {
    const [message] = renderReply(twelve, { now: NOW, paging: { token: 'tok123', page: 1 } });
    const text = visibleOf(message!);
    expect(text).toMatch(/^News: japan — stories 6–10 of 12/);
    expect(text).toContain('6. Story 6');
    expect(text).toContain('10. Story 10');
    expect(
      message?.reply_markup?.inline_keyboard[0]?.map((button) => button.callback_data),
    ).toEqual(['pg:tok123:0', 'pg:tok123:2']);
  });

  it('GIVEN the last page THEN only Back remains', () => {
    const [message] = renderReply(twelve, { now: NOW, paging: { token: 'tok123', page: 2 } });
    expect(visibleOf(message!)).toContain('12. Story 12');
    expect(message?.reply_markup?.inline_keyboard).toEqual([
      [{ text: '« Back', callback_data: 'pg:tok123:1' }],
    ]);
  });

  it('GIVEN callback data THEN it round-trips and stays within 64 bytes; anything else is not paging', () => {
    const data = pagingData('AbC_-12345', 3);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parsePagingData(data)).toEqual({ token: 'AbC_-12345', page: 3 });
    expect(parsePagingData('pg:bad token:1')).toBeNull();
    expect(parsePagingData('other')).toBeNull();
  });
});

describe('Telegram rendering of messages and errors', () => {
  it('GIVEN a message THEN the title is bold, text follows, and sections are bold headings with bullets', () => {
    const [message] = renderReply(
      {
        type: 'message',
        title: 'Herald help',
        text: 'Line one & two.\nLine <three>.',
        sections: [{ heading: 'Commands', lines: ['/news <topic> — a briefing', '/help — usage'] }],
      },
      { now: NOW },
    );
    expect(message?.text).toBe(
      '<b>Herald help</b>\n\nLine one &amp; two.\nLine &lt;three&gt;.\n\n<b>Commands</b>\n• /news &lt;topic&gt; — a briefing\n• /help — usage',
    );
    expect(message?.parse_mode).toBe('HTML');
  });

  it('GIVEN a message longer than a Telegram message THEN it is split at line boundaries', () => {
    const lines = Array.from(
      { length: 200 },
      (_, index) => `Subscription ${index + 1}: japan at 08:00 Asia/Tokyo <ok>`,
    );
    const messages = renderReply(
      { type: 'message', title: 'Subscriptions', sections: [{ heading: 'Active', lines }] },
      { now: NOW },
    );
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const all = messages.map(visibleOf).join('\n');
    expect(all.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(200);
    for (const message of messages) expect(message.text).not.toMatch(/^\n|\n$/);
  });

  it('GIVEN an error THEN it is one plain message with a warning sign', () => {
    expect(
      renderReply(
        {
          type: 'error',
          code: 'not-allowed',
          message: 'Only group admins can change subscriptions.',
        },
        { now: NOW },
      ),
    ).toEqual([
      {
        text: '⚠️ Only group admins can change subscriptions.',
        link_preview_options: { is_disabled: true },
      },
    ]);
  });
});
