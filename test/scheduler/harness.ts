/**
 * Test harness for subscriptions and the scheduler: a real store on a SQLite file in a
 * temp dir, the real engine over a small corpus written here, and a recording adapter
 * that can fail on demand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewsIndex } from '../../briefings/index.ts';
import type { Article } from '../../briefings/types.ts';
import type {
  ChatAdapter,
  ChatRef,
  CommandRequest,
  Dispatcher,
  Platform,
} from '../../src/adapter.ts';
import type { Reply } from '../../src/commands/reply.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import type { Services } from '../../src/services.ts';
import { openStore, type Store } from '../../src/store/index.ts';

/** Wednesday 25 Nov 2026, 12:00 UTC. */
export const NOW = Date.parse('2026-11-25T12:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TempStore {
  store: Store;
  url: string;
  dir: string;
  /** Closes the store and opens the same file again: a restart. */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** A store on a fresh SQLite file. */
export async function openTempStore(log: Logger = silentLogger): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
  const url = `sqlite://${join(dir, 'data', 'herald.sqlite')}`;
  const temp: TempStore = {
    store: await openStore(url, log),
    url,
    dir,
    async reopen() {
      await temp.store.close();
      temp.store = await openStore(url, log);
      return temp.store;
    },
    async cleanup() {
      await temp.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

let serial = 0;

/** A dated article; the body repeats the title so the engine has text to summarize. */
export function article(
  title: string,
  publishedAt: number | null,
  fields: Partial<Article> = {},
): Article {
  serial += 1;
  return {
    id: fields.id ?? `a${serial}`,
    title,
    body: fields.body ?? `${title}. More details were reported on the matter today.`,
    url: null,
    source: fields.source ?? 'Test Wire',
    publishedAt,
    seenAt: fields.seenAt ?? publishedAt ?? NOW,
    categories: [],
    ...fields,
  };
}

/** A corpus about Japan, the economy and sports, published in the hour before `now`. */
export function corpus(now = NOW): NewsIndex {
  const news = new NewsIndex();
  news.add([
    article('Japan and US arrange Ishiba meeting in Washington', now - HOUR, {
      id: 'japan-ishiba',
    }),
    article('Tokyo stocks rise as yen weakens against the dollar', now - 2 * HOUR, {
      id: 'japan-stocks',
    }),
    article('Japan national football team wins friendly in Osaka', now - 3 * HOUR, {
      id: 'japan-sports',
      body: 'Japan national football team wins friendly in Osaka. The sports world celebrated the football result.',
    }),
    article('Federal Reserve holds interest rates steady as inflation cools', now - HOUR, {
      id: 'economy-fed',
    }),
  ]);
  return news;
}

export function makeServices(
  store: Store | undefined,
  news: NewsIndex = corpus(),
  env: Record<string, string> = {},
  log: Logger = silentLogger,
): Services {
  return {
    config: createConfig({ DEFAULT_TIMEZONE: 'UTC', ...env }),
    log,
    news,
    ...(store === undefined ? {} : { store }),
  };
}

export const GROUP: ChatRef = {
  platform: 'telegram',
  id: '-1001',
  kind: 'group',
  title: 'Team chat',
};

/** A command request in `chat` (an admin unless told otherwise). */
export function request(line: string, fields: Partial<CommandRequest> = {}): CommandRequest {
  const [command = '', ...rest] = line.replace(/^\//, '').split(' ');
  return {
    command,
    args: rest.join(' '),
    chat: GROUP,
    user: { id: '42', name: 'alice' },
    isAdmin: true,
    ...fields,
  };
}

/** The visible text of a reply, for assertions. */
export function text(reply: Reply): string {
  if (reply.type === 'error') return reply.message;
  if (reply.type === 'briefing')
    return [reply.note ?? '', ...reply.briefing.stories.map((s) => s.title)].join('\n');
  return [
    reply.title,
    reply.text,
    ...(reply.sections ?? []).flatMap((s) => [s.heading, ...s.lines]),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

export interface Sent {
  chatId: string;
  reply: Reply;
}

/**
 * An adapter that records deliveries. `failWith` may return an error to throw for a
 * delivery; `onDeliver` runs after each recorded delivery.
 */
export class RecordingAdapter implements ChatAdapter {
  readonly sent: Sent[] = [];
  attempts = 0;
  failWith: ((chatId: string, attempt: number) => Error | undefined) | undefined;
  onDeliver: ((sent: Sent) => void) | undefined;
  /** When set, each delivery waits for this promise first (to hold sends in flight). */
  gate: Promise<void> | undefined;

  constructor(readonly platform: Platform = 'telegram') {}

  start(_dispatcher: Dispatcher): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async deliver(chatId: string, reply: Reply): Promise<void> {
    this.attempts += 1;
    if (this.gate !== undefined) await this.gate;
    const error = this.failWith?.(chatId, this.attempts);
    if (error !== undefined) throw error;
    const sent = { chatId, reply };
    this.sent.push(sent);
    this.onDeliver?.(sent);
  }

  /** Deliveries per chat id. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { chatId } of this.sent) counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
    return counts;
  }
}
