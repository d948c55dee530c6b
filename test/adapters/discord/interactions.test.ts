import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommands } from '../../../adapters/discord/index.ts';
import type { Dispatcher } from '../../../src/adapter.ts';
import {
  CALLBACK,
  MEMBER_PERMISSIONS,
  MESSAGE_FLAG,
  PERMISSION,
  type FakeChannel,
  type FakeMessage,
  type InteractionRecord,
} from '../../fakes/discord-api.ts';
import { makeBot, type Bot } from './bot.ts';
import { answers, startHarness, visibleText, type Harness } from './harness.ts';

const isEphemeral = (message: FakeMessage | null | undefined) =>
  ((message?.flags ?? 0) & MESSAGE_FLAG.Ephemeral) !== 0;
const textOf = (interaction: InteractionRecord) => answers(interaction).map(visibleText).join('\n');

/** A value for each option a command may require, by option name. */
const SAMPLE_VALUES: Record<string, string> = {
  topic: 'japan',
  time: '08:00',
  timezone: 'Asia/Tokyo',
  subscription: 'japan',
};

describe('Discord interactions with the real bot', () => {
  let bot: Bot;
  let harness: Harness;
  let places: [string, FakeChannel][];

  beforeAll(async () => {
    bot = await makeBot();
    // Answers here are checked as direct replies; deferral has its own tests below.
    harness = await startHarness(bot.dispatcher, { adapter: { deferAfterMs: 10_000 } });
    places = [
      ['a guild channel', harness.fake.channels.general],
      ['a thread', harness.fake.channels.thread],
      ['a DM', harness.fake.dmChannel(harness.fake.users.admin)],
    ];
  });
  afterAll(async () => {
    await harness.close();
    await bot.cleanup();
  });

  it('GIVEN each registered command in a guild channel, a thread and a DM THEN each gets a visible answer', async () => {
    for (const [where, channel] of places) {
      for (const command of slashCommands()) {
        const options = Object.fromEntries(
          (command.options ?? [])
            .filter((option) => 'required' in option && option.required === true)
            .map((option) => [option.name, SAMPLE_VALUES[option.name] ?? 'x']),
        );
        const interaction = await harness.command({ name: command.name, options, channel });
        const [answer] = answers(interaction);
        expect(answer, `/${command.name} in ${where}`).toBeDefined();
        expect(visibleText(answer!).length, `/${command.name} in ${where}`).toBeGreaterThan(0);
        expect(answer!.channel_id).toBe(channel.id);
      }
    }
  });

  it('GIVEN /news japan THEN one embed per story: the Ishiba meeting first, linked, with its source', async () => {
    for (const [, channel] of places) {
      const interaction = await harness.command({
        name: 'news',
        options: { topic: 'japan' },
        channel,
      });
      const [answer] = answers(interaction);
      expect(interaction.callbacks).toEqual([CALLBACK.ChannelMessageWithSource]);
      expect(isEphemeral(answer)).toBe(false);
      expect(answer?.content).toMatch(/News: japan/);
      expect(String(answer?.embeds[0]?.['title'])).toMatch(/Ishiba|Japan/);
      expect(textOf(interaction)).toMatch(/Ishiba/);
      expect(textOf(interaction)).not.toMatch(/Starbucks|Pentagon/);
    }
  });

  it('GIVEN /headlines, /topics and /help THEN each answers with its content', async () => {
    const headlines = await harness.command({ name: 'headlines' });
    expect(textOf(headlines)).toContain(
      'Federal Judge Restores Funding for Gateway Rail Tunnel Project',
    );
    const topics = await harness.command({ name: 'topics' });
    expect(textOf(topics).toLowerCase()).toContain('japan');
    expect(textOf(topics)).toMatch(/Trending/);
    const help = await harness.command({
      name: 'help',
      channel: harness.fake.dmChannel(harness.fake.users.member),
      user: harness.fake.users.member,
    });
    for (const name of slashCommands().map((command) => command.name))
      expect(textOf(help)).toContain(`/${name}`);
  });

  it('GIVEN the topic being typed THEN autocomplete answers with type 8 and at most 25 matching choices', async () => {
    const typed = harness.fake.autocomplete({ name: 'news', focused: 'topic', value: 'ja' });
    await harness.fake.waitForAnswer(typed);
    expect(typed.callbacks).toEqual([CALLBACK.AutocompleteResult]);
    expect(typed.choices?.map((choice) => choice.value)).toContain('japan');

    const empty = harness.fake.autocomplete({ name: 'headlines', focused: 'topic', value: '' });
    await harness.fake.waitForAnswer(empty);
    expect(empty.callbacks).toEqual([CALLBACK.AutocompleteResult]);
    expect(empty.choices?.length).toBeGreaterThan(0);
    expect(empty.choices?.length).toBeLessThanOrEqual(25);
    for (const choice of empty.choices ?? []) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN a city typed as the time zone of /subscribe THEN its IANA zone is offered', async () => {
    const typed = harness.fake.autocomplete({
      name: 'subscribe',
      focused: 'timezone',
      value: 'tokyo',
      options: { topic: 'japan', time: '08:00' },
    });
    await harness.fake.waitForAnswer(typed);
    expect(typed.callbacks).toEqual([CALLBACK.AutocompleteResult]);
    expect(typed.choices?.map((choice) => choice.value)).toContain('Asia/Tokyo');
  });

  it('GIVEN every autocompleting option of every command THEN each answers with at most 25 choices', async () => {
    for (const command of slashCommands()) {
      for (const option of command.options ?? []) {
        if (!('autocomplete' in option) || option.autocomplete !== true) continue;
        const typed = harness.fake.autocomplete({
          name: command.name,
          focused: option.name,
          value: '',
        });
        await harness.fake.waitForAnswer(typed);
        expect(typed.callbacks, `/${command.name} ${option.name}`).toEqual([
          CALLBACK.AutocompleteResult,
        ]);
        expect(typed.choices?.length ?? 0).toBeLessThanOrEqual(25);
      }
    }
  });

  it('GIVEN a member without Manage Channels THEN admin commands are refused at run time, ephemerally, even though Discord showed them', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    const admin = slashCommands().filter((command) => command.default_member_permissions === '16');
    expect(admin.map((command) => command.name)).toEqual(
      expect.arrayContaining(['subscribe', 'unsubscribe']),
    );
    for (const command of admin) {
      const options = Object.fromEntries(
        (command.options ?? [])
          .filter((option) => 'required' in option && option.required === true)
          .map((option) => [option.name, SAMPLE_VALUES[option.name] ?? 'x']),
      );
      const refused = await harness.command({
        name: command.name,
        options,
        user: harness.fake.users.member,
        permissions: MEMBER_PERMISSIONS,
        channel,
      });
      const [answer] = answers(refused);
      expect(isEphemeral(answer), `/${command.name}`).toBe(true);
      expect(visibleText(answer!)).toMatch(/Only channel admins/);
    }
    const list = await harness.command({
      name: 'subscriptions',
      channel,
      user: harness.fake.users.member,
    });
    expect(textOf(list)).toMatch(/no subscriptions/);
  });

  it('GIVEN Manage Server, Administrator, or a DM THEN the member may subscribe', async () => {
    const cases: { permissions?: bigint; channel?: FakeChannel }[] = [
      { permissions: MEMBER_PERMISSIONS | PERMISSION.ManageGuild },
      { permissions: MEMBER_PERMISSIONS | PERMISSION.Administrator },
      { channel: harness.fake.dmChannel(harness.fake.users.member) },
    ];
    for (const { permissions, channel } of cases) {
      const subscribed = await harness.command({
        name: 'subscribe',
        options: { topic: 'japan', time: '08:00', timezone: 'Asia/Tokyo' },
        user: harness.fake.users.member,
        ...(permissions === undefined ? {} : { permissions }),
        ...(channel === undefined ? {} : { channel }),
      });
      expect(textOf(subscribed)).toMatch(/Subscribed: japan news every day at 08:00 Asia\/Tokyo/);
      await harness.command({
        name: 'unsubscribe',
        options: { subscription: 'japan' },
        user: harness.fake.users.member,
        ...(permissions === undefined ? {} : { permissions }),
        ...(channel === undefined ? {} : { channel }),
      });
    }
  });

  it('GIVEN @everyone and a role mention in the news THEN the answer shows them and pings nobody', async () => {
    const interaction = await harness.command({ name: 'news', options: { topic: 'markets' } });
    const [answer] = answers(interaction);
    expect(answer?.allowed_mentions).toEqual({ parse: [] });
    expect(answer?.pings).toEqual({ everyone: false, users: [], roles: [] });
    expect(textOf(interaction)).toContain('@everyone');
    expect(textOf(interaction)).toContain('<@&123456>');
  });

  it('GIVEN bad input or an unknown command THEN the answer is ephemeral', async () => {
    const bad = await harness.command({ name: 'news', options: { topic: '<script>' } });
    expect(isEphemeral(answers(bad)[0])).toBe(true);
    expect(textOf(bad)).toMatch(/topic can only hold letters/i);

    const stale = await harness.command({ name: 'nwes', unregistered: true });
    expect(isEphemeral(answers(stale)[0])).toBe(true);
    expect(textOf(stale)).toMatch(/Unknown command \/nwes\. Did you mean \/news\?/);
  });
});

