// Public API of @accord/cli: the command runner (for tests and embedding) and the PR-comment helper for CI.
export { type IssuesApi, type PrTarget, upsertPrComment } from './ci/pr-comment.js';
export { type DiffArgs, parseDiffArgs, runDiff } from './commands/diff.js';
export type { Command } from './commands/types.js';
export type { Comparison, Problem, Report, ReportChange, Waiver } from './diff/report.js';
export { CliError, type CliErrorCode } from './errors.js';
export { formatJson } from './format/json.js';
export { COMMENT_MARKER, formatMarkdown } from './format/markdown.js';
export { formatText } from './format/text.js';
export { type Io, processIo } from './io.js';
export { commands, run } from './main.js';
