import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, canonicalJson, verifyChain } from '../../../shared/audit/hash';

function chain(n: number) {
  const out: { seq: number; action: string; changes: unknown[]; prevHash: string; hash: string }[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = {
      seq,
      action: 'push',
      changes: [{ path: 'summary', from: null, to: `v${seq}` }],
      prevHash: prev,
    };
    const hash = auditHash(prev, body);
    out.push({ ...body, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, entries: 5 });
  });

  it('detects an edited entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, action: 'tampered' };
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('detects a removed entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('detects reordered entries', () => {
    const c = chain(5);
    [c[1], c[2]] = [c[2]!, c[1]!];
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
});
