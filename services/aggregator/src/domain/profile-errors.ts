// The errors a profile read answers with; their own module, so that a reader without the cache (the read server's
// worker thread) loads no more than them.
export class InvalidProfileRequestError extends Error {
  readonly code = 'INVALID_ARGUMENT';
}

export class ProfileNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

/** The error a read of a user with no profile, or of no user, answers with. */
export function userProfileMissing(userId: string): InvalidProfileRequestError | ProfileNotFoundError {
  if (!userId) return new InvalidProfileRequestError('user_id is required');
  return new ProfileNotFoundError(`user ${JSON.stringify(userId)} has no profile`);
}
