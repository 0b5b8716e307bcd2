import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { defer, finalize, type Observable } from 'rxjs';
import { Admission } from '../domain/admission.js';

/** Events a call through Nest carries: UpsertItems' items, else one (Track). */
function eventsInCall(request: unknown): number {
  const items = (request as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.length : 1;
}

/**
 * Every collector call through Nest passes the admission first; a busy pipeline refuses it before anything is
 * validated or written. TrackBatch, answered by the transport, is admitted in the controller's `answerTrackBatch`.
 */
@Injectable()
export class AdmissionInterceptor implements NestInterceptor {
  constructor(@Inject(Admission) private readonly admission: Admission) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return defer(() => {
      const release = this.admission.admit(eventsInCall(context.switchToRpc().getData()));
      return next.handle().pipe(finalize(release));
    });
  }
}
