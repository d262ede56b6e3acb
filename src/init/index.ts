/** `leadproof init`: a working folder for the user's own repository, and its CI workflow. */
export { scaffold, templateFiles, ensureGitignore, GITIGNORE_LINES, type InitKind, type InitOptions, type InitResult, type TemplateFile } from './scaffold.js';
