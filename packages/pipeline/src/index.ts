// Public API of @accord/pipeline: the pipeline runner, its building blocks, and the CLI entry.
export { connectBroker, type RunningBroker, startEmbeddedBroker } from './broker.js';
export { type CliConfig, COMMANDS, type CommandName, parseArgs, usage } from './config.js';
export { PipelineError, type PipelineErrorCode } from './errors.js';
export { type ExecResult, exec } from './exec.js';
export { type GitVersion, resolveGitVersion } from './git.js';
export { type MainIo, main, processIo } from './main.js';
export { type CanIDeployAnswer, canIDeploy, parseCanIDeploy } from './pact-cli.js';
export {
  type PipelineConfig,
  type PipelineResult,
  runPipeline,
  STEP_NAMES,
  type StepName,
} from './pipeline.js';
export { textReporter } from './progress.js';
export { contractPairVerdicts, directionFor } from './schema-verdict.js';
export { createDispatchWebhook, DISPATCH_TEMPLATE, webhookUuid } from './webhook.js';
export { findWorkspaceRoot, loadWorkspace, type Service, type Workspace } from './workspace.js';
