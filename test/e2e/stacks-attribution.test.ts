import { stackCase } from './stacks.js';

// Faults in attribution and data handling.
stackCase('unmapped-utm-campaign.stack.yaml');
stackCase('no-visitor-cookie.stack.yaml');
stackCase('duplicates-create.stack.yaml');
