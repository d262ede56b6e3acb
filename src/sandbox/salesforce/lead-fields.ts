/**
 * The Lead object of the sandbox org: its fields (standard and the custom UTM fields), how each
 * maps to the engine's canonical field names, which Web-to-Lead input carries it (standard
 * inputs by name, custom fields by their 00N field id, as Salesforce's generated form does),
 * and which fields have history tracking on.
 */
import { sfId } from './ids.js';

export interface LeadField {
  name: string;
  label: string;
  type: 'id' | 'string' | 'email' | 'phone' | 'url' | 'int' | 'boolean' | 'datetime' | 'picklist' | 'reference' | 'textarea';
  custom: boolean;
  /** Engine canonical field, when the value comes straight from the person record. */
  canonical?: string;
  /** Web-to-Lead input name (standard) — custom fields post by `fieldId`. */
  webToLead?: string;
  /** Custom field id (00N...), which Web-to-Lead forms use instead of the API name. */
  fieldId?: string;
  /** History tracking on: changes appear in LeadHistory. */
  tracked?: boolean;
  /** Set by the org (formula/Flow), never taken from a Web-to-Lead post. */
  computed?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  length?: number;
}

const custom = (n: number, name: string, label: string, canonical: string): LeadField => ({
  name,
  label,
  type: 'string',
  custom: true,
  canonical,
  fieldId: sfId('00N', n).slice(0, 15),
  tracked: true,
  length: 255,
});

export const LEAD_FIELDS: LeadField[] = [
  { name: 'Id', label: 'Lead ID', type: 'id', custom: false },
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean', custom: false },
  { name: 'FirstName', label: 'First Name', type: 'string', custom: false, canonical: 'firstName', webToLead: 'first_name', length: 40 },
  { name: 'LastName', label: 'Last Name', type: 'string', custom: false, canonical: 'lastName', webToLead: 'last_name', length: 80 },
  { name: 'Name', label: 'Full Name', type: 'string', custom: false, length: 121 },
  { name: 'Title', label: 'Title', type: 'string', custom: false, canonical: 'title', webToLead: 'title', length: 128 },
  { name: 'Company', label: 'Company', type: 'string', custom: false, canonical: 'company', webToLead: 'company', length: 255 },
  { name: 'Email', label: 'Email', type: 'email', custom: false, canonical: 'email', webToLead: 'email', length: 80 },
  { name: 'Phone', label: 'Phone', type: 'phone', custom: false, canonical: 'phone', webToLead: 'phone', length: 40 },
  { name: 'Website', label: 'Website', type: 'url', custom: false, canonical: 'website', webToLead: 'URL', length: 255 },
  { name: 'Country', label: 'Country', type: 'string', custom: false, canonical: 'country', webToLead: 'country', length: 80 },
  { name: 'NumberOfEmployees', label: 'Employees', type: 'int', custom: false, canonical: 'employees', webToLead: 'employees' },
  { name: 'Description', label: 'Description', type: 'textarea', custom: false, canonical: 'message', webToLead: 'description', length: 32000 },
  { name: 'LeadSource', label: 'Lead Source', type: 'picklist', custom: false, canonical: 'leadSource', webToLead: 'lead_source', tracked: true },
  { name: 'Status', label: 'Status', type: 'picklist', custom: false, tracked: true },
  { name: 'OwnerId', label: 'Owner ID', type: 'reference', custom: false, tracked: true, referenceTo: ['Group', 'User'], relationshipName: 'Owner' },
  { name: 'HasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean', custom: false },
  { name: 'IsConverted', label: 'Converted', type: 'boolean', custom: false },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', custom: false },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', custom: false, referenceTo: ['User'], relationshipName: 'CreatedBy' },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', custom: false },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', custom: false },
  custom(101, 'UTM_Source__c', 'UTM Source', 'utm_source'),
  custom(102, 'UTM_Medium__c', 'UTM Medium', 'utm_medium'),
  custom(103, 'UTM_Campaign__c', 'UTM Campaign', 'utm_campaign'),
  custom(104, 'UTM_Term__c', 'UTM Term', 'utm_term'),
  custom(105, 'UTM_Content__c', 'UTM Content', 'utm_content'),
  // Web-to-Lead has no form id of its own; orgs add a hidden "form" field to tell forms apart.
  { ...custom(106, 'Web_Form__c', 'Web Form', 'formId'), tracked: false },
  // Web-to-Lead sees no cookie or referrer: the page script posts both, and a Flow derives the
  // channel from them with the same rules the HubSpot portal uses (values mirror HubSpot's).
  { ...custom(107, 'Landing_Page__c', 'Landing Page', 'landingPage'), tracked: false, length: 1000 },
  { ...custom(108, 'Referrer__c', 'Referrer', 'referrer'), tracked: false, length: 1000 },
  { ...custom(109, 'Original_Source__c', 'Original Source', 'source'), type: 'picklist', computed: true },
  { ...custom(110, 'Original_Source_Detail__c', 'Original Source Detail', 'sourceData1'), tracked: false, computed: true },
  // Journeys: the page script keeps the first touch in a cookie and posts it as Landing_Page__c /
  // Referrer__c, the current page as Latest_*; the Flow derives the latest source from those.
  { ...custom(111, 'Latest_Landing_Page__c', 'Latest Landing Page', 'latestLandingPage'), tracked: false, length: 1000 },
  { ...custom(112, 'Latest_Referrer__c', 'Latest Referrer', 'latestReferrer'), tracked: false, length: 1000 },
  { ...custom(113, 'Latest_Source__c', 'Latest Source', 'latestSource'), type: 'picklist', computed: true },
  { ...custom(114, 'Latest_Source_Detail__c', 'Latest Source Detail', 'latestSourceData1'), tracked: false, computed: true },
];

