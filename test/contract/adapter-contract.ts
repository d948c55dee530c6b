/**
 * The behavioural contract every chat adapter passes: the same commands give the same
 * answers, refusals and safety on the console, Telegram and Discord. Each adapter's test
 * file supplies a driver that speaks its platform's real protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Reply } from '../../src/commands/reply.ts';
import { makeTestApp, type TestApp } from '../helpers/app.ts';

export interface ContractDriver {
  /**
   * Sends a command line as a user of the test chat (a group/guild channel where the
   * platform has them) and resolves with the visible text of every answer, markup removed.
   */
  send(text: string, as?: { admin: boolean }): Promise<string>;
  /** Delivers a reply to the test chat through `ChatAdapter.deliver`; resolves with its visible text. */
  deliver(reply: Reply): Promise<string>;
  /** Whether the platform has users who are not admins of the chat (the console has none). */
  readonly hasNonAdmins: boolean;
  close(): Promise<void>;
}

export function adapterContract(
  name: string,
  makeDriver: (app: App) => Promise<ContractDriver>,
): void {
  describe(`adapter contract: ${name}`, () => {
    let test: TestApp;
    let driver: ContractDriver;

    beforeAll(async () => {
      test = await makeTestApp();
      driver = await makeDriver(test.app);
    });
    afterAll(async () => {
      await driver.close();
      await test.cleanup();
    });

    it('GIVEN /news japan THEN the Ishiba meeting comes first, the Takaichi election second, nothing unrelated', async () => {
      const text = await driver.send('/news japan');
      const ishiba = text.search(/Ishiba/);
      const takaichi = text.indexOf('Japan Election 2026: Sanae Takaichi');
      expect(ishiba).toBeGreaterThanOrEqual(0);
      expect(takaichi).toBeGreaterThan(ishiba);
      expect(text).not.toMatch(/South Korea|Starbucks|Pentagon|TrumpRx/);
    });

    it('GIVEN /headlines THEN a digest of headlines without summaries is shown', async () => {
      const text = await driver.send('/headlines');
      expect(text).toContain('Federal Judge Restores Funding for Gateway Rail Tunnel Project');
      expect(text).toContain('TrumpRx');
    });

    it('GIVEN /topics THEN defined topics and trending subjects are listed', async () => {
      const text = await driver.send('/topics');
      expect(text.toLowerCase()).toContain('japan');
      expect(text).toMatch(/Trending/i);
    });

    it('GIVEN /help THEN every public command is explained', async () => {
      const text = await driver.send('/help');
      for (const command of [
        '/news',
        '/headlines',
        '/topics',
        '/subscribe',
        '/unsubscribe',
        '/subscriptions',
      ]) {
        expect(text).toContain(command);
      }
    });

    it('GIVEN an unknown command THEN the user is pointed to /help', async () => {
      const text = await driver.send('/nwes japan');
      expect(text).toMatch(/Unknown command/);
      expect(text).toContain('/news');
    });

    it('GIVEN a topic that matches nothing THEN a helpful line says so', async () => {
      const text = await driver.send('/news zanzibar');
      expect(text).toMatch(/No stories about/);
    });

    it('GIVEN a topic with markup THEN it is refused with a specific message', async () => {
      const text = await driver.send('/news <script>');
      expect(text).toMatch(/topic can only hold letters/i);
    });

    it('GIVEN hostile news text THEN it shows literally and pings nobody', async () => {
      // Title tags are stripped at load; entities and the body's markup stay literal text.
      const text = (await driver.send('/news markets')).replace(/\s+/g, ' ');
      expect(text).toContain('@everyone Breaking & <@&123456> markets rally');
      expect(text).toContain('cheered <script>alert(1)</script> the news');
    });

    it('GIVEN an admin THEN /subscribe, /subscriptions and /unsubscribe manage a daily briefing', async () => {
      const subscribed = await driver.send('/subscribe japan 08:00 Asia/Tokyo', { admin: true });
      expect(subscribed).toMatch(/Subscribed: japan news every day at 08:00 Asia\/Tokyo/);
      const list = await driver.send('/subscriptions');
      expect(list).toContain('japan');
      expect(list).toContain('08:00');
      const removed = await driver.send('/unsubscribe japan', { admin: true });
      expect(removed).toMatch(/japan/);
      expect(await driver.send('/subscriptions')).toMatch(/no subscriptions/);
    });

    it('GIVEN a member who is not an admin THEN /subscribe is refused', async (context) => {
      if (!driver.hasNonAdmins) return context.skip();
      const text = await driver.send('/subscribe japan 08:00', { admin: false });
      expect(text).toMatch(/Only .*admins/);
      expect(await driver.send('/subscriptions')).toMatch(/no subscriptions/);
    });

    it('GIVEN a scheduled briefing THEN deliver shows it in the chat', async () => {
      const { briefing } = test.app.services.news.brief({
        kind: 'news',
        topic: 'japan',
        now: test.clock.now,
      });
      const text = await driver.deliver({
        type: 'briefing',
        briefing,
        note: 'Your daily briefing',
      });
      expect(text).toContain('Japan Election 2026');
    });
  });
}
