import { MlError } from '@demand/ml';

export function invalidArgument(message: string): MlError {
  return new MlError('INVALID_ARGUMENT', message);
}
