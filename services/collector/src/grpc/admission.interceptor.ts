import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { defer, finalize, type Observable } from 'rxjs';
import { Admission } from '../domain/admission.js';

/** Events a collector call carries: a batch's events or items, else one. */
function eventsInCall(request: unknown): number {
  const r = request as { events?: unknown; items?: unknown } | undefined;
  if (Array.isArray(r?.events)) return r.events.length;
  if (Array.isArray(r?.items)) return r.items.length;
  return 1;
}

/** Every collector call passes the admission first; a busy pipeline refuses it before anything is validated or written. */
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
