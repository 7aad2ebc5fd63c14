import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@tellonce/platform';
import { SignInConfig, SignInConfigSource } from './sign-in-config';

/** Public: the console asks how to sign in before anyone is signed in. Names no person. */
@Public()
@Controller()
export class SignInConfigController {
  constructor(@Inject(SignInConfigSource) private readonly source: SignInConfigSource) {}

  @Get('v1/auth/config')
  config(): Promise<SignInConfig> {
    return this.source.get();
  }
}
