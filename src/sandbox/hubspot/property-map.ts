import type { Stack } from '../engine/index.js';

/** One contact property of the sandbox portal and where its value lives on engine records. */
export interface PortalProperty {
  name: string;
  label: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime' | 'bool';
  fieldType: 'text' | 'number' | 'select' | 'date' | 'booleancheckbox' | 'textarea';
  groupName: string;
  /** Canonical engine field; computed properties (createdate, hs_object_id) have none. */
  field?: string;
  options?: string[];
}

const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];

const text = (name: string, label: string, field: string, groupName = 'contactinformation'): PortalProperty => ({
  name, label, type: 'string', fieldType: 'text', groupName, field,
});

const STANDARD: PortalProperty[] = [
  text('email', 'Email', 'email'),
  text('firstname', 'First Name', 'firstName'),
  text('lastname', 'Last Name', 'lastName'),
  text('company', 'Company Name', 'company'),
  text('website', 'Website URL', 'website'),
  text('country', 'Country/Region', 'country'),
  text('jobtitle', 'Job Title', 'title'),
  text('phone', 'Phone Number', 'phone'),
  { name: 'numemployees', label: 'Number of Employees', type: 'number', fieldType: 'number', groupName: 'contactinformation', field: 'employees' },
  { name: 'marketing_consent', label: 'Marketing consent', type: 'bool', fieldType: 'booleancheckbox', groupName: 'contactinformation', field: 'consent', options: ['true', 'false'] },
  { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'select', groupName: 'contactinformation', field: 'lifecycle', options: STAGES },
  { name: 'hubspot_owner_id', label: 'Contact owner', type: 'enumeration', fieldType: 'select', groupName: 'sales_properties', field: 'owner' },
  { name: 'hs_analytics_source', label: 'Original Source', type: 'enumeration', fieldType: 'select', groupName: 'analyticsinformation', field: 'source', options: SOURCES },
  text('hs_analytics_source_data_1', 'Original Source Drill-Down 1', 'sourceData1', 'analyticsinformation'),
  text('hs_analytics_source_data_2', 'Original Source Drill-Down 2', 'sourceData2', 'analyticsinformation'),
  { name: 'hs_latest_source', label: 'Latest Traffic Source', type: 'enumeration', fieldType: 'select', groupName: 'analyticsinformation', field: 'latestSource', options: SOURCES },
  text('hs_latest_source_data_1', 'Latest Traffic Source Drill-Down 1', 'latestSourceData1', 'analyticsinformation'),
  text('hs_latest_source_data_2', 'Latest Traffic Source Drill-Down 2', 'latestSourceData2', 'analyticsinformation'),
  { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation' },
  { name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', groupName: 'contactinformation' },
  { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName: 'contactinformation' },
];

/** Standard properties plus the custom ones (utm_*) the stack declares. */
export function portalProperties(stack: Stack): PortalProperty[] {
  const custom = stack.customProperties.map((name) => text(name, name.replace(/_/g, ' ').toUpperCase(), name, 'utm'));
  return [...STANDARD, ...custom];
}

/** Properties a read returns when the caller names none (HubSpot's default set). */
export const DEFAULT_PROPERTIES = ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];
