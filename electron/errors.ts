// A failure with a stable code that may be shown to the renderer. Anything
// else thrown inside the shell is reported to the page as "internal" only, so
// paths, stack traces and OS messages stay in the main-process log.
export class ShellError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ShellError';
  }
}
