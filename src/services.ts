/**
 * The application's services, built once in `app.ts` and handed to command handlers and
 * the scheduler. Each member is owned by its module; this file only gathers them.
 */
import type { NewsIndex } from '../briefings/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';
import type { FeedService } from './sources/feed-service.ts';

export interface Services {
  readonly config: Config;
  readonly log: Logger;
  /** The corpus: every loaded article, indexed for briefings. */
  readonly news: NewsIndex;
  /** The feed poller, when feeds are configured (`/sources` reports its health). */
  readonly feeds?: FeedService;
  /**
   * Subscriptions, delivery records and feed state (`openStore`). Absent where no store
   * is opened (the one-shot CLI); the subscription commands then say so.
   */
  readonly store?: Store;
}
