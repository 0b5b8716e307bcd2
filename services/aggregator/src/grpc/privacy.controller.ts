import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type ExportUserRequest,
  type ForgetUserReceipt,
  type ForgetUserRequest,
  type PrivacyController,
  PrivacyControllerMethods,
  type UserExport,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { UserPrivacy } from '../domain/user-privacy.js';

/** gRPC face of data-subject requests (admin scope). */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@PrivacyControllerMethods()
export class PrivacyGrpcController implements PrivacyController {
  constructor(@Inject(UserPrivacy) private readonly privacy: UserPrivacy) {}

  forgetUser(request: ForgetUserRequest): Promise<ForgetUserReceipt> {
    return this.privacy.forget(request.userId);
  }

  async exportUser(request: ExportUserRequest): Promise<UserExport> {
    const result = await this.privacy.export(request.userId);
    return {
      userId: result.userId,
      tables: result.tables.map((t) => ({ table: t.table, rowsJson: t.rows.map((row) => JSON.stringify(row)) })),
      exportedAt: result.exportedAt,
    };
  }
}
