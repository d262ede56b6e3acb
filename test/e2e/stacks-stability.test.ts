import { stackCase } from './stacks.js';

// Faults that only show after a lead first looked right (stable verdicts, issue 9 item 4).
stackCase('later-reassignment.stack.yaml');
