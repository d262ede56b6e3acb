import { stackCase } from './stacks.js';

// Lifecycle faults the "never MQL" and "ordered path" readings of old let through: a guide
// download set straight to SQL, and an MQL moved back to lead after it first looked right.
stackCase('guide-jumps-to-sql.stack.yaml');
stackCase('stage-moved-back.stack.yaml');
