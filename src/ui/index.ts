/** Terminal presentation: colour, logger, prompts, tables, progress. */
export * from './color.js';
export * from './logger.js';
export * from './prompter.js';
export * from './table.js';
export * from './progress.js';
