/** The sign-off policy stage: load a policy (shipped default or a file) and check approvals against it. */
export { loadPolicy, defaultPartsOf, parseCadence, DEFAULT_POLICY_FILE, PART_IDS, type Policy, type PolicyRole } from './policy.js';
export { evaluatePolicy, formatPolicyOutcome, type ApprovalRecord, type PolicyOutcome, type PartOutcome, type EvaluateOptions } from './evaluate.js';
