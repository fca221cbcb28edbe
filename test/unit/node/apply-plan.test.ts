import { strict as assert } from 'node:assert';
import { computeScalePlan } from '../../../src/core/scale-plan';
import { applyScalePlan } from '../../../src/node/flyctl/apply-plan';
import { FlyctlClient } from '../../../src/node/flyctl/index';
import {
  createFakeFlyctl,
  fakeState,
  waitFor,
  type FakeFlyctl,
} from '../../fakes/fake-flyctl/index';

const APP = 'my-fauna-app';

describe('node/flyctl applyScalePlan', () => {
  let fake: FakeFlyctl;
  afterEach(() => fake?.cleanup());

  function planFor(deployed: Record<string, Record<string, number>>) {
    const plan = computeScalePlan({
      app: APP,
      footprint: ['lhr', 'fra'],
      deployed,
      processGroups: ['app'],
      removeExtra: true,
    });
    assert.ok(plan.ok);
    return plan.steps;
  }

  it('runs the steps in order, reports each, then polls until the list shows them', async () => {
    fake = createFakeFlyctl(
      fakeState({ groups: { app: { sjc: 1 } }, extra: { listDelayMs: 400 } }),
    );
    const client = new FlyctlClient({ path: fake.flyctlPath, env: fake.env });
    const steps = planFor({ app: { sjc: 1 } });
    const seen: number[] = [];
    let polls = 0;
    const outcome = await applyScalePlan(client, APP, steps, {
      onStep: (i) => seen.push(i),
      onPoll: () => polls++,
      pollIntervalMs: 50,
      pollTimeoutMs: 5000,
    });
    assert.equal(outcome.status, 'done');
    assert.ok(outcome.status === 'done');
    assert.deepEqual(outcome.deployed, { app: { fra: 1, lhr: 1 } });
    // The release-command machine and the destroyed one were read and left out.
    assert.deepEqual(outcome.byGroup.skipped, { internal: 1, gone: 1, unmanaged: 0 });
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(polls, 1);
    const lists = fake.calls().filter((c) => c.argv[0] === 'machines').length;
    assert.ok(lists >= 2, `machines list read ${lists} times while the list lagged`);
  });

  it('cancelled while polling: says the steps had finished', async () => {
    fake = createFakeFlyctl(
      fakeState({ groups: { app: { sjc: 1 } }, extra: { listDelayMs: 60_000 } }),
    );
    const client = new FlyctlClient({ path: fake.flyctlPath, env: fake.env });
    const steps = planFor({ app: { sjc: 1 } });
    const ac = new AbortController();
    const done = applyScalePlan(client, APP, steps, {
      signal: ac.signal,
      onPoll: () => undefined,
      pollIntervalMs: 50,
      pollTimeoutMs: 60_000,
    });
    assert.ok(
      await waitFor(() => fake.calls().filter((c) => c.argv[0] === 'machines').length >= 2, 10_000),
    );
    ac.abort();
    const outcome = await done;
    assert.deepEqual(outcome, { status: 'cancelled', index: steps.length });
  });

  it('a step that flyctl cannot run (not logged in) is a failed outcome with the classified error', async () => {
    fake = createFakeFlyctl(fakeState({ groups: { app: { sjc: 1 } } }));
    const client = new FlyctlClient({
      path: fake.flyctlPath,
      env: { ...fake.env, FAKE_FLYCTL_FAIL: 'not-logged-in' },
    });
    const steps = planFor({ app: { sjc: 1 } });
    const outcome = await applyScalePlan(client, APP, steps);
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.index, 0);
    assert.equal(outcome.error.kind, 'not-logged-in');
    assert.equal(fake.calls().length, 1);
  });
});
