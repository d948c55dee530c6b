/**
 * `/subscriptions` (anyone): this chat's subscriptions with id, schedule, next run, last
 * delivery and status (active, or paused and why).
 */
import { describeNext, describeSchedule } from '../schedule/schedule.ts';
import { formatLocal } from '../schedule/zoned-time.ts';
import { MAX_SUBSCRIPTIONS_PER_CHAT, type Subscription } from '../store/index.ts';
import type { Command } from './command.ts';
import { message, type Section } from './reply.ts';
import {
  listWords,
  resumeCommand,
  storeUnavailable,
  subscriptionName,
} from './subscription-text.ts';

export const subscriptionsCommand: Command = {
  name: 'subscriptions',
  usage: '',
  description: "This chat's subscriptions and their next briefing",
  audience: 'anyone',
  listed: true,
  options: [],
  async run({ request, services, now }) {
    const { store } = services;
    if (store === undefined) return storeUnavailable();
    const list = await store.subscriptions.forChat(request.chat.platform, request.chat.id);
    if (list.length === 0) {
      return message({
        text: 'This chat has no subscriptions. Chat admins can add one with /subscribe <topic> [HH:MM] [time zone], for example /subscribe japan 08:00 Asia/Tokyo.',
      });
    }
    const paused = list.filter((s) => s.paused !== null).length;
    return message({
      title: 'Subscriptions',
      text: `${list.length} of at most ${MAX_SUBSCRIPTIONS_PER_CHAT} in this chat${paused > 0 ? `, ${paused} paused` : ''}.`,
      sections: list.map((subscription) => section(subscription, now)),
    });
  },
};

function section(subscription: Subscription, now: number): Section {
  const zone = subscription.schedule.timeZone;
  const { lastDelivery, paused } = subscription;
  const lines = [
    `Schedule: ${describeSchedule(subscription.schedule)}`,
    `Next briefing: ${paused === null ? describeNext(subscription.schedule, now) : 'none while paused'}`,
    `Last delivery: ${
      lastDelivery === null
        ? 'none yet'
        : `${formatLocal(lastDelivery.at, zone)} (${
            lastDelivery.stories === 0
              ? 'nothing new'
              : `${lastDelivery.stories} ${lastDelivery.stories === 1 ? 'story' : 'stories'}`
          })`
    }`,
    `Status: ${status(subscription)}`,
  ];
  if (subscription.mute.length > 0) lines.push(`Muted words: ${listWords(subscription.mute)}`);
  return { heading: `${subscriptionName(subscription)} (id ${subscription.id})`, lines };
}

function status(subscription: Subscription): string {
  const { paused, failures } = subscription;
  if (paused !== null) {
    return `paused since ${formatLocal(paused.at, subscription.schedule.timeZone)}: the chat refused ${failures} deliveries in a row (${paused.reason}). Send ${resumeCommand(subscription)} again to resume.`;
  }
  if (failures > 0)
    return `active (${failures} failed ${failures === 1 ? 'delivery' : 'deliveries'} in a row)`;
  return 'active';
}
