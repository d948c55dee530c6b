/**
 * The application's services, built once in `app.ts` and handed to command handlers and
 * the scheduler. Each member is owned by its module; this file only gathers them.
 */
import type { NewsIndex } from '../briefings/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';

export interface Services {
  readonly config: Config;
  readonly log: Logger;
  /** The corpus: every loaded article, indexed for briefings. */
  readonly news: NewsIndex;
}
