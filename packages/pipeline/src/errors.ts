// The one error class of @accord/pipeline, with a code per kind of failure and the exit code it maps to.
export type PipelineErrorCode =
  | 'USAGE' // unknown command, flag or value
  | 'CONFIG' // missing or invalid configuration (e.g. no broker URL for a broker step)
  | 'WORKSPACE' // not inside the Accord workspace, unreadable package.json
  | 'BROKER_START' // the embedded broker did not start or the broker is unreachable
  | 'STEP_FAILED'; // a pipeline step (a child command) failed

export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
    /** Output of the failed command, when there is one. */
    readonly output?: string,
  ) {
    super(message);
  }

  /** 2 for usage/configuration problems, 1 for everything that failed while running. */
  get exitCode(): number {
    return this.code === 'USAGE' || this.code === 'CONFIG' ? 2 : 1;
  }
}
