/**
 * Node module hooks that let scenario and config files written OUTSIDE this package load (the
 * usual case: a company's own repository). Plain JavaScript because hooks run on Node's loader
 * thread, before tsx can compile anything there.
 *
 * - `leadproof` resolves to this package, wherever the importing file
 *   lives: a folder with no node_modules/leadproof cannot see it otherwise.
 * - A *.scenario.ts / leadproof.config.ts under a folder without `"type": "module"` is still an
 *   ES module: without this, tsx's ESM hooks hand it to Node's CommonJS loader, which does not
 *   compile TypeScript and fails with "Cannot require() ES Module … in a cycle".
 */
const SELF = new URL('../index.ts', import.meta.url).href;
const USER_TS = /(\.scenario|\/leadproof\.config)\.(ts|mts)$/;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'leadproof') return { url: SELF, format: 'module', shortCircuit: true };
  const r = await nextResolve(specifier, context);
  if (USER_TS.test(new URL(r.url).pathname) && r.format !== 'module') return { ...r, format: 'module' };
  return r;
}
