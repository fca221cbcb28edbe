// Credentials never reach what we show. The URL cases are the ones flyctl's own
// internal/dockerfileurl/dockerfileurl_test.go checks (facts, our own code), and the
// property test puts secrets in every key the engine knows.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { childKeys, lintFlyToml, parseFlyToml } from '../../../src/core/flytoml';
import { KEY_MASK, looksLikeUrl, redactText, urlForDisplay } from '../../../src/core/redact';

describe('redact: URLs as flyctl displays them', () => {
  it('drops user info, query and fragment; keeps local paths', () => {
    const url = 'https://' + 'user:password@' + 'example.com/path/Dockerfile?token=secret#fragment';
    assert.equal(urlForDisplay(url), 'https://example.com/path/Dockerfile');
    assert.equal(urlForDisplay('Dockerfile.custom'), 'Dockerfile.custom');
    assert.equal(urlForDisplay('HTTPS://example.com/Dockerfile'), 'https://example.com/Dockerfile');
    assert.equal(urlForDisplay('http://example.com:8080/D?x=1'), 'http://example.com:8080/D');
    assert.equal(urlForDisplay('ftp://user:pw@example.com/D'), 'ftp://user:pw@example.com/D');
  });
  it('an http(s) value that does not parse is "invalid URL"', () => {
    assert.equal(urlForDisplay('https://example.com/%zz?token=secret'), 'invalid URL');
    assert.equal(urlForDisplay('https:/example.com/%zz?token=secret'), 'invalid URL');
    assert.equal(urlForDisplay('https:\\example.com\\Dockerfile?token=secret'), 'invalid URL');
    assert.equal(urlForDisplay('https://user:pw@/Dockerfile'), 'invalid URL');
    assert.equal(urlForDisplay('https://exa mple.com/D?t=s'), 'invalid URL');
  });
  it('looksLikeUrl: any http(s) scheme, malformed or not', () => {
    assert.ok(looksLikeUrl('https://example.com/%zz'));
    assert.ok(looksLikeUrl('HTTPS://example.com/%zz'));
    assert.ok(looksLikeUrl('https:/example.com/%zz'));
    assert.ok(looksLikeUrl('https:\\example.com\\Dockerfile'));
    assert.ok(!looksLikeUrl('Dockerfile.custom'));
  });
  it('redactText: URLs and Fauna-key-shaped values inside a message', () => {
    const key = 'fn' + 'A'.repeat(20) + 'b_-9'.repeat(5);
    assert.equal(
      redactText(`the "https://u:p@example.com/D?token=t#f" dockerfile and '${key}'`),
      `the "https://example.com/D" dockerfile and '${KEY_MASK}'`,
    );
    assert.equal(redactText('nothing to hide here'), 'nothing to hide here');
  });
});

/** Every key path the engine knows, with how its tables are written. */
interface Leaf {
  headers: string[];
  key: string;
}
function leaves(): Leaf[] {
  const out: Leaf[] = [];
  const walk = (path: string[], headers: string[], depth: number): void => {
    if (depth > 5) return;
    for (const k of childKeys(path)) {
      const full = [...path, k.key];
      const name = full.join('.');
      if (k.type.startsWith('array of tables')) {
        walk(full, [...headers, `[[${name}]]`], depth + 1);
      } else if (k.type.startsWith('table of')) {
        out.push({ headers: [...headers, `[${name}]`], key: 'SOME_NAME' });
      } else if (k.type.startsWith('table')) {
        walk(full, [...headers, `[${name}]`], depth + 1);
        // A table written as a plain value (e.g. the legacy "soft,hard" string).
        out.push({ headers, key: k.key });
      } else {
        out.push({ headers, key: k.key });
      }
    }
  };
  walk([], [], 0);
  return out;
}

describe('redact: no secret in any finding (property)', () => {
  const all = leaves();
  it('walks the whole key reference', () => assert.ok(all.length > 200, `${all.length} keys`));

  const token = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);
  it('a secret in any key, as a URL with credentials or a Fauna key, is never shown', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        token,
        token,
        token,
        fc.stringMatching(/^[A-Za-z0-9_-]{40,48}$/),
        fc.constantFrom('url', 'bad-url', 'key', 'list', 'in-text'),
        (leaf, user, pass, query, keyBody, shape) => {
          const key = `fn${keyBody}`;
          const url = `https://${user}:${pass}@example.com/app/Dockerfile?token=${query}#${query}`;
          const badUrl = `https://${user}:${pass}@example.com/%zz?token=${query}`;
          const value =
            shape === 'url'
              ? JSON.stringify(url)
              : shape === 'bad-url'
                ? JSON.stringify(badUrl)
                : shape === 'key'
                  ? JSON.stringify(key)
                  : shape === 'list'
                    ? `[${JSON.stringify(url)}, ${JSON.stringify(key)}]`
                    : JSON.stringify(`run ${url} with ${key}`);
          const text = `app = "demo"\n${[...leaf.headers, `${leaf.key} = ${value}`].join('\n')}\n`;
          const findings = lintFlyToml(parseFlyToml(text));
          const shown = findings.flatMap((f) => [
            f.message,
            ...(f.fixes ?? []).map((x) => x.title),
          ]);
          for (const s of shown) {
            for (const secret of [pass, query, key, `${user}:`]) {
              assert.ok(!s.includes(secret), `${leaf.headers.join(' ')} ${leaf.key}: ${s}`);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the build-strategies message shows the dockerfile as flyctl does', () => {
    const text = `app = "demo"\n[build]\nimage = "nginx"\ndockerfile = "https://u:p@example.com/Dockerfile?token=s#f"\n`;
    const f = lintFlyToml(parseFlyToml(text)).find((x) => x.code === 'build-strategies');
    assert.ok(f);
    assert.match(f.message, /the "https:\/\/example\.com\/Dockerfile" dockerfile/);
  });
});
