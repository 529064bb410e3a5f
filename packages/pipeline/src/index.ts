// Public API of @accord/pipeline: the CLI entry (what scripts/start.mjs runs), its argument parser, and the
// pipeline runner for embedding.
export { type CliConfig, COMMANDS, type CommandName, parseArgs, usage } from './config.js';
export { PipelineError, type PipelineErrorCode } from './errors.js';
export { type MainIo, main } from './main.js';
export { type PipelineConfig, type PipelineResult, runPipeline, type StepName } from './pipeline.js';
export { findWorkspaceRoot, type Service, type Workspace } from './workspace.js';
