import { findProtocol } from '../protocol';
import { resolvePkTarget } from './protocol-target';

// protocols/pdnms-v1.json has no `dosing.pk` (PDNMS has no trough target, docs/science/protocols.md (a));
// protocols/target-trough-v1.json lists 10 and 5 µg/mL (Toorop 2024: EID10, EID5), default 10, P ≥ 0.9.
describe('resolvePkTarget', () => {
  const pdnms = findProtocol('pdnms', '1')!;
  const tt = findProtocol('target-trough', '1')!;

  it('PDNMS: no target, no recommendation; choosing one is refused', () => {
    expect(resolvePkTarget(pdnms, undefined)).toMatchObject({
      ok: true,
      settings: { targetUgPerMl: undefined, allowedTargets: [], minProbability: 0.9 },
    });
    expect(resolvePkTarget(pdnms, 10)).toEqual({ ok: false, reason: expect.stringMatching(/defines no PK trough target/) });
  });

  it('target-trough: default 10; the investigator may choose 5; 7 is not allowed', () => {
    expect(resolvePkTarget(tt, undefined)).toMatchObject({
      ok: true,
      settings: { targetUgPerMl: 10, allowedTargets: [10, 5], minProbability: 0.9 },
    });
    expect(resolvePkTarget(tt, 5)).toMatchObject({ ok: true, settings: { targetUgPerMl: 5 } });
    expect(resolvePkTarget(tt, 7)).toEqual({ ok: false, reason: expect.stringMatching(/allows the targets 10, 5/) });
  });
});
