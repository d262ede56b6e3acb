/** Escaping shared by the XML and HTML renderers: every CRM-provided string passes through here. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    // Control characters are invalid in XML 1.0 even when escaped; drop them.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A value as a person reads it in a table cell (JSON for objects, "—" for nothing). */
export function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
}
