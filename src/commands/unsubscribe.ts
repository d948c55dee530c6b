/**
 * `/unsubscribe <topic | id | all>` (chat admins): removes subscriptions of this chat and
 * says which. A topic removes both its news and headlines subscriptions unless the kind
 * is named (`/unsubscribe japan headlines`).
 */
import type { Suggestion, SuggestRequest } from '../adapter.ts';
import type { Services } from '../services.ts';
import { describeSchedule } from '../schedule/schedule.ts';
import type { Subscription } from '../store/index.ts';
import type { Command, CommandContext } from './command.ts';
import { message, userError, type Reply } from './reply.ts';
import {
  describeSubscription,
  listWords,
  storeUnavailable,
  subscriptionName,
} from './subscription-text.ts';
import { parseTopic } from './topic.ts';

export const unsubscribeCommand: Command = {
  name: 'unsubscribe',
  usage: '<topic | id | all>',
  description: 'Stop a subscription of this chat',
  audience: 'admins',
  listed: true,
  options: [
    {
      name: 'subscription',
      description: 'A topic, a subscription id from /subscriptions, or all',
      required: true,
      autocomplete: true,
    },
  ],
  run: unsubscribe,
  suggest: suggestSubscriptions,
};

async function unsubscribe({ request, services }: CommandContext): Promise<Reply> {
  const { store } = services;
  if (store === undefined) return storeUnavailable();
  const text = (request.options?.['subscription'] ?? request.args).trim();
  if (text === '') {
    return userError(
      'bad-input',
      'Name what to stop: a topic, an id from /subscriptions, or all. For example: /unsubscribe japan',
    );
  }
  const { chat } = request;
  const { removed, had } = await store.subscriptions.change(chat.platform, chat.id, (current) => {
    const matches = select(current, text);
    if (matches.length === 0)
      return { next: current, result: { removed: matches, had: current.length } };
    return {
      next: current.filter((s) => !matches.includes(s)),
      result: { removed: matches, had: current.length },
    };
  });
  if (had === 0) return message({ text: 'This chat has no subscriptions.' });
  if (removed.length === 0) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return userError(
      'not-found',
      `No subscription of this chat matches '${shown}'. /subscriptions lists them.`,
    );
  }
  services.log.info(
    { platform: chat.platform, chat: chat.id, removed: removed.map((s) => s.id) },
    'subscriptions removed',
  );
  const [only] = removed;
  if (removed.length === 1 && only !== undefined) {
    return message({
      text: `Unsubscribed: ${subscriptionName(only)} (${describeSchedule(only.schedule)}).`,
    });
  }
  return message({
    text: `Unsubscribed from ${removed.length} briefings: ${listWords(removed.map(subscriptionName))}.`,
  });
}

/** The subscriptions `text` names: all, an id, a topic, or a topic and kind. */
function select(current: readonly Subscription[], text: string): Subscription[] {
  const wanted = text.trim().toLowerCase();
  if (wanted === 'all') return [...current];
  const byId = current.filter((s) => s.id === wanted);
  if (byId.length > 0) return byId;
  const topic = parseTopic(text);
  if (!topic.ok || topic.topic === null) return [];
  const name = topic.topic.toLowerCase();
  const byTopic = current.filter((s) => s.topic === name);
  if (byTopic.length > 0) return byTopic;
  const kinded = /^(.*) (news|headlines)$/.exec(name);
  if (kinded === null) return [];
  return current.filter((s) => s.topic === kinded[1] && s.kind === kinded[2]);
}

/** This chat's subscriptions matching what is typed, then `all`. */
async function suggestSubscriptions(
  request: SuggestRequest,
  services: Services,
): Promise<Suggestion[]> {
  if (services.store === undefined || request.option !== 'subscription') return [];
  const current = await services.store.subscriptions.forChat(
    request.chat.platform,
    request.chat.id,
  );
  const typed = request.partial.trim().toLowerCase();
  const suggestions = current
    .filter((s) => typed === '' || s.topic.includes(typed) || s.id.startsWith(typed))
    .map((s) => ({ name: clip(`${describeSubscription(s)} (${s.id})`), value: s.id }));
  if (current.length > 1 && 'all'.startsWith(typed))
    suggestions.push({ name: 'All subscriptions of this chat', value: 'all' });
  return suggestions.slice(0, 25);
}

/** Discord caps choice names at 100 characters. */
function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
