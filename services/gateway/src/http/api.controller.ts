import { readFile } from 'node:fs/promises';
import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { GatewayService, pickForwardedHeaders } from '../domain/gateway-service.js';
import { isExpected, toHttpError } from '../domain/http-status.js';
import { PipelineMonitor } from '../domain/pipeline-monitor.js';
import type { PipelineSummary } from '../domain/pipeline-summary.js';

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
  type(contentType: string): { send(body: string): void };
}

/** Written next to the compiled code by the build (scripts/build-assets.mjs), from the protos. */
const openApiFile = new URL('../../openapi.json', import.meta.url);

/** POST /api/<gRPC service>/<method> with the request as proto3 JSON; the answer as proto3 JSON. */
@Controller('api')
export class ApiController {
  constructor(
    @Inject(GatewayService) private readonly gateway: GatewayService,
    @Inject(PipelineMonitor) private readonly pipeline: PipelineMonitor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('openapi.json')
  async openApi(@Res() response: JsonResponse): Promise<void> {
    response.type('application/json').send(await readFile(openApiFile, 'utf8'));
  }

  @Get('pipeline')
  pipelineSummary(): Promise<PipelineSummary> {
    return this.pipeline.summary();
  }

  @Post(':service/:method')
  async call(
    @Param('service') service: string,
    @Param('method') method: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, unknown>,
    @Res() response: JsonResponse,
  ): Promise<void> {
    try {
      response.status(200).json(await this.gateway.call(service, method, body, pickForwardedHeaders(headers)));
    } catch (error) {
      const mapped = toHttpError(error);
      if (!isExpected(error)) this.logger.error({ err: error, service, method }, 'gateway call failed');
      response.status(mapped.status).json(mapped.body);
    }
  }
}
