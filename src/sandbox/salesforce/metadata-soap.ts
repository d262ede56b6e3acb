/**
 * The Metadata API's SOAP endpoint, subset: `readMetadata` of `AssignmentRules`, at
 * /services/Soap/m/<version> — where jsforce's `conn.metadata.read()` posts (jsforce
 * lib/api/metadata.js `_invoke`: endpointUrl `${instanceUrl}/services/Soap/m/${version}`, body
 * namespace http://soap.sforce.com/2006/04/metadata, the token as SessionHeader/sessionId).
 *
 * Answers in the real shapes: a `readMetadataResponse/result/records xsi:type="AssignmentRules"`;
 * a name that does not exist reads as an empty record, no error ("readMetadata ... with a fullname
 * that doesn't exist ... I get back an 'empty' object", certinia/apex-mdapi#142); faults are HTTP
 * 500 `soapenv:Fault` with an `sf:`-prefixed faultcode. A user without Modify All Data or Modify
 * Metadata Through Metadata API Functions gets `sf:INSUFFICIENT_ACCESS` "INSUFFICIENT_ACCESS: use
 * of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions"
 * (quoted from a real org in forcedotcom/cli#3048; readMetadata() "Permissions", Metadata API
 * Developer Guide). Every call counts against the org's daily API requests, as in Salesforce.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from '../http.js';
import { leadAssignmentRules, type AssignmentRuleMetadata } from './assignment-rules.js';
import type { SalesforceOrg } from './org.js';

export const METADATA_SOAP_PATH = /^\/services\/Soap\/m\/\d{2,3}\.\d$/;
const XML = 'text/xml;charset=UTF-8';
const NS = 'http://soap.sforce.com/2006/04/metadata';

export async function metadataSoap(org: SalesforceOrg, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const fault = (code: string, text: string, faultcode = `sf:${code}`) => sendText(res, 500, XML, faultEnvelope(faultcode, text));
  if (textOf(body, 'sessionId') !== org.accessToken) return fault('INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
  // As on the REST side: queued web leads land first, and the org may refuse for concurrency.
  org.drainWebToLead();
  if (org.overConcurrencyLimit()) return fault('REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: ConcurrentPerOrgLongTxn Limit exceeded.');
  if (!org.countApiCall()) return fault('REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
  const s = org.model.settings;
  // Modify All Data implies View Setup and Configuration: a profile that cannot see setup objects has neither.
  if (!s.modifyMetadata || s.hiddenObjects.includes('AssignmentRule')) {
    return fault('INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS: use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions');
  }
  const op = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1];
  if (op !== 'readMetadata') {
    // The sandbox's own words: a real org serves listMetadata, describeMetadata, ... too.
    return fault('', `the leadproof sandbox serves readMetadata only, not {${NS}}${op ?? ''}`, 'soapenv:Client');
  }
  const type = textOf(body, 'type');
  // The sandbox's own words: it serves this one type (a real org serves every type describeMetadata lists).
  if (type !== 'AssignmentRules') return fault('INVALID_TYPE', `INVALID_TYPE: the leadproof sandbox serves readMetadata for AssignmentRules only, not ${type ?? '(none)'}`);
  const names = [...body.matchAll(/<(?:\w+:)?fullNames>([^<]*)</g)].map((m) => unescapeXml(m[1]!));
  // "Limit: 10" full names per readMetadata() call (Metadata API Developer Guide, readMetadata()).
  if (names.length > 10) return fault('LIMIT_EXCEEDED', `LIMIT_EXCEEDED: Too many fullNames: ${names.length}; the limit is 10 per readMetadata call.`);
  const rules = leadAssignmentRules(org.stack, org.model);
  const records = names.map((n) => (n === 'Lead' ? assignmentRulesXml(n, rules) : '<records xsi:nil="true"/>')).join('');
  sendText(
    res, 200, XML,
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><readMetadataResponse><result>${records}</result></readMetadataResponse></soapenv:Body></soapenv:Envelope>`,
  );
}

/** Elements in the WSDL's order: fullName (from Metadata) first, then the type's own fields alphabetically. */
function assignmentRulesXml(object: string, rules: AssignmentRuleMetadata[]): string {
  const el = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
  const rule = (r: AssignmentRuleMetadata) =>
    `<assignmentRule>${el('fullName', r.fullName)}${el('active', String(r.active))}${r.ruleEntry
      .map((e) => `<ruleEntry>${el('assignedTo', e.assignedTo)}${el('assignedToType', e.assignedToType)}${e.criteriaItems
        .map((c) => `<criteriaItems>${el('field', c.field)}${el('operation', c.operation)}${el('value', c.value)}</criteriaItems>`)
        .join('')}${e.formula ? el('formula', e.formula) : ''}</ruleEntry>`)
      .join('')}</assignmentRule>`;
  return `<records xsi:type="AssignmentRules">${el('fullName', object)}${rules.map(rule).join('')}</records>`;
}

function faultEnvelope(faultcode: string, faultstring: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="${NS}"><soapenv:Body><soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

function textOf(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</(?:\\w+:)?${tag}>`).exec(xml);
  return m ? unescapeXml(m[1]!) : undefined;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
