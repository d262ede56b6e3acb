import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, type ConfigIssue } from '../../errors.js';
import { stackSchema, type Assign, type Stack } from './stack-schema.js';

/** A validated stack plus where it came from. */
export interface LoadedStack {
  stack: Stack;
  file: string;
  /** Raw file text, hashed into the report so a run names the exact stack it ran against. */
  text: string;
}

/** Reads and validates a stack file; every problem is reported at once, naming file and field. */
export function loadStack(file: string): LoadedStack {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file: shown, field: '', message: `cannot read the stack file (${(err as Error).message}); pass an existing file with --stack` }]);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError([{ file: shown, field: '', message: `is not valid YAML: ${(err as Error).message}` }]);
  }
  return { stack: parseStack(raw, shown), file, text };
}

export function parseStack(raw: unknown, shown: string): Stack {
  const parsed = stackSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.map((i) => ({
      file: shown,
      field: i.path.map(String).join('.'),
      message: i.message,
    }));
    throw new ConfigError(issues, `The sandbox stack ${shown} is invalid; fix these fields:`);
  }
  const issues = crossCheck(parsed.data).map((i) => ({ file: shown, ...i }));
  if (issues.length > 0) throw new ConfigError(issues, `The sandbox stack ${shown} is inconsistent; fix these fields:`);
  return parsed.data;
}

/** References between sections: owners, teams, territories, segments, forms must exist. */
function crossCheck(s: Stack): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const emails = new Set(s.owners.map((o) => o.email));
  const teams = new Set(s.owners.flatMap((o) => o.teams));
  const queues = new Set(s.queues.map((q) => q.name));
  const segments = new Set(s.segments.map((g) => g.name));
  const forms = new Set(s.forms.map((f) => f.id));
  const known = (set: Set<string>) => [...set].join(', ');
  const ownerRef = (field: string, e: string) => {
    if (!emails.has(e)) out.push({ field, message: `"${e}" is not an owner (known: ${known(emails)})` });
  };
  s.routing.forEach((r, i) => {
    const f = `routing.${i}`;
    if (r.match.territory && !(r.match.territory in s.territories)) {
      out.push({ field: `${f}.match.territory`, message: `"${r.match.territory}" is not a territory (known: ${Object.keys(s.territories).join(', ')})` });
    }
    if (r.match.segment && !segments.has(r.match.segment)) {
      out.push({ field: `${f}.match.segment`, message: `"${r.match.segment}" is not a segment (known: ${known(segments)})` });
    }
    if (r.match.form && !forms.has(r.match.form)) out.push({ field: `${f}.match.form`, message: `"${r.match.form}" is not a form id` });
    const assignRefs = (a: Assign, at: string) => {
      if ('owner' in a) ownerRef(`${at}.owner`, a.owner);
      if ('pool' in a) a.pool.forEach((e, j) => ownerRef(`${at}.pool.${j}`, e));
      if ('team' in a && !teams.has(a.team)) out.push({ field: `${at}.team`, message: `"${a.team}" is not a team of any owner (known: ${known(teams)})` });
      if ('queue' in a && !queues.has(a.queue)) out.push({ field: `${at}.queue`, message: `"${a.queue}" is not a queue (known: ${known(queues)})` });
    };
    assignRefs(r.assign, `${f}.assign`);
    if (r.reassign) assignRefs(r.reassign.assign, `${f}.reassign.assign`);
  });
  ownerRef('fallback.owner', s.fallback.owner);
  if (s.fallback.queue && !queues.has(s.fallback.queue)) out.push({ field: 'fallback.queue', message: `"${s.fallback.queue}" is not a queue` });
  s.customers.forEach((c, i) => ownerRef(`customers.${i}.owner`, c.owner));
  s.lifecycle.rules.forEach((r, i) =>
    (r.when.forms ?? []).forEach((id, j) => {
      if (!forms.has(id)) out.push({ field: `lifecycle.rules.${i}.when.forms.${j}`, message: `"${id}" is not a form id (known: ${known(forms)})` });
    }),
  );
  const guids = new Set<string>();
  s.forms.forEach((f, i) => {
    if (guids.has(f.guid)) out.push({ field: `forms.${i}.guid`, message: 'duplicate form guid; every form needs its own' });
    guids.add(f.guid);
  });
  return out;
}
