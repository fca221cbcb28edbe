// The test server's reading of scoped secrets must match the core's AuthParser
// (ext/model/src/main/scala/auth/AuthScope.scala), or run-as tests would test nothing.
import { strict as assert } from 'node:assert';
import { parseAuthSecret, resolveAuth } from '../../fakes/fauna-server/auth';
import type { AuthWorld } from '../../fakes/fauna-server/auth';

describe('fake Fauna server: scoped secrets', () => {
  const cases: [string, unknown][] = [
    ['secret', { secret: 'secret', scope: { kind: 'none' } }],
    ['secret:admin', { secret: 'secret', scope: { kind: 'builtin', role: 'admin', database: [] } }],
    [
      'secret:child:server-readonly',
      {
        secret: 'secret',
        scope: { kind: 'builtin', role: 'server-readonly', database: ['child'] },
      },
    ],
    [
      'secret:a/b:server',
      { secret: 'secret', scope: { kind: 'builtin', role: 'server', database: ['a', 'b'] } },
    ],
    [
      'secret:@role/manager',
      { secret: 'secret', scope: { kind: 'custom', role: 'manager', database: [] } },
    ],
    [
      'secret:app:@doc/User/123',
      { secret: 'secret', scope: { kind: 'doc', ref: 'User/123', database: ['app'] } },
    ],
    [
      'secret:collections/User/1',
      { secret: 'secret', scope: { kind: 'doc', ref: 'User/1', database: [] } },
    ],
    // Not a scope: the bare secret (AuthParser's second alternative).
    ['secret:child', { secret: 'secret', scope: { kind: 'none' } }],
    ['secret:db:nope', { secret: 'secret', scope: { kind: 'none' } }],
    // An authScope alternative matched a prefix, so root's EOI fails: no parse (401).
    ['secret:adminX', null],
    ['secret:serverX', null],
    ['secret:@role/a,b', null],
    ['secret:@doc/User/1=2', null],
    ['secret:a:b:admin', { secret: 'secret', scope: { kind: 'none' } }],
    ['a/b', null],
    ['', null],
  ];
  for (const [input, want] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => assert.deepEqual(parseAuthSecret(input), want));
  }

  const world: AuthWorld = {
    rootKeys: new Set(['secret']),
    readonlyKeys: new Set(['ro']),
    databaseExists: (p) => p.length === 0 || p.join('/') === 'child',
    roleExists: (_p, r) => r === 'manager',
    documentExists: (_p, c, id) => c === 'User' && id === '1',
  };
  it('resolves scopes to identities and refuses what does not exist', () => {
    assert.deepEqual(resolveAuth('secret', world), {
      ok: true,
      database: [],
      role: { kind: 'builtin', name: 'admin' },
      canWrite: true,
      scoped: false,
    });
    const child = resolveAuth('secret:child:server-readonly', world);
    assert.ok(child.ok && child.database[0] === 'child' && !child.canWrite);
    assert.equal(resolveAuth('secret:nope:admin', world).ok, false);
    assert.equal(resolveAuth('secret:@role/ghost', world).ok, false);
    assert.equal(resolveAuth('secret:@doc/User/2', world).ok, false);
    assert.ok(resolveAuth('secret:@doc/User/1', world).ok);
    // A read-only key cannot set a scope.
    assert.equal(resolveAuth('ro:admin', world).ok, false);
    assert.equal(resolveAuth('wrong', world).ok, false);
  });
});
