/**
 * The fly.toml engine: parse with exact source ranges, the key reference flyctl knows,
 * and every finding that needs only the file. Pure: no I/O, never throws.
 * Finding codes and flyctl's messages: ./README.md.
 */
export { parseFlyToml } from './parse';
export type { FlyTomlDocument } from './parse';
export { lintFlyToml } from './lint';
export { getString, envEntries, servingProcessGroups, processGroups, nodeAt } from './query';
export type { EnvEntry, NodeAt } from './query';
export { describeKey, childKeys } from './schema';
export type { KeyInfo } from './schema';
export type { AST } from 'toml-eslint-parser';
