/**
 * The briefing scheduler: node-cron every minute, exactly-once slots, shared composition,
 * paced and retried delivery. See "The scheduler" in README.md.
 */
export {
  DEFAULT_RATE_LIMITS,
  PAUSE_AFTER_FAILURES,
  Scheduler,
  type RetryPolicy,
  type RunReport,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler.ts';
export type { BriefingSource } from './compose.ts';
