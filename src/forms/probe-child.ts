/** Entry of the form-probe child process (src/forms/probe-process.ts starts it; src/forms/child.ts says why). */
import type { ResolvedForm } from '../scenario/plan.js';
import { serveChild } from './child.js';
import { probeFormsHere } from './probe.js';

await serveChild((forms: ResolvedForm[]) => probeFormsHere(forms));
