import { describe, expect, it } from 'vitest';
import { parseSoql } from './soql.js';
import { runSoql, type Row, type SoqlTable } from './soql-eval.js';
import { SoqlError } from './soql-error.js';

const users: Row[] = [
  { Id: '005000000000001AAA', Name: 'Anna Schmidt', Email: 'anna@acme.example', IsActive: true },
];
const queues: Row[] = [{ Id: '00G000000000001AAA', Name: 'Nurture Queue', Type: 'Queue' }];
const leads: Row[] = [
  { Id: '00Q000000000001AAA', Email: 'a@test.example', Status: 'Open', OwnerId: users[0]!.Id, UTM_Source__c: 'linkedin', CreatedDate: '2024-05-01T10:00:00.000+0000', NumberOfEmployees: 2500 },
  { Id: '00Q000000000002AAA', Email: 'b@test.example', Status: 'Working - MQL', OwnerId: queues[0]!.Id, UTM_Source__c: 'google', CreatedDate: '2024-05-02T10:00:00.000+0000', NumberOfEmployees: 40 },
  { Id: '00Q000000000003AAA', Email: 'c_1@other.example', Status: 'Open', OwnerId: users[0]!.Id, UTM_Source__c: null, CreatedDate: '2024-04-30T10:00:00.000+0000', NumberOfEmployees: null },
];

const nameSchema = { name: 'Name', fields: ['Id', 'Name', 'Type', 'Email'] };
const leadTable: SoqlTable = {
  name: 'Lead',
  fields: ['Id', 'Email', 'Status', 'OwnerId', 'UTM_Source__c', 'CreatedDate', 'NumberOfEmployees'],
  relationships: {
    Owner: {
      attributesType: 'Name',
      schema: nameSchema,
      resolve(row) {
        const u = users.find((x) => x.Id === row.OwnerId);
        if (u) return { row: { ...u, Type: 'User' }, sobject: 'User' };
        const q = queues.find((x) => x.Id === row.OwnerId);
        return q ? { row: { ...q, Email: null }, sobject: 'Group' } : null;
      },
    },
  },
  rows: () => leads,
};
const base = '/services/data/v62.0';
const run = (q: string) => runSoql(q, [leadTable], base);
const ids = (q: string) => run(q).records.map((r) => r.Id);

