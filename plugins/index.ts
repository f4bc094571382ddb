/**
 * The bundled plugins, as typed maps per kind. A spec's `use: <name>` resolves here first, then to an
 * allowed module specifier. To bundle a plugin, import it and add it to its kind's map: nothing
 * registers itself by import side effects.
 */
import type { AttackPlugin } from '../src/core/attack.ts';
import type { DefensePlugin } from '../src/core/defense.ts';
import type { ModelPlugin } from '../src/core/model.ts';
import type { OraclePlugin } from '../src/core/oracle.ts';
import type { ReporterPlugin } from '../src/core/reporter.ts';
import activeLearning from './defense/active-learning/index.ts';
import gmm from './defense/gmm/index.ts';
import labelAudit from './defense/label-audit/index.ts';
import proximity from './defense/proximity/index.ts';
import consoleReporter from './reporter/console/index.ts';
import json from './reporter/json/index.ts';
import html from './reporter/html/index.ts';
import junit from './reporter/junit/index.ts';
import markdown from './reporter/markdown/index.ts';
import degradation from './attack/degradation/index.ts';
import localizedBackdoor from './attack/localized-backdoor/index.ts';
import onnx from './model/onnx/index.ts';
import barrier from './oracle/barrier/index.ts';
import himalaya from './oracle/himalaya/index.ts';
import tfjsFile from './model/tfjs-file/index.ts';
import mlp from './model/mlp/index.ts';

/** Bundled oracles by name. */
export const oracles = { barrier, himalaya } satisfies Record<string, OraclePlugin<any>>;
/** Bundled models by name. */
export const models = { mlp, onnx, 'tfjs-file': tfjsFile } satisfies Record<string, ModelPlugin<any>>;
/** Bundled attacks by name. */
export const attacks = { 'localized-backdoor': localizedBackdoor, degradation } satisfies Record<string, AttackPlugin<any>>;
/** Bundled defenses by name. */
export const defenses = { proximity, gmm, 'label-audit': labelAudit, 'active-learning': activeLearning } satisfies Record<string, DefensePlugin<any>>;
/** Bundled reporters by name. */
export const reporters = { console: consoleReporter, json, junit, markdown, html } satisfies Record<string, ReporterPlugin<any>>;

/** All bundled plugins, by kind then name. */
export const builtins = { oracle: oracles, model: models, attack: attacks, defense: defenses, reporter: reporters } as const;
