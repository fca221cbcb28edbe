// The ids the extension contributes in package.json, in one vscode-free module so a plain
// unit test (test/unit/extension/contributions.test.ts) can hold package.json and the
// code to each other both ways. Add a command here, in package.json, and register a
// handler for it (registerCommands checks the id type); the real-host suite checks that
// every contributed command is registered at run time.

/** Every command id, by handler name. */
export const COMMANDS = {
  chooseRegionGroup: 'flyFauna.chooseRegionGroup',
  checkRegions: 'flyFauna.checkRegions',
  showLog: 'flyFauna.showLog',
  moveSecretToFly: 'flyFauna.moveSecretToFly',
  matchFootprint: 'flyFauna.matchFootprint',
  deploy: 'flyFauna.deploy',
  pushFaunaSecret: 'flyFauna.pushFaunaSecret',
  showFootprintMap: 'flyFauna.showFootprintMap',
  refreshExplorer: 'flyFauna.refreshExplorer',
  loadMoreItems: 'flyFauna.loadMoreItems',
  queryCollection: 'flyFauna.queryCollection',
  openDefinition: 'flyFauna.openDefinition',
  diffSchema: 'flyFauna.diffSchema',
  pushSchema: 'flyFauna.pushSchema',
  pullSchema: 'flyFauna.pullSchema',
  commitStagedSchema: 'flyFauna.commitStagedSchema',
  abandonStagedSchema: 'flyFauna.abandonStagedSchema',
  showStagedSchemaChanges: 'flyFauna.showStagedSchemaChanges',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Every view id the extension registers (tree views, webview views). */
export const VIEWS = {
  regions: 'flyFauna.regions',
  explorer: 'flyFauna.explorer',
} as const;

/** The diagnostic source and collection name. */
export const DIAGNOSTIC_SOURCE = 'fly-fauna';

/** Where each finding code is explained: the README has one heading per code. */
export const FINDING_DOCS_BASE = 'https://github.com/fly-fauna/fly-fauna';

/** The README anchor URL for a finding code. */
export function findingDocsUrl(code: string): string {
  return `${FINDING_DOCS_BASE}#${code}`;
}
