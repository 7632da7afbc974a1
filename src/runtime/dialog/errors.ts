/** The error types of the Lex Runtime V2 API, with their HTTP status codes. */
export const LEX_ERROR_STATUS = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  DependencyFailedException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
} as const;

export type LexErrorType = keyof typeof LEX_ERROR_STATUS;

/** An error as the Lex Runtime V2 API reports it: a type (x-amzn-errortype), a status, a message. */
export class LexRuntimeError extends Error {
  readonly status: number;

  constructor(
    readonly type: LexErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.status = LEX_ERROR_STATUS[type];
  }
}

export const validationError = (message: string) =>
  new LexRuntimeError('ValidationException', message);
export const notFound = (message: string) =>
  new LexRuntimeError('ResourceNotFoundException', message);
export const dependencyFailed = (message: string) =>
  new LexRuntimeError('DependencyFailedException', message);
export const internalError = (message: string) =>
  new LexRuntimeError('InternalServerException', message);
