/**
 * regaudit's public API (`import { ... } from 'regaudit'`): the plugin contracts and their factories,
 * the spec layer, the engine (with its disk cache and shards), the report contract, the statistics
 * behind gates, CSV datasets, and the maximizer search. Every export is named here explicitly; each
 * thing exported carries its own doc comment where it is defined.
 */

// Plugin contracts and factories.
export { defineOracle, type Oracle, type OracleCost, type OraclePlugin, type RecordResult } from './core/oracle.ts';
export { defineModel, type Activations, type FitOverrides, type FitResult, type Model, type ModelPlugin } from './core/model.ts';
export { defineAttack, type AttackPlugin, type Box, type GroundTruth, type PoisonInput, type PoisonResult } from './core/attack.ts';
export {
  defineDefense,
  type DefenseInput,
  type DefensePlugin,
  type Detection,
  type MaximizerScores,
  type Maximizers,
  type Mitigation,
  type MitigationPoint,
} from './core/defense.ts';
export { defineReporter, type ReporterContext, type ReporterPlugin } from './core/reporter.ts';
export { silentLogger, silentProgress, type JsonSchema, type Logger, type PluginBase, type PluginContext, type PluginKind, type ProgressReporter } from './core/plugin.ts';

// Data, domains, randomness, oracle access.
export { concatDatasets, makeDataset, row, selectRows, type Dataset, type TrainingSet } from './core/dataset.ts';
export { defineDomain, type Domain, type DomainDefinition, type Feature } from './core/domain.ts';
export { Rng } from './core/rng.ts';
export { createLabeler, OracleAccounting, type Labeler } from './core/labeler.ts';

// Errors and exit codes.
export {
  ExitCode,
  invalidOption,
  isRegauditError,
  oracleInputError,
  pluginFailure,
  RegauditError,
  type ErrorOrigin,
  type ExitCodeValue,
} from './core/errors.ts';

// The report contract.
export {
  REPORT_SCHEMA_VERSION,
  type AuditReport,
  type AuditStatus,
  type GateResult,
  type MaximizerDetail,
  type MetricStats,
  type RunDetails,
  type RunError,
  type RunReport,
  type StatisticsInfo,
} from './core/report.ts';

// Specs: load, validate, expand.
export { loadSpecFile, parseSpec, type LoadedSpec } from './spec/load.ts';
export { readSpec, validateSpec, type DataSource, type ResolvedPlugin, type ResolvedSpec, type RunPlan, type ValidateOptions } from './spec/validate.ts';
export { bundledPlugins, extendRegistry, resolvePlugin, type PluginRegistry } from './spec/registry.ts';
export { expandSweep, type RunParams } from './spec/sweep.ts';
export type { AuditSpec } from './spec/types.generated.ts';

// Engine.
export { preflight, runAudit, type AuditOptions, type AuditOutcome, type ReporterUse } from './engine/audit.ts';
export { exitCodeOf } from './engine/status.ts';
export { evaluateGates, type GateSpec } from './engine/gates.ts';
export { MemoStageRunner, type Stage, type StageRunner } from './engine/stage-runner.ts';
// The disk cache `regaudit run` uses (pass it as AuditOptions.runner to share stages across processes).
export { DEFAULT_CACHE_DIR, DiskStageRunner, cacheCounts, type CacheCounts, type CacheStats } from './engine/cache/disk-runner.ts';
// Shards (`--shard i/n`) and merging their reports (`regaudit merge-reports`).
export { mergeReports, parseShard, selectShard, type Shard } from './engine/shard.ts';
export { canonicalJson, stageKey, type StageKeyParts } from './engine/stage-key.ts';
export { exactMetricNames, lookupMetric, metricRange, METRICS, type Direction, type MetricInfo, type MetricValues } from './engine/metric-registry.ts';

// Statistics of repeated trainings: 95% intervals (Student t, Wilson) and gate verdicts on them.
export { CONFIDENCE, meanInterval, wilson, type MeanInterval, type Proportion } from './stats/interval.ts';
export { combineRepeats, type CombinedMetrics, type Count, type MetricRange, type RepeatMetrics } from './stats/repeats.ts';
export { readEstimate, verdictOf, verdictPasses, worstVerdict, type Bounds, type Estimate, type Reading, type Verdict } from './stats/verdict.ts';

// CSV datasets (`data.train: {path: file.csv}`).
export { readCsvDataset, type CsvDataset } from './data/csv.ts';

// Local error maximizer search and alpha-weighted retraining, for defenses outside this package.
export { findMaximizers, resolveSearchOptions, searchOptionsSchema, type SearchInput, type SearchOptions, type SearchResult } from './search/index.ts';
export { alphaWeightedSet, retrainWeighted, type RetrainInput } from './search/retrain.ts';

// The command line, for embedding.
export { runCli } from './cli/program.ts';
