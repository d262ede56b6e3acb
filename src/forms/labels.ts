/**
 * How a configured label or option is matched against the page the way a person reads it, so
 * preflight and the run agree on which field a label means. Pure functions: unit-tested without a
 * browser, used by fill.ts (the run) and probe.ts (preflight).
 */

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "First name" matches "First name", " First name* ", "* First name", "First name:" and HubSpot's
 * `<span>First name</span><span class="hs-form-required">*</span>` (read as "First name*"):
 * a required-field asterisk and whitespace are decoration, not part of the name. Case is ignored
 * ("First Name" is the same field to a reader), but nothing else is: "Company" does not match
 * "Company website", so one label never means two fields.
 */
export function labelPattern(label: string): RegExp {
  const words = label.replace(/[*:]/g, ' ').trim().split(/\s+/).map(escapeRe).join('\\s+');
  return new RegExp(`^\\s*\\*?\\s*${words}\\s*[*:]?\\s*[*:]?\\s*$`, 'i');
}

export interface SelectOption {
  value: string;
  label: string;
}

/** Lower case, no accents, single spaces: "Türkiye " and "turkiye" are the same option. */
function norm(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

// Names forms commonly print that Intl.DisplayNames (CLDR's English short names) does not.
const COUNTRY_ALIASES: Record<string, string[]> = {
  US: ['United States of America', 'USA'],
  GB: ['UK', 'Great Britain'],
  KR: ['Korea, Republic of', 'Republic of Korea', 'Korea'],
  CZ: ['Czech Republic'],
  TR: ['Turkey'],
  RU: ['Russian Federation'],
  VN: ['Viet Nam'],
  AE: ['UAE'],
  NL: ['The Netherlands'],
};

// One instance per process: building an Intl.DisplayNames loads CLDR data (about 20 ms of a
// worker's CPU per lead when it was built for every country select).
let regions: Intl.DisplayNames | undefined;
const regionNames = () => (regions ??= new Intl.DisplayNames(['en'], { type: 'region' }));

/** The names a country select may show for an ISO 3166 alpha-2 code, or [] when it is not one. */
export function countryNames(code: string): string[] {
  // ZZ is CLDR's "Unknown Region", not a country.
  if (!/^[A-Za-z]{2}$/.test(code) || code.toUpperCase() === 'ZZ') return [];
  const upper = code.toUpperCase();
  let name: string | undefined;
  try {
    name = regionNames().of(upper);
  } catch {
    return [];
  }
  // Intl answers an unknown code with the code itself.
  const names = name && name !== upper ? [name] : [];
  return [...names, ...(COUNTRY_ALIASES[upper] ?? [])];
}

/**
 * The option of a <select> to pick for a lead's value: its value or visible text, exactly or
 * read loosely; for the country, the ISO code (what scenarios give) also picks the option that
 * shows the country's name ("DE" → "Germany"), since most CRM forms post names, not codes.
 * Returns the option's value, or null when no option fits.
 */
export function chooseOption(attribute: string, value: string, options: SelectOption[]): string | null {
  const wanted = [value, ...(attribute === 'country' ? countryNames(value) : [])].map(norm);
  for (const w of wanted) {
    const hit = options.find((o) => norm(o.value) === w) ?? options.find((o) => norm(o.label) === w);
    if (hit) return hit.value;
  }
  return null;
}
