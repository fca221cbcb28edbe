import { checkRegions } from './check-regions';
import { chooseRegionGroup } from './choose-region-group';
import { registerCommands } from './command-runner';
import { COMMANDS } from './contributions';
import type { Ctx } from './ctx';
import { moveSecretToFly } from './move-secret';

// Other modules import these from here.
export { REGION_MISMATCH_CODES, summarize } from './check-regions';
export { targetFlyToml } from './fly-files';
export { secretStorageKey } from './move-secret';

/** The region commands: choose group/footprint, check, show log, move a secret. */
export function registerRegionCommands(ctx: Ctx): void {
  registerCommands(ctx, {
    [COMMANDS.chooseRegionGroup]: { run: (s, arg) => chooseRegionGroup(ctx, s, arg) },
    [COMMANDS.checkRegions]: {
      run: (s, arg) => checkRegions(ctx, s, arg),
      progress: 'Fly + Fauna: checking regions',
    },
    [COMMANDS.showLog]: { run: () => ctx.log.show() },
    [COMMANDS.moveSecretToFly]: { run: (s, arg) => moveSecretToFly(ctx, s, arg) },
  });
}
