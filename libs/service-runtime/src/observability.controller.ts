import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY, READINESS } from './tokens.js';
import type { Readiness } from './readiness.js';

interface StatusResponse {
  status(code: number): { json(body: unknown): void };
}

/** Liveness, readiness and Prometheus metrics over HTTP, the same on every service. */
@Controller()
export class ObservabilityController {
  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() response: StatusResponse): Promise<void> {
    const result = await this.readiness.evaluate();
    response.status(result.ready ? 200 : 503).json(result);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
