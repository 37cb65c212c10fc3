import { LABELS, type Label } from './data';

export interface ClassReport {
  macroF1: number;
  f1: Record<Label, number>;
}

export function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** 3-class macro-F1 and per-class F1. */
export function classReport(gold: readonly Label[], pred: readonly Label[]): ClassReport {
  const out = {} as Record<Label, number>;
  for (const label of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label;
      const p = pred[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    out[label] = f1(tp, fp, fn);
  }
  return { macroF1: (out.negative + out.neutral + out.positive) / 3, f1: out };
}

export interface BinaryReport {
  support: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export function binaryReport(gold: readonly boolean[], pred: readonly boolean[]): BinaryReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] && pred[i]) tp++;
    else if (pred[i]) fp++;
    else if (gold[i]) fn++;
  }
  return {
    support: tp + fn,
    predicted: tp + fp,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    f1: f1(tp, fp, fn),
  };
}

/** Macro-F1 from a 3×3 confusion matrix, row = gold class, column = predicted (no allocation). */
export function macroF1FromConfusion(c: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    const tp = c[k * 3 + k]!;
    const fp = c[k]! + c[3 + k]! + c[6 + k]! - tp;
    const fn = c[k * 3]! + c[k * 3 + 1]! + c[k * 3 + 2]! - tp;
    sum += f1(tp, fp, fn);
  }
  return sum / 3;
}
