/** Public surface of the plan domain (pure). */
export * from './types.js';
export { assemblePlan } from './assemble.js';
export { levels, groupByLevel } from './waves.js';
export { renderPlanText, renderPlanMarkdown, renderPlanJson, planSummaryLine, type PlanRenderOptions } from './render.js';