describe('Discord answers that take time or space', () => {
  let bot: Bot;
  let harness: Harness;
  let newsDir: string;
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    newsDir = mkdtempSync(join(tmpdir(), 'herald-long-news-'));
    writeFileSync(join(newsDir, 'long.jsonl'), longJapanStories(12));
    bot = await makeBot({ NEWS_DATA_DIR: newsDir });
    const real = bot.dispatcher;
    // The same bot, except that commands wait for the test to let them finish.
    const slow: Dispatcher = {
      ...real,
      async handle(request) {
        await gate;
        return real.handle(request);
      },
    };
    // One paged briefing kept at a time, so a second one expires the first.
    harness = await startHarness(slow, {
      adapter: { deferAfterMs: 100, pages: { maxEntries: 1 } },
    });
  });
  afterAll(async () => {
    release();
    await harness.close();
    await bot.cleanup();
    rmSync(newsDir, { recursive: true, force: true });
  });

  function hold(): void {
    gate = new Promise((resolve) => (release = resolve));
  }

  it('GIVEN a slow briefing THEN the reply is deferred within the deadline and the briefing edited in when ready', async () => {
    hold();
    const interaction = harness.fake.slashCommand({ name: 'news', options: { topic: 'japan' } });
    await harness.fake.waitForAnswer(interaction);
    expect(interaction.callbacks).toEqual([CALLBACK.DeferredChannelMessageWithSource]);
    expect((interaction.original?.flags ?? 0) & MESSAGE_FLAG.Loading).not.toBe(0);

    release();
    await harness.fake.waitForAnswer(
      interaction,
      (record) => (record.original?.embeds.length ?? 0) > 0,
    );
    await harness.adapter.idle();
    expect(interaction.original?.flags).toBe(0);
    expect(interaction.original?.content).toMatch(/News: japan/);
    expect(
      harness.fake.requests.some(
        (request) => request.route === 'PATCH /webhooks/:app/:token/messages/@original',
      ),
    ).toBe(true);
  });

  it('GIVEN a slow command that ends in an error THEN the deferred answer is replaced by an ephemeral one', async () => {
    hold();
    const interaction = harness.fake.slashCommand({ name: 'news', options: { topic: '<b>' } });
    await harness.fake.waitForAnswer(interaction);
    release();
    await harness.fake.waitForAnswer(interaction, (record) => record.followups.length > 0);
    await harness.adapter.idle();
    expect(interaction.original?.deleted).toBe(true);
    const [answer] = answers(interaction);
    expect(isEphemeral(answer)).toBe(true);
    expect(visibleText(answer!)).toMatch(/topic can only hold letters/i);
  });

  it('GIVEN a briefing of long stories THEN it is paged within every limit, and More and Previous turn the pages', async () => {
    release();
    const interaction = await harness.command({ name: 'news', options: { topic: 'japan' } });
    const message = interaction.original!;
    // The fake answers 400 to anything past a Discord limit: the page was accepted.
    expect(message.embeds.length).toBeGreaterThan(0);
    const more = buttons(message).find((button) => String(button['label']).startsWith('More'));
    expect(more?.['disabled']).toBe(false);
    const firstTitles = message.embeds.map((embed) => embed['title']);

    const next = harness.fake.clickButton({ message, customId: String(more?.['custom_id']) });
    await harness.fake.waitForAnswer(next);
    await harness.adapter.idle();
    expect(next.callbacks).toEqual([CALLBACK.UpdateMessage]);
    expect(message.content).toMatch(/page 2\//);
    expect(message.embeds.map((embed) => embed['title'])).not.toEqual(firstTitles);

    const previous = buttons(message).find((button) =>
      String(button['label']).includes('Previous'),
    );
    const back = harness.fake.clickButton({ message, customId: String(previous?.['custom_id']) });
    await harness.fake.waitForAnswer(back);
    await harness.adapter.idle();
    expect(message.embeds.map((embed) => embed['title'])).toEqual(firstTitles);
  });

  it('GIVEN a More button of a briefing no longer kept THEN the click gets an ephemeral note to ask again', async () => {
    release();
    const older = (await harness.command({ name: 'news', options: { topic: 'japan' } })).original!;
    await harness.command({ name: 'news', options: { topic: 'japan' } });
    const more = buttons(older).find((button) => String(button['label']).startsWith('More'));

    const click = harness.fake.clickButton({
      message: older,
      customId: String(more?.['custom_id']),
    });
    await harness.fake.waitForAnswer(click);
    await harness.adapter.idle();

    expect(click.callbacks).toEqual([CALLBACK.ChannelMessageWithSource]);
    expect(isEphemeral(click.followups[0])).toBe(true);
    expect(visibleText(click.followups[0]!)).toMatch(/expired/);
  });
});

