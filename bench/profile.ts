/**
 * `node --import tsx bench/profile.ts`: where a lead's browser time goes. The plain loop
 * (bench/plain-loop.ts) alone, then with one of leadproof's per-lead costs added at a time,
 * against one sandbox, so the README's trade-offs rest on figures measured here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withSandbox } from '../test/e2e/harness.js';
import { plainLoop, type PlainLoopOptions } from './plain-loop.js';
import { MachineCpu } from './cpu.js';

const leads = Number(process.env.LEADPROOF_BENCH_LEADS ?? 16);
const workers = Number(process.env.LEADPROOF_BENCH_WORKERS ?? 2);
const dir = mkdtempSync(path.join(tmpdir(), 'lp-profile-'));
const variants: [string, PlainLoopOptions['extra']][] = [
  ['plain', undefined],
  ['+2 full-page PNG screenshots', {
    beforeSubmit: async (p, i) => void (await p.screenshot({ path: path.join(dir, `a${i}.png`), fullPage: true })),
    afterSubmit: async (p, i) => void (await p.screenshot({ path: path.join(dir, `b${i}.png`), fullPage: true })),
  }],
  ['+1 viewport JPEG screenshot', { beforeSubmit: async (p, i) => void (await p.screenshot({ path: path.join(dir, `c${i}.jpg`), type: 'jpeg', quality: 60 })) }],
  ['+tracing (retain-on-failure)', {
    context: async (ctx) => void (await ctx.tracing.start({ screenshots: true, snapshots: true, sources: false })),
    afterSubmit: async (p) => p.context().tracing.stop(),
  }],
  ['plain (again)', undefined],
];
const sb = await withSandbox();
const cpu = new MachineCpu();
const out: Record<string, { leadsPerS: number; machineCpuSPerLead: number | null }> = {};
try {
  for (const [name, extra] of variants) {
    const f = await plainLoop({ siteUrl: sb.siteUrl, testDomain: sb.testDomain, leads, workers, tag: name.replace(/\W+/g, '').toLowerCase(), extra });
    // To the last context's close: a variant's extras run before the first goto and after the last submission too.
    const busy = cpu.window(f.from, f.end)?.busyS;
    const perLead = busy === undefined ? null : +(busy / f.leads).toFixed(3);
    out[name] = { leadsPerS: f.leadsPerS, machineCpuSPerLead: perLead };
    console.error(`${name}: ${f.leadsPerS} leads/s, ${perLead ?? '?'} CPU s/lead on the machine (${f.submitted}/${f.leads} in ${f.wallTimeS} s)`);
  }
} finally {
  cpu.stop();
  await sb.stop();
}
console.log(JSON.stringify({ leads, workers, variants: out }, null, 2));
