/**
 * Shards of one run share one portal: by default each takes 1/n of the CRM API budget, so n
 * machines together stay within the margin (each still learns the real limit and holds off on
 * Remaining). LEADPROOF_SHARD_BUDGET_SHARE overrides the share, e.g. when shards run at
 * different times or one shard carries most of the leads.
 */
import { ConfigError } from '../../errors.js';

export interface ShardSpec {
  current: number;
  total: number;
}

export function shardBudgetShare(shard: ShardSpec | undefined, env: NodeJS.ProcessEnv): number {
  const raw = env.LEADPROOF_SHARD_BUDGET_SHARE;
  if (raw !== undefined && raw !== '') {
    const share = Number(raw);
    if (!(Number.isFinite(share) && share > 0 && share <= 1)) {
      throw new ConfigError([{ file: 'environment', field: 'LEADPROOF_SHARD_BUDGET_SHARE', message: `"${raw}" must be a number above 0 and at most 1: the part of the CRM's API budget (and of a Salesforce org's Web-to-Lead leads left today) this shard may use (e.g. 0.5).` }]);
    }
    return share;
  }
  return shard ? 1 / shard.total : 1;
}
