import { Controller, Get, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/principal';
import { Metrics } from '../metrics/metrics';

export type HealthCheck = () => Promise<void>;

export interface CheckResult {
  name: string;
  status: 'up' | 'down';
  error?: string;
  durationMs: number;
}

/** Each module registers the dependencies its readiness rests on (database, Kafka, Redis). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(timeoutMs = 2000): Promise<CheckResult[]> {
    return Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = Date.now();
        try {
          await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref())]);
          return { name, status: 'up' as const, durationMs: Date.now() - started };
        } catch (error) {
          return { name, status: 'down' as const, error: error instanceof Error ? error.message : 'failed', durationMs: Date.now() - started };
        }
      }),
    );
  }
}

@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response) {
    const checks = await this.health.run();
    const ok = checks.every((c) => c.status === 'up');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'down', checks });
  }

  @Get('metrics')
  async metricsText(@Res() res: Response) {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
