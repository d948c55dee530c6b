/**
 * `/subscribe <topic> [time] [zone] [days] [kind] [-mute a,b]` (chat admins): a daily
 * briefing in this chat. Subscribing again to the same topic and kind updates it (only
 * the options given change) and resumes it when it was paused.
 *
 * Defaults for a new subscription: 08:00, `DEFAULT_TIMEZONE`, every day, news, no mute
 * words. 08:00 because a morning briefing is what people subscribe to most.
 */
import { randomInt } from 'node:crypto';
import type { Suggestion } from '../adapter.ts';
import { EVERY_DAY } from '../schedule/days.ts';
import { describeNext, type Schedule } from '../schedule/schedule.ts';
import { suggestTimeZones } from '../schedule/time-zones.ts';
import { MAX_SUBSCRIPTIONS_PER_CHAT, type Subscription } from '../store/index.ts';
import type { Command, CommandContext } from './command.ts';
import { suggestTopics } from './news.ts';
import { message, userError, type Reply } from './reply.ts';
import {
  parseSubscribeOptions,
  parseSubscribeText,
  SUBSCRIBE_USAGE,
  type SubscribeArgs,
} from './subscribe-args.ts';
import { describeSubscription, listWords, storeUnavailable } from './subscription-text.ts';

/** 08:00 */
export const DEFAULT_MINUTE_OF_DAY = 8 * 60;

type Outcome =
  | { action: 'subscribed' | 'updated' | 'resumed' | 'unchanged'; subscription: Subscription }
  | { action: 'limit' };

const VERBS = {
  subscribed: 'Subscribed',
  updated: 'Updated',
  resumed: 'Resumed',
  unchanged: 'Already subscribed',
} as const;

export const subscribeCommand: Command = {
  name: 'subscribe',
  usage: SUBSCRIBE_USAGE.replace('/subscribe ', ''),
  description: 'A daily briefing in this chat, at a time in your time zone',
  audience: 'admins',
  listed: true,
  options: [
    {
      name: 'topic',
      description: 'What the briefing is about, e.g. japan',
      required: true,
      autocomplete: true,
    },
    { name: 'time', description: 'Time of day, e.g. 08:00 or 8am (default 08:00)', required: true },
    {
      name: 'timezone',
      description: 'Your time zone: a city or an IANA name, e.g. Asia/Tokyo',
      required: true,
      autocomplete: true,
    },
    {
      name: 'days',
      description: 'daily, weekdays, weekends, or e.g. mon,wed,fri (default daily)',
      required: false,
    },
    {
      name: 'kind',
      description: 'news (stories with summaries) or headlines',
      required: false,
      choices: ['news', 'headlines'],
    },
    {
      name: 'mute',
      description: 'Words to leave out, separated by commas, e.g. sports,celebrity',
      required: false,
    },
  ],
  run: subscribe,
  suggest(request, services, now): Promise<Suggestion[]> {
    if (request.option === 'timezone') return Promise.resolve(suggestTimeZones(request.partial));
    if (request.option === 'topic') return suggestTopics(request, services, now);
    return Promise.resolve([]);
  },
};

async function subscribe({ request, services, now }: CommandContext): Promise<Reply> {
  const { store } = services;
  if (store === undefined) return storeUnavailable();
  const parsed =
    request.options === undefined
      ? parseSubscribeText(request.args)
      : parseSubscribeOptions(request.options);
  if (!parsed.ok) return userError('bad-input', parsed.message);
  const args = parsed.value;
  const { chat } = request;
  const outcome = await store.subscriptions.change<Outcome>(chat.platform, chat.id, (current) => {
    const kind = args.kind ?? 'news';
    const index = current.findIndex((s) => s.topic === args.topic && s.kind === kind);
    const existing = current[index];
    if (existing !== undefined) {
      const { subscription, action } = updated(existing, args, now, chat.title);
      if (action === 'unchanged')
        return { next: current, result: { action, subscription: existing } };
      const next = [...current];
      next[index] = subscription;
      return { next, result: { action, subscription } };
    }
    if (current.length >= MAX_SUBSCRIPTIONS_PER_CHAT)
      return { next: current, result: { action: 'limit' } };
    const subscription: Subscription = {
      id: newId(new Set(current.map((s) => s.id))),
      platform: chat.platform,
      chatId: chat.id,
      chatKind: chat.kind,
      chatTitle: chat.title ?? null,
      topic: args.topic,
      kind,
      schedule: {
        minuteOfDay: args.minuteOfDay ?? DEFAULT_MINUTE_OF_DAY,
        timeZone: args.timeZone ?? services.config.defaultTimeZone,
        days: args.days ?? EVERY_DAY,
      },
      mute: args.mute ?? [],
      createdAt: now,
      createdBy: request.user.id,
      scheduleFrom: now,
      lastDelivery: null,
      lastBriefingAt: null,
      failures: 0,
      paused: null,
    };
    return { next: [...current, subscription], result: { action: 'subscribed', subscription } };
  });
  if (outcome.action === 'limit') {
    return userError(
      'limit-reached',
      `This chat already has ${MAX_SUBSCRIPTIONS_PER_CHAT} subscriptions, the most allowed. Remove one with /unsubscribe first.`,
    );
  }
  const { subscription } = outcome;
  services.log.info(
    {
      action: outcome.action,
      subscription: subscription.id,
      platform: chat.platform,
      chat: chat.id,
      topic: subscription.topic,
    },
    'subscription saved',
  );
  const mute =
    subscription.mute.length === 0 ? '' : ` Muted words: ${listWords(subscription.mute)}.`;
  return message({
    text: `${VERBS[outcome.action]}: ${describeSubscription(subscription)}. Next briefing: ${describeNext(subscription.schedule, now)}.${mute}`,
  });
}

function updated(
  existing: Subscription,
  args: SubscribeArgs,
  now: number,
  chatTitle: string | undefined,
): { subscription: Subscription; action: 'updated' | 'resumed' | 'unchanged' } {
  const schedule: Schedule = {
    minuteOfDay: args.minuteOfDay ?? existing.schedule.minuteOfDay,
    timeZone: args.timeZone ?? existing.schedule.timeZone,
    days: args.days ?? existing.schedule.days,
  };
  const mute = args.mute ?? existing.mute;
  const scheduleChanged = JSON.stringify(schedule) !== JSON.stringify(existing.schedule);
  const muteChanged = mute.join(',') !== existing.mute.join(',');
  const resumed = existing.paused !== null;
  if (!scheduleChanged && !muteChanged && !resumed)
    return { subscription: existing, action: 'unchanged' };
  return {
    action: resumed ? 'resumed' : 'updated',
    subscription: {
      ...existing,
      schedule,
      mute,
      chatTitle: chatTitle ?? existing.chatTitle,
      // A changed or resumed schedule starts now: no late briefing for a time already past.
      scheduleFrom: scheduleChanged || resumed ? now : existing.scheduleFrom,
      failures: 0,
      paused: null,
    },
  };
}

// No 0/o, 1/l/i: ids are read off a screen and typed.
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newId(taken: ReadonlySet<string>): string {
  for (;;) {
    let id = '';
    for (let i = 0; i < 8; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? 'x';
    if (!taken.has(id)) return id;
  }
}