function buttons(message: FakeMessage): Record<string, unknown>[] {
  return message.components.flatMap(
    (row) => (row['components'] as Record<string, unknown>[] | undefined) ?? [],
  );
}

/** Twelve distinct Japan stories with very long titles and bodies, as JSONL. */
function longJapanStories(count: number): string {
  const subjects = [
    'trade',
    'defence',
    'energy',
    'tourism',
    'rice',
    'yen',
    'robots',
    'rail',
    'fishing',
    'space',
    'chips',
    'schools',
    'ports',
    'baseball',
  ];
  return Array.from({ length: count }, (_, i) => {
    const subject = subjects[i % subjects.length] ?? 'news';
    const sentences = Array.from(
      { length: 40 },
      (_, j) =>
        `Japan's ${subject} officials in Tokyo described step ${j + 1} of the ${subject} plan number ${i + 1}, which ministers say will reshape ${subject} across the prefectures for years.`,
    );
    return JSON.stringify({
      title: `Japan ${subject} plan ${i + 1}: ${`Tokyo ministers outline a sweeping ${subject} overhaul `.repeat(8).trim()}`,
      body: sentences.join(' '),
      url: `https://example.com/japan/${subject}/${i + 1}`,
      // Long source names fill the footers: with the long titles, ten stories pass 6,000 characters.
      source: `Tokyo ${subject} desk of the ${'Very Long Name Of A Regional Newspaper Group '.repeat(4).trim()}`,
      publishedAt: `2026-11-25T0${i % 10}:00:00Z`,
    });
  }).join('\n');
}
