/** The sign-offs page beside report.html: who attested and signed off what, and what is still owed. */
export { writeSignOffsPage, renderSignOffs, showSignOffs, SIGN_OFFS_PAGE, type SignOffsInput } from './page.js';
