import { DynamicModule, Module } from '@nestjs/common';
import { plansServiceModule, PlansServiceOverrides } from '@tellonce/plans';
import type { PlansConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: PlansConfig, overrides: PlansServiceOverrides = {}): DynamicModule {
    return { module: AppModule, imports: [plansServiceModule(config, overrides)] };
  }
}
