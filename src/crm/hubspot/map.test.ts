import { describe, expect, it } from 'vitest';
import { toHistory } from './map.js';

const at = '2026-01-01T00:00:00.000Z';

describe('HubSpot history: who made the change', () => {
  it('reads a person from userId:N / updatedByUserId', () => {
    expect(toHistory([{ value: '7', timestamp: at, sourceType: 'CRM_UI', sourceId: 'userId:28604240', updatedByUserId: 28604240 }])[0]!.by).toEqual({ kind: 'user', id: '28604240' });
    expect(toHistory([{ value: '7', timestamp: at, sourceType: 'CRM_UI', sourceId: 'userId:28604240' }])[0]!.by).toEqual({ kind: 'user', id: '28604240' });
  });
  it('takes a workflow enrolment for what it is: a workflow, not its id', () => {
    const [h] = toHistory([{ value: '7', timestamp: at, sourceType: 'AUTOMATION_PLATFORM', sourceId: 'enrollmentId:2384423471376;actionExecutionIndex:0' }]);
    expect(h!.by).toEqual({ kind: 'workflow' });
  });
  it('keeps a plain workflow id and the label HubSpot gives', () => {
    const [h] = toHistory([{ value: '7', timestamp: at, sourceType: 'AUTOMATION_PLATFORM', sourceId: '1791092093', sourceLabel: 'EMEA routing' }]);
    expect(h!.by).toEqual({ kind: 'workflow', id: '1791092093', name: 'EMEA routing' });
  });
});
