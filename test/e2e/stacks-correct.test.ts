import { stackCase } from './stacks.js';

// The correct funnel: every example passes. Also the faults that are about routing and lifecycle.
stackCase('default.stack.yaml');
stackCase('wrong-team.stack.yaml');
stackCase('mql-workflow-off.stack.yaml');
stackCase('slow-branch.stack.yaml');
stackCase('inactive-pool-member.stack.yaml');
