/** Stands in for a request grpc-js could not decode; the call guard answers it with INVALID_ARGUMENT. */
export const UNDECODABLE_REQUEST = Symbol('undecodable request');
