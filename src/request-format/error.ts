/**
 * The one error type of the publish-request contract. Every rejection, whatever the input
 * (null, a number, a megabyte of text), ends here: callers never see a TypeError.
 */
import { ValidationError } from '../errors.js';

/** Example titles shown in messages so the reader sees the expected form. */
export const TITLE_EXAMPLES = '`publish: acme/widget@1.2.3` or `publish: acme/monorepo/packages/core@2.0.0-rc.1`';

/** A title, body or field that does not follow the publish-request contract; `path` names the field. */
export class RequestFormatError extends ValidationError {
  override readonly name: string = 'RequestFormatError';
  constructor(path: string, message: string, fix?: string) {
    super('E_REQUEST_FORMAT', `${path}: ${message}`, path, fix);
  }
}
