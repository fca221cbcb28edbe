import { strict as assert } from 'node:assert';
import {
  identityJson,
  label,
  parseDocRef,
  parseRole,
  refusedMessage,
  scopedSecret,
  validateIdentity,
} from '../../../../src/core/fauna/scoped-secret';
import { parseAuthSecret } from '../../../fakes/fauna-server/auth';

describe('core/fauna/scoped-secret', () => {
  it('parses built-in and user roles', () => {
    assert.deepEqual(parseRole('server-readonly'), {
      ok: true,
      value: { kind: 'builtin', role: 'server-readonly' },
    });
    assert.deepEqual(parseRole(' manager '), {
      ok: true,
      value: { kind: 'role', name: 'manager' },
    });
    assert.deepEqual(parseRole('@role/_x1'), { ok: true, value: { kind: 'role', name: '_x1' } });
  });

  it('refuses role names that are not FQL identifiers, saying why', () => {
    for (const bad of ['1abc', 'a-b', 'a/b', 'a:b', 'a b']) {
      const r = parseRole(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.error, /is not a role name: use admin, server/);
    }
    const empty = parseRole('  ');
    assert.deepEqual(empty, { ok: false, error: 'the role name is empty' });
  });

  it('parses documents COLL/ID and refuses the rest', () => {
    assert.deepEqual(parseDocRef('User/123'), {
      ok: true,
      value: { kind: 'doc', coll: 'User', id: '123' },
    });
    assert.deepEqual(parseDocRef('@doc/User/9'), {
      ok: true,
      value: { kind: 'doc', coll: 'User', id: '9' },
    });
    assert.match(errorOf(parseDocRef('User')), /give COLLECTION\/ID, e.g. User\/123/);
    assert.match(errorOf(parseDocRef('a/b/c')), /give COLLECTION\/ID/);
    assert.match(errorOf(parseDocRef('9x/1')), /'9x' is not a collection name/);
    assert.match(errorOf(parseDocRef('User/abc')), /ID must be digits, not 'abc'/);
    assert.match(errorOf(parseDocRef('User/')), /ID must be digits, not ''/);
  });

  it('builds scoped secrets that the core parser reads back as the same scope', () => {
    const cases = [
      [{ kind: 'builtin', role: 'client' }, 'k:client', { kind: 'builtin', role: 'client' }],
      [{ kind: 'role', name: 'manager' }, 'k:@role/manager', { kind: 'custom', role: 'manager' }],
      [{ kind: 'doc', coll: 'User', id: '12' }, 'k:@doc/User/12', { kind: 'doc', ref: 'User/12' }],
    ] as const;
    for (const [identity, want, scope] of cases) {
      const built = scopedSecret('k', identity);
      assert.deepEqual(built, { ok: true, value: want });
      assert.deepEqual(parseAuthSecret(want), { secret: 'k', scope: { ...scope, database: [] } });
    }
    assert.deepEqual(scopedSecret('k', { kind: 'own' }), { ok: true, value: 'k' });
  });

  it('refuses a base secret that already has a scope, without showing it', () => {
    const r = scopedSecret('fnSECRETVALUE:child:admin', { kind: 'role', name: 'manager' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.error, /already carries a scope/);
      assert.match(r.error, /as role manager/);
      assert.doesNotMatch(r.error, /fnSECRETVALUE/);
    }
    // The secret's own role needs no scope: the secret is used as given.
    assert.deepEqual(scopedSecret('k:child:admin', { kind: 'own' }), {
      ok: true,
      value: 'k:child:admin',
    });
  });

  it('reaches a child database for every identity, as the core parser reads it back', () => {
    const path = ['shop', 'eu'];
    const cases = [
      [{ kind: 'own' }, 'k:shop/eu:admin', { kind: 'builtin', role: 'admin' }],
      [
        { kind: 'builtin', role: 'server' },
        'k:shop/eu:server',
        { kind: 'builtin', role: 'server' },
      ],
      [
        { kind: 'builtin', role: 'server-readonly' },
        'k:shop/eu:server-readonly',
        { kind: 'builtin', role: 'server-readonly' },
      ],
      [
        { kind: 'builtin', role: 'client' },
        'k:shop/eu:client',
        { kind: 'builtin', role: 'client' },
      ],
      [
        { kind: 'role', name: 'manager' },
        'k:shop/eu:@role/manager',
        { kind: 'custom', role: 'manager' },
      ],
      [
        { kind: 'doc', coll: 'User', id: '12' },
        'k:shop/eu:@doc/User/12',
        { kind: 'doc', ref: 'User/12' },
      ],
    ] as const;
    for (const [identity, want, scope] of cases) {
      assert.deepEqual(scopedSecret('k', identity, path), { ok: true, value: want });
      assert.deepEqual(parseAuthSecret(want), {
        secret: 'k',
        scope: { ...scope, database: ['shop', 'eu'] },
      });
    }
    // An empty path is the key's own database: the same as no path.
    assert.deepEqual(scopedSecret('k', { kind: 'role', name: 'm' }, []), {
      ok: true,
      value: 'k:@role/m',
    });
    // v4-made names may hold '-'.
    assert.deepEqual(scopedSecret('k', { kind: 'own' }, ['my-db', 'x_1']), {
      ok: true,
      value: 'k:my-db/x_1:admin',
    });
  });

  it('refuses database names a secret cannot carry, for every identity, without the secret', () => {
    const identities = [
      { kind: 'own' },
      { kind: 'builtin', role: 'admin' },
      { kind: 'role', name: 'manager' },
      { kind: 'doc', coll: 'User', id: '1' },
    ] as const;
    for (const bad of ['a:b', 'a/b', 'a,b', '(a)', 'a&b', 'a=b', '', ' a', 'a\nb', 'é']) {
      for (const identity of identities) {
        const r = scopedSecret('fnSECRETVALUE', identity, ['shop', bad]);
        assert.equal(r.ok, false, `${bad} ${identity.kind}`);
        if (!r.ok) {
          assert.equal(r.reason, 'database');
          assert.match(r.error, /is not a database name a secret can reach/);
          assert.ok(r.error.includes(JSON.stringify(bad)), r.error);
          assert.doesNotMatch(r.error, /fnSECRETVALUE/);
        }
      }
    }
  });

  it('combines a path with a base secret that is already scoped only where nothing is replaced', () => {
    // The own role keeps the base's scope: the path goes below its database.
    assert.deepEqual(scopedSecret('k:parent:server', { kind: 'own' }, ['b']), {
      ok: true,
      value: 'k:parent/b:server',
    });
    assert.deepEqual(scopedSecret('k:client', { kind: 'own' }, ['b', 'c']), {
      ok: true,
      value: 'k:b/c:client',
    });
    // A role or document scope cannot reach a child; another identity would replace it.
    const refusals = [
      [
        'fnSECRETVALUE:@role/x',
        { kind: 'own' },
        /scoped to a role or a document.*child database b/,
      ],
      ['fnSECRETVALUE:@doc/U/1', { kind: 'own' }, /scoped to a role or a document/],
      [
        'fnSECRETVALUE:a:admin',
        { kind: 'role', name: 'm' },
        /already carries a scope.*as role m in database b/,
      ],
      ['fnSECRETVALUE:server', { kind: 'builtin', role: 'client' }, /already carries a scope/],
    ] as const;
    for (const [base, identity, re] of refusals) {
      const r = scopedSecret(base, identity, ['b']);
      assert.equal(r.ok, false, base);
      if (!r.ok) {
        assert.equal(r.reason, 'scoped');
        assert.match(r.error, re);
        assert.doesNotMatch(r.error, /fnSECRETVALUE/);
      }
    }
  });

  it('names the database path in the 401 message', () => {
    const own = refusedMessage({ kind: 'own' }, 'db.fauna.com', ['shop', 'eu']);
    assert.match(own, /did not accept running in database shop\/eu \(401 unauthorized\)/);
    assert.match(own, /there is no database shop\/eu below the key's database/);
    const role = refusedMessage({ kind: 'role', name: 'manager' }, 'db.fauna.com', ['shop']);
    assert.match(role, /running as role manager in database shop .*no role 'manager'/);
    // Without a path, the run-as message as before.
    assert.match(
      refusedMessage({ kind: 'role', name: 'manager' }, 'db.fauna.com'),
      /there is no role 'manager' in the key's database/,
    );
  });

  it('labels identities and describes them as JSON', () => {
    assert.equal(label({ kind: 'own' }), "as the secret's own role");
    assert.equal(label({ kind: 'builtin', role: 'server' }), 'as built-in role server');
    assert.equal(label({ kind: 'role', name: 'manager' }), 'as role manager');
    assert.equal(label({ kind: 'doc', coll: 'User', id: '123' }), 'as document User/123');
    assert.deepEqual(identityJson({ kind: 'doc', coll: 'User', id: '1' }), {
      kind: 'doc',
      document: 'User/1',
    });
    assert.deepEqual(identityJson({ kind: 'role', name: 'm' }), { kind: 'role', role: 'm' });
  });

  it('validates untrusted identity values', () => {
    assert.deepEqual(validateIdentity({ kind: 'role', name: 'manager' }), {
      kind: 'role',
      name: 'manager',
    });
    assert.deepEqual(validateIdentity({ kind: 'own', extra: 1 }), { kind: 'own' });
    for (const bad of [
      null,
      'role',
      { kind: 'role', name: 'a:b' },
      { kind: 'role', name: 'admin' },
      { kind: 'builtin', role: 'root' },
      { kind: 'doc', coll: 'User', id: '1x' },
      { kind: 'doc', coll: 'User' },
      { kind: 'secret', value: 'k' },
    ]) {
      assert.equal(validateIdentity(bad), undefined, JSON.stringify(bad));
    }
  });
});

function errorOf(r: { ok: true } | { ok: false; error: string }): string {
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error;
}
