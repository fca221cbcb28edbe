/**
 * *Match Region Group Footprint…*: reads the deployed machines, shows the exact
 * `flyctl scale count` commands in a modal, and runs them with progress and cancel
 * (stopping at the first failure), then waits for machines list to show the result and
 * refreshes the diagnostics. The plan and the run are the CLI's (core/scale-plan,
 * node/flyctl/apply-plan); this file is only the editor's way of asking and showing.
 */
import * as vscode from 'vscode';
import { shellQuote } from '../../core/flyctl/argv';
import { servingProcessGroups } from '../../core/flytoml';
import { describeFootprint } from '../../core/regions';
import {
  describeStep,
  footprintProblem,
  scalePlanFor,
  stepArgv,
  type ScaleStep,
} from '../../core/scale-plan';
import type { DeployedByGroup } from '../../core/flyctl/shapes';
import { applyScalePlan, readDeployed, readDeployedByGroup } from '../../node/flyctl/apply-plan';
import { HOW_TO_SET_GROUP_IN_EDITOR } from '../analysis';
import type { CommandScope } from '../command-runner';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { UserError } from '../ctx';
import { flyActionTarget } from './target';

/** What the command resolves with (the VS Code tests read it). */
export type MatchResult =
  | { status: 'nothing-to-do' | 'declined' }
  | { status: 'done' | 'unconfirmed' | 'cancelled'; commands: string[][] }
  | { status: 'failed'; commands: string[][]; failedIndex: number };

/**
 * Test hook: `{ answer }` skips the modal with that choice, only when the extension runs
 * under tests (another extension must not scale an app without the person's yes).
 */
interface MatchArgs {
  uri?: string;
  answer?: 'run' | 'run-and-remove' | 'cancel';
}

const RUN = 'Run';
const RUN_AND_REMOVE = 'Run and Remove Extra Machines';

