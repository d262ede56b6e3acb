/** The UTM taxonomy: schema, loading, the rules for one visit, scenario lint, inherited source expectations. */
export { taxonomySchema, type Taxonomy, type TaxonomyChannel, type UtmValueRule } from './schema.js';
export { DEFAULT_TAXONOMY, findTaxonomy, loadTaxonomy, type LoadedTaxonomy } from './load.js';
export { checkVisit, valueProblem, sourceValues, type RuleProblem, type VisitCheck, type VisitUtms } from './rules.js';
export { lintScenarios, type LintResult, type LintScenario } from './lint.js';
export { inheritedSource, withInheritedSource, type InheritedSource } from './inherit.js';
