/**
 * The Slack incoming-webhook body: Block Kit blocks plus `text`, which Slack shows in
 * notifications and wherever blocks cannot be rendered. Slack's limits shape it: a header's
 * plain text is at most 150 characters, a section's text at most 3000, a message at most 50
 * blocks; `&`, `<` and `>` must be escaped in mrkdwn or Slack reads them as markup.
 */
import type { Alert } from './types.js';

const EMOJI: Record<Alert['kind'], string> = {
  failing: ':red_circle:',
  'still-failing': ':large_orange_circle:',
  recovered: ':large_green_circle:',
  'queue-accumulation': ':inbox_tray:',
};

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export function slackMessage(alert: Alert): SlackMessage {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(alert.title, 150), emoji: true } },
  ];
  if (alert.verdict) blocks.push(section(`${EMOJI[alert.kind]} *Verdict:* ${escape(alert.verdict)}`));
  if (alert.lines.length) blocks.push(section(bullets(alert.lines)));
  const context = [alert.runId ? `run \`${escape(alert.runId)}\`` : '', alert.link ? linkText(alert.link) : ''].filter(Boolean);
  if (context.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  const first = alert.lines[0] ? ` — ${alert.lines[0]}` : '';
  // The notification text is mrkdwn too: a lead's value like "<!channel>" must not ping anyone.
  return { text: clip(escape(`${alert.title}${first}`), 3000), blocks };
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** One bullet per line, cut to fit one section (3000 characters) with a count of what was left out. */
function bullets(lines: string[]): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const b = `• ${escape(line)}`;
    const more = `… and ${lines.length - i} more`;
    if (used + b.length + 1 > 3000 - more.length - 1) {
      out.push(more);
      break;
    }
    out.push(b);
    used += b.length + 1;
  }
  return out.join('\n');
}

/** A URL becomes a link; a report path (no web address) is shown as code. */
function linkText(link: string): string {
  return /^https?:\/\//i.test(link) ? `<${link.replace(/[|>]/g, encodeURIComponent)}|report>` : `report: \`${escape(link)}\``;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