export async function matchFootprint(
  ctx: Ctx,
  scope: CommandScope,
  arg?: unknown,
): Promise<MatchResult> {
  const { args: a, document, analysis, app } = await flyActionTarget<MatchArgs>(ctx, arg);
  const fp = analysis.result.footprint.footprint;
  const problem = footprintProblem(fp, HOW_TO_SET_GROUP_IN_EDITOR);
  if (problem !== null || !fp) {
    throw new UserError(
      `Nothing to match: ${problem ?? 'no footprint'}.`,
      [{ title: 'Choose Region Group…', command: COMMANDS.chooseRegionGroup }],
      'warning',
    );
  }
  const client = await ctx.flyctl(document.uri);
  scope.report(`reading the machines of ${app}`);
  const deployed = await readDeployed(client, app, { signal: scope.signal });
  const base = {
    app,
    footprint: fp,
    servingGroups: servingProcessGroups(analysis.doc),
    deployed,
    howToSetFootprint: HOW_TO_SET_GROUP_IN_EDITOR,
  };
  const keep = scalePlanFor({ ...base, removeExtra: false });
  const remove = scalePlanFor({ ...base, removeExtra: true });
  if (!keep.ok || !remove.ok) {
    const message = keep.ok ? (remove.ok ? '' : remove.message) : keep.message;
    throw new UserError(
      `Cannot plan for ${app}: ${message}.`,
      keep.ok || keep.reason !== 'no-machines'
        ? []
        : [{ title: 'Deploy', command: COMMANDS.deploy, args: [document.uri] }],
    );
  }
  if (remove.steps.length === 0) {
    void vscode.window.showInformationMessage(
      `${app} already runs on the ${describeFootprint(fp)}.`,
    );
    return { status: 'nothing-to-do' };
  }

  const primary = analysis.result.report.primaryRegion;
  const lines = (steps: readonly ScaleStep[]) =>
    steps.map((s) => `${describeStep(s)}:\n${shellQuote(stepArgv(client.path, s))}`).join('\n\n');
  const extra = keep.keptExtra.map((k) => `${k.group} in ${k.region} (${k.count})`).join(', ');
  const buttons =
    keep.steps.length && extra
      ? [RUN, RUN_AND_REMOVE]
      : keep.steps.length
        ? [RUN]
        : [RUN_AND_REMOVE];
  const detail =
    (keep.steps.length
      ? `${RUN} runs:\n\n${lines(keep.steps)}`
      : 'Every footprint region already has machines.') +
    (extra
      ? `\n\nOutside the footprint: ${extra}. ${RUN_AND_REMOVE} also runs:\n\n${lines(remove.steps.filter((s) => s.to < s.from))}`
      : '') +
    '\n\nEach command changes one region (flyctl scale count counts only the regions it names).' +
    (primary && !fp.regions.includes(primary)
      ? `\n\nprimary_region is ${primary}, outside the footprint: a deploy creates new machines there (the quick fix on it changes that).`
      : '');
  const answer =
    a.answer !== undefined && ctx.extension.extensionMode === vscode.ExtensionMode.Test
      ? { run: RUN, 'run-and-remove': RUN_AND_REMOVE, cancel: undefined }[a.answer]
      : await vscode.window.showWarningMessage(
          `Scale ${app} to the ${describeFootprint(fp)}?`,
          { modal: true, detail },
          ...buttons,
        );
  if (answer === undefined || !buttons.includes(answer)) return { status: 'declined' };
  const steps = answer === RUN_AND_REMOVE ? remove.steps : keep.steps;
  const commands = steps.map((s) => stepArgv(client.path, s));

  ctx.log.info(`Match footprint of ${app}: ${commands.map((c) => shellQuote(c)).join(' && ')}`);
  const outcome = await applyScalePlan(client, app, steps, {
    signal: scope.signal,
    onStep: (i) => {
      scope.report(`${i + 1}/${steps.length}: ${describeStep(steps[i])}`);
      ctx.log.info(`[${i + 1}/${steps.length}] ${shellQuote(commands[i])}`);
    },
    onLine: (line, step) => ctx.log.info(`  ${step.region} │ ${line}`),
    onPoll: () => scope.report('waiting for machines list to show the change'),
  });
  const refresh = (byGroup: DeployedByGroup | null) => {
    if (byGroup) {
      ctx.analyzer.setChecked(document.uri, {
        deployed: { source: 'flyctl machines list', byGroup, app },
      });
    }
    ctx.fireChecked(document.uri);
  };
  switch (outcome.status) {
    case 'done':
      refresh(outcome.byGroup);
      void vscode.window.showInformationMessage(`${app} now runs on the ${describeFootprint(fp)}.`);
      return { status: 'done', commands };
    case 'failed': {
      const i = outcome.index;
      ctx.log.error(`step ${i + 1} failed: ${outcome.error.message}\n${outcome.error.stderrTail}`);
      refresh(await readDeployedByGroup(client, app, { signal: scope.signal }).catch(() => null));
      void vscode.window
        .showErrorMessage(
          `Step ${i + 1} of ${steps.length} failed (${shellQuote(commands[i])}): ${outcome.error.message}. ${outcome.error.nextStep}` +
            (i + 1 < steps.length
              ? ` The ${steps.length - i - 1} later step(s) were not run.`
              : ''),
          'Show Log',
        )
        .then((b) => b && ctx.log.show());
      return { status: 'failed', commands, failedIndex: i };
    }
    case 'cancelled':
      void vscode.window.showInformationMessage(
        outcome.index < steps.length
          ? `Cancelled during step ${outcome.index + 1} of ${steps.length}; later steps were not run.`
          : 'Cancelled while waiting for machines list; the scale commands had finished.',
      );
      return { status: 'cancelled', commands };
    case 'unconfirmed':
      refresh(outcome.byGroup);
      void vscode.window.showWarningMessage(
        outcome.lastError
          ? `flyctl finished, but the machines could not be read back: ${outcome.lastError.message}.`
          : `flyctl finished, but machines list does not show it yet (${outcome.unmet.map((s) => `${s.group} in ${s.region}`).join(', ')}); run Check Regions in a minute.`,
      );
      return { status: 'unconfirmed', commands };
  }
}