export const ORIGINAL_SOURCE_VALUES = ['PAID_SEARCH', 'PAID_SOCIAL', 'SOCIAL_MEDIA', 'EMAIL_MARKETING', 'OTHER_CAMPAIGNS', 'ORGANIC_SEARCH', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE'];

/** Lead Status picklist values in funnel order, for describe. */
export function statusPicklist(leadStatus: Record<string, string>): string[] {
  return [...new Set(Object.values(leadStatus))];
}

export const LEAD_SOURCE_VALUES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Custom field by the canonical field it carries (`utm_source` → UTM_Source__c). */
export function customFieldFor(canonical: string): LeadField | undefined {
  return LEAD_FIELDS.find((f) => f.custom && f.canonical === canonical);
}

/** The `sobjects/Lead/describe` body, in the real shape (the keys clients read). */
export function describeLead(leadStatus: Record<string, string>, urlBase: string): Record<string, unknown> {
  const picklist = (name: string) =>
    (name === 'Status' ? statusPicklist(leadStatus) : name === 'LeadSource' ? LEAD_SOURCE_VALUES : name === 'Original_Source__c' || name === 'Latest_Source__c' ? ORIGINAL_SOURCE_VALUES : []).map((v, i) => ({
      active: true,
      defaultValue: name === 'Status' && v === leadStatus.lead && i >= 0,
      label: v,
      validFor: null,
      value: v,
    }));
  return {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    custom: false,
    createable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    updateable: true,
    urls: { sobject: `${urlBase}/sobjects/Lead`, describe: `${urlBase}/sobjects/Lead/describe`, rowTemplate: `${urlBase}/sobjects/Lead/{ID}` },
    fields: LEAD_FIELDS.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      custom: f.custom,
      length: f.length ?? 0,
      nillable: !['Id', 'LastName', 'Company', 'Status', 'OwnerId', 'IsDeleted', 'IsConverted'].includes(f.name),
      createable: !['Id', 'Name', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'SystemModstamp'].includes(f.name),
      updateable: !['Id', 'Name', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'SystemModstamp'].includes(f.name),
      filterable: f.type !== 'textarea',
      sortable: f.type !== 'textarea',
      unique: false,
      externalId: false,
      calculated: false,
      picklistValues: picklist(f.name),
      referenceTo: f.referenceTo ?? [],
      relationshipName: f.relationshipName ?? null,
      inlineHelpText: null,
    })),
    childRelationships: [],
    recordTypeInfos: [],
  };
}