describe('SOQL subset', () => {
  it('selects fields in the REST shape with attributes and canonical names', () => {
    const r = run("select id, email from lead where EMAIL = 'A@TEST.EXAMPLE'");
    expect(r.totalSize).toBe(1);
    expect(r.records[0]).toEqual({
      attributes: { type: 'Lead', url: `${base}/sobjects/Lead/00Q000000000001AAA` },
      Id: '00Q000000000001AAA',
      Email: 'a@test.example',
    });
  });

  it('resolves polymorphic Owner relationship fields and filters on them', () => {
    const r = run("SELECT Id, Owner.Name, Owner.Type FROM Lead WHERE Owner.Type = 'Queue'");
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.Owner).toEqual({
      attributes: { type: 'Name', url: `${base}/sobjects/Group/00G000000000001AAA` },
      Name: 'Nurture Queue',
      Type: 'Queue',
    });
  });

  it('supports IN, NOT IN, LIKE with escapes, AND/OR/NOT and parentheses', () => {
    expect(ids("SELECT Id FROM Lead WHERE Email IN ('a@test.example','c_1@other.example')")).toEqual(['00Q000000000001AAA', '00Q000000000003AAA']);
    expect(ids("SELECT Id FROM Lead WHERE Status NOT IN ('Open')")).toEqual(['00Q000000000002AAA']);
    expect(ids("SELECT Id FROM Lead WHERE Email LIKE '%@test.example'")).toHaveLength(2);
    expect(ids("SELECT Id FROM Lead WHERE Email LIKE 'c\\_1%'")).toEqual(['00Q000000000003AAA']);
    expect(ids("SELECT Id FROM Lead WHERE Email LIKE 'a\\_%'")).toEqual([]);
    expect(ids("SELECT Id FROM Lead WHERE (Status = 'Open' AND UTM_Source__c != null) OR NumberOfEmployees < 100")).toEqual(['00Q000000000001AAA', '00Q000000000002AAA']);
    expect(ids("SELECT Id FROM Lead WHERE NOT Status = 'Open'")).toEqual(['00Q000000000002AAA']);
    expect(ids("SELECT Id FROM Lead WHERE UTM_Source__c = null")).toEqual(['00Q000000000003AAA']);
  });

  it('compares datetimes and dates as instants', () => {
    expect(ids('SELECT Id FROM Lead WHERE CreatedDate >= 2024-05-01T00:00:00Z')).toEqual(['00Q000000000001AAA', '00Q000000000002AAA']);
    expect(ids('SELECT Id FROM Lead WHERE CreatedDate < 2024-05-01')).toEqual(['00Q000000000003AAA']);
  });

  it('orders with ASC/DESC and NULLS FIRST/LAST, then applies LIMIT and OFFSET', () => {
    expect(ids('SELECT Id FROM Lead ORDER BY CreatedDate DESC')).toEqual(['00Q000000000002AAA', '00Q000000000001AAA', '00Q000000000003AAA']);
    expect(ids('SELECT Id FROM Lead ORDER BY NumberOfEmployees DESC NULLS LAST LIMIT 2')).toEqual(['00Q000000000001AAA', '00Q000000000002AAA']);
    expect(ids('SELECT Id FROM Lead ORDER BY NumberOfEmployees ASC')).toEqual(['00Q000000000003AAA', '00Q000000000002AAA', '00Q000000000001AAA']);
    expect(ids('SELECT Id FROM Lead ORDER BY Status, Email DESC LIMIT 1 OFFSET 1')).toEqual(['00Q000000000001AAA']);
  });

  it('answers COUNT() with totalSize only', () => {
    expect(run("SELECT COUNT() FROM Lead WHERE Status = 'Open'")).toEqual({ totalSize: 2, records: [] });
  });

  it('groups with COUNT(field) into AggregateResult rows, exprN or the alias naming the count', () => {
    expect(run("SELECT Status, COUNT(Id) FROM Lead WHERE CreatedDate >= 2024-05-01T00:00:00Z GROUP BY Status").records).toEqual([
      { attributes: { type: 'AggregateResult' }, Status: 'Open', expr0: 1 },
      { attributes: { type: 'AggregateResult' }, Status: 'Working - MQL', expr0: 1 },
    ]);
    // COUNT(field) skips nulls; a null group is a group of its own.
    expect(run('SELECT UTM_Source__c, COUNT(Id) n, COUNT(NumberOfEmployees) FROM Lead GROUP BY UTM_Source__c').records.map(({ attributes: _a, ...r }) => r)).toEqual([
      { UTM_Source__c: 'linkedin', n: 1, expr1: 1 },
      { UTM_Source__c: 'google', n: 1, expr1: 1 },
      { UTM_Source__c: null, n: 1, expr1: 0 },
    ]);
    expect(run('SELECT COUNT(Id) FROM Lead').records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 3 }]);
    expect(catchErr(() => run('SELECT Status, Email, COUNT(Id) FROM Lead GROUP BY Status')).message).toContain('Field must be grouped or aggregated: Email');
  });

  it('fails malformed queries with MALFORMED_QUERY pointing at the column', () => {
    const err = catchErr(() => parseSoql('SELECT Id FRM Lead'));
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toBe("\nSELECT Id FRM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'");
    expect(catchErr(() => parseSoql("SELECT Id FROM Lead WHERE Email = 'x")).errorCode).toBe('MALFORMED_QUERY');
    expect(catchErr(() => parseSoql('SELECT Id FROM Lead WHERE')).message).toContain("unexpected token: '<EOF>'");
    expect(catchErr(() => parseSoql('SELECT Id FROM Lead LIMIT x')).errorCode).toBe('MALFORMED_QUERY');
  });

  it('fails unknown fields, relationships and objects like Salesforce', () => {
    const f = catchErr(() => run('SELECT Id, UTM_Source FROM Lead'));
    expect(f.errorCode).toBe('INVALID_FIELD');
    expect(f.message).toContain("No such column 'UTM_Source' on entity 'Lead'");
    expect(f.message).toContain('ERROR at Row:1:Column:12');
    expect(catchErr(() => run("SELECT Id FROM Lead WHERE Manager.Name = 'x'")).message).toContain("Didn't understand relationship 'Manager'");
    expect(catchErr(() => run('SELECT Id FROM Contact')).errorCode).toBe('INVALID_TYPE');
  });
});

function catchErr(fn: () => unknown): SoqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SoqlError) return e;
    throw e;
  }
  throw new Error('expected a SoqlError');
}
