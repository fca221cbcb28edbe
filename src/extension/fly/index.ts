/**
 * The flyctl actions in the editor (issue 4): the Regions tree, *Match Region Group
 * Footprint…*, *Deploy* (a task, also offered under Run Task) and *Push Fauna Secret to Fly*. Every command that
 * runs flyctl gets its client from ctx.flyctl, which refuses in an untrusted workspace.
 */
import { registerCommands } from '../command-runner';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { deploy, registerDeployTasks } from './deploy';
import { matchFootprint } from './match-footprint';
import { pushFaunaSecret } from './push-secret';
import { registerRegionsView } from './regions-view';

export function registerFlyActions(ctx: Ctx): void {
  registerRegionsView(ctx);
  registerDeployTasks(ctx);
  registerCommands(ctx, {
    [COMMANDS.matchFootprint]: {
      run: (s, arg) => matchFootprint(ctx, s, arg),
      progress: 'Fly + Fauna: matching the Region Group footprint',
    },
    [COMMANDS.deploy]: {
      run: (s, arg) => deploy(ctx, s, arg),
      progress: 'Fly + Fauna: flyctl deploy',
    },
    [COMMANDS.pushFaunaSecret]: {
      run: (s, arg) => pushFaunaSecret(ctx, s, arg),
      progress: 'Fly + Fauna: setting FAUNA_SECRET on Fly',
    },
  });
}
