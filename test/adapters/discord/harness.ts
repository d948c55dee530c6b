/**
 * Test plumbing for the Discord adapter: the fake Discord plus a real adapter logged in
 * to it, and the visible text of Discord messages (markdown removed) for assertions.
 */
import {
  createDiscordAdapter,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from '../../../adapters/discord/index.ts';
import type { Dispatcher } from '../../../src/adapter.ts';
import { silentLogger, type Logger } from '../../../src/log.ts';
import {
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
  type FakeMessage,
  type InteractionRecord,
} from '../../fakes/discord-api.ts';

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  /** Dispatches a slash command and resolves once the adapter has finished answering it. */
  command(input: Parameters<FakeDiscord['slashCommand']>[0]): Promise<InteractionRecord>;
  /** Stops the adapter and the fake. */
  close(): Promise<void>;
}

export async function startHarness(
  dispatcher: Dispatcher,
  options: {
    fake?: FakeDiscordOptions;
    adapter?: Partial<DiscordAdapterOptions>;
    log?: Logger;
  } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiBase: fake.apiBase,
    guildId: fake.guild.id,
    log: options.log ?? silentLogger,
    // Fail fast in tests instead of retrying a 5xx three times.
    rest: { retries: 1, timeout: 5_000 },
    ...options.adapter,
  });
  await adapter.start(dispatcher);
  return {
    fake,
    adapter,
    async command(input) {
      const interaction = fake.slashCommand(input);
      await fake.waitForAnswer(interaction);
      await adapter.idle();
      return interaction;
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** The messages an interaction produced that are still visible (original, then follow-ups). */
export function answers(interaction: InteractionRecord): FakeMessage[] {
  return [interaction.original, ...interaction.followups].filter(
    (message): message is FakeMessage => message !== null && !message.deleted,
  );
}

/** What a user reads in a message: content and embeds, markdown rendered away. */
export function visibleText(message: Pick<FakeMessage, 'content' | 'embeds'>): string {
  const parts: string[] = [];
  if (message.content !== '') parts.push(visible(message.content));
  for (const embed of message.embeds) {
    const title = embed['title'];
    const description = embed['description'];
    const fields = (embed['fields'] as { name: string; value: string }[] | undefined) ?? [];
    const footer = (embed['footer'] as { text?: string } | undefined)?.text;
    if (typeof title === 'string') parts.push(visible(title));
    if (typeof description === 'string') parts.push(visible(description));
    for (const field of fields) parts.push(visible(field.name), visible(field.value));
    // Footers show as plain text: Discord renders no markdown there.
    if (typeof footer === 'string') parts.push(footer);
  }
  return parts.join('\n');
}

/**
 * Discord markdown as displayed: `\x` shows `x`, `**bold**` shows bold, `[text](url)`
 * shows text, `<t:unix:R>` shows a time.
 */
export function visible(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const char = markdown[i] as string;
    if (char === '\\' && i + 1 < markdown.length) {
      out += markdown[i + 1];
      i += 2;
      continue;
    }
    if (markdown.startsWith('**', i)) {
      i += 2;
      continue;
    }
    if (char === '[') {
      const close = unescapedIndex(markdown, ']', i + 1);
      if (close > 0 && markdown[close + 1] === '(') {
        const end = markdown.indexOf(')', close + 2);
        if (end > 0) {
          out += visible(markdown.slice(i + 1, close));
          i = end + 1;
          continue;
        }
      }
    }
    const time = /^<t:(\d+):[tTdDfFR]>/.exec(markdown.slice(i));
    if (time !== null) {
      out += new Date(Number(time[1]) * 1000).toISOString();
      i += time[0].length;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

function unescapedIndex(text: string, wanted: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] === wanted) return i;
  }
  return -1;
}
