/**
 * Options shared by the proximity and gmm defenses (flagging and mitigation), as TypeScript types and
 * as the JSON Schema properties each defense merges into its own options schema.
 */
import type { JsonSchema } from '../core/plugin.ts';
import type { FlagOptions } from './flag.ts';
import type { MitigationOptions } from './mitigate.ts';

/** Resolved shared options. */
export interface SharedDetectorOptions extends FlagOptions, MitigationOptions {
  /** Points drawn over the domain to estimate the typical (no-concentration) concentration. */
  readonly referencePoints: number;
}

/** JSON Schema properties of `SharedDetectorOptions`, every one with its default. */
const sharedDetectorProperties: Record<keyof SharedDetectorOptions, JsonSchema> = {
  rule: {
    enum: ['null', 'percentile'],
    default: 'null',
    description: "How to flag maximizers: 'null' (p-values from the null of error and concentration) or 'percentile' (the paper's rule).",
  },
  alpha: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.01, description: 'Flag when the adjusted concentration p-value is below alpha (rule: null).' },
  errorAlpha: {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
    default: 1,
    description: 'Also require the error p-value (robust log-normal null of the bulk) below this (rule: null). The default 1 disables this screen: backdoor maximizers need not have extreme errors.',
  },
  correction: {
    enum: ['bonferroni', 'bh', 'none'],
    default: 'bonferroni',
    description: 'Multiple-testing adjustment of concentration p-values over all maximizers: Bonferroni (FWER, the chance of any false flag), Benjamini-Hochberg (FDR) or none.',
  },
  errorPercentile: { type: 'number', minimum: 0, maximum: 100, default: 98.5, description: 'Error percentile a flagged maximizer reaches (rule: percentile).' },
  concentrationPercentile: {
    type: 'number',
    minimum: 0,
    maximum: 100,
    default: 99.9,
    description: 'Concentration (count or density) percentile a flagged maximizer reaches (rule: percentile).',
  },
  referencePoints: {
    type: 'integer',
    minimum: 10,
    default: 2000,
    description: 'Points sampled over the domain to estimate the concentration expected with no backdoor.',
  },
  mitigate: { type: 'boolean', default: false, description: 'Retrain on S0+M0 and S0+M0-Q over the alpha grid (needs a trainable model).' },
  alphas: {
    type: 'array',
    items: { type: 'number', minimum: 0, maximum: 1 },
    minItems: 1,
    default: [0.9, 0.95, 0.99, 1.0],
    description: 'Weights of the training set in retraining (maximizers get 1 - alpha); alpha is chosen by validation MSE.',
  },
};

/** A defense's options schema: its own properties plus the shared ones. */
export function detectorOptionsSchema(own: JsonSchema): JsonSchema {
  const ownProperties = (own.properties ?? {}) as Record<string, JsonSchema>;
  return { ...own, type: 'object', additionalProperties: false, properties: { ...ownProperties, ...sharedDetectorProperties } };
}
