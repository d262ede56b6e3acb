/**
 * The visible fields of each form layout. Field `name`s are HubSpot property names (what the
 * submissions API expects); `label`s are what a person — and the harness — reads on the page.
 *
 * Labels never contain one another ("Company" vs "Company website" would make a
 * substring label lookup ambiguous).
 *
 * Three shapes on purpose: a plain single-page form (`demo`), a form inside an iframe (`ebook`)
 * and a two-step form (`contact-sales`). The ebook form is the awkward one for automation: the
 * fields live in a same-origin <iframe>, the UTMs must be handed from the parent URL into the
 * frame by script, and pageUri/hutk must be taken from the top window, which is exactly where
 * embedded forms in the wild lose their attribution.
 */

export interface LayoutField {
  name: string;
  label: string;
  kind: 'text' | 'email' | 'url' | 'tel' | 'number' | 'country' | 'checkbox';
  required?: boolean;
  step?: number;
}

export interface Layout {
  fields: LayoutField[];
  submit: string;
  /** Label of the "next step" button on multi-step forms. */
  next?: string;
  iframe?: boolean;
}

export const LAYOUTS: Record<'demo' | 'ebook' | 'contact-sales', Layout> = {
  demo: {
    submit: 'Request a demo',
    fields: [
      { name: 'firstname', label: 'First name', kind: 'text', required: true },
      { name: 'lastname', label: 'Last name', kind: 'text', required: true },
      { name: 'email', label: 'Business email', kind: 'email', required: true },
      { name: 'company', label: 'Company name', kind: 'text', required: true },
      { name: 'website', label: 'Website', kind: 'text' },
      { name: 'country', label: 'Country', kind: 'country', required: true },
      { name: 'numemployees', label: 'Number of employees', kind: 'number', required: true },
      { name: 'jobtitle', label: 'Job title', kind: 'text' },
      { name: 'phone', label: 'Phone number', kind: 'tel' },
      { name: 'marketing_consent', label: 'I agree to receive marketing emails', kind: 'checkbox' },
    ],
  },
  ebook: {
    submit: 'Download the guide',
    iframe: true,
    fields: [
      { name: 'firstname', label: 'First name', kind: 'text', required: true },
      { name: 'lastname', label: 'Last name', kind: 'text', required: true },
      { name: 'email', label: 'Email', kind: 'email', required: true },
      { name: 'company', label: 'Company name', kind: 'text' },
      { name: 'country', label: 'Country', kind: 'country' },
      { name: 'numemployees', label: 'Employees', kind: 'number' },
    ],
  },
  'contact-sales': {
    submit: 'Talk to sales',
    next: 'Next',
    fields: [
      { name: 'email', label: 'Work email', kind: 'email', required: true, step: 1 },
      { name: 'company', label: 'Company name', kind: 'text', required: true, step: 1 },
      { name: 'numemployees', label: 'Number of employees', kind: 'number', required: true, step: 1 },
      { name: 'firstname', label: 'First name', kind: 'text', required: true, step: 2 },
      { name: 'lastname', label: 'Last name', kind: 'text', required: true, step: 2 },
      { name: 'country', label: 'Country', kind: 'country', required: true, step: 2 },
      { name: 'jobtitle', label: 'Job title', kind: 'text', step: 2 },
      { name: 'phone', label: 'Phone', kind: 'tel', step: 2 },
    ],
  },
};

/** ISO 3166 alpha-2 codes offered in every country <select>. */
export const COUNTRIES: [string, string][] = [
  ['US', 'United States'], ['CA', 'Canada'], ['MX', 'Mexico'], ['BR', 'Brazil'], ['AR', 'Argentina'],
  ['GB', 'United Kingdom'], ['IE', 'Ireland'], ['DE', 'Germany'], ['FR', 'France'], ['ES', 'Spain'],
  ['IT', 'Italy'], ['NL', 'Netherlands'], ['SE', 'Sweden'], ['PL', 'Poland'], ['CH', 'Switzerland'],
  ['AT', 'Austria'], ['ZA', 'South Africa'], ['NG', 'Nigeria'], ['AE', 'United Arab Emirates'], ['IN', 'India'],
  ['JP', 'Japan'], ['SG', 'Singapore'], ['AU', 'Australia'], ['NZ', 'New Zealand'], ['KR', 'South Korea'],
];
