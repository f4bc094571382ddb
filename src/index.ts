/**
 * regaudit's public API (`import { ... } from 'regaudit'`): the plugin contracts and their factories,
 * the spec layer, the engine, and the report contract. Every export is named here explicitly.
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
export { ExitCode, isRegauditError, RegauditError, type ErrorOrigin, type ExitCodeValue } from './core/errors.ts';

// The report contract.
export {
  REPORT_SCHEMA_VERSION,
  type AuditReport,
  type AuditStatus,
  type GateResult,
  type MaximizerDetail,
  type RunDetails,
  type RunError,
  type RunReport,
} from './core/report.ts';

// Specs: load, validate, expand.
export { loadSpecFile, parseSpec, type LoadedSpec } from './spec/load.ts';
export { readSpec, validateSpec, type DataSource, type ResolvedPlugin, type ResolvedSpec, type RunPlan, type ValidateOptions } from './spec/validate.ts';
export { bundledPlugins, extendRegistry, resolvePlugin, type PluginRegistry } from './spec/registry.ts';
export { expandSweep, type RunParams } from './spec/sweep.ts';
export type { AuditSpec } from './spec/types.generated.ts';

// Engine.
export { exitCodeOf, runAudit, type AuditOptions, type AuditOutcome, type ReporterUse } from './engine/audit.ts';
export { evaluateGates, type GateSpec } from './engine/gates.ts';
export { MemoStageRunner, type Stage, type StageRunner } from './engine/stage-runner.ts';
export { canonicalJson, stageKey, type StageKeyParts } from './engine/stage-key.ts';
export { exactMetricNames, lookupMetric, METRICS, type Direction, type MetricInfo } from './engine/metric-registry.ts';

// The command line, for embedding.
export { runCli } from './cli/program.ts';
