/**
 * Status legend of the domain notes (README.md, docs/science/natalizumab.md), carried into returned objects so a
 * report never prints a [memory] or [unconfirmed] number as if it were confirmed.
 */
export type EvidenceStatus = 'confirmed' | 'memory' | 'derived' | 'unconfirmed';
