import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { AGENCY_ROLES, ROLES, Role } from '@tellonce/contracts';
import { badRequest, notFound, Public } from '@tellonce/platform';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DevTokenIssuer } from './dev-token-issuer';

export const DEV_TOKEN_ISSUER = Symbol('DEV_TOKEN_ISSUER');

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class DevTokenRequest {
  @IsString() @Matches(ID, { message: 'sub must be a short identifier' }) sub: string;
  @IsIn([...ROLES]) role: Role;
  @IsOptional() @IsString() @Matches(ID, { message: 'agencyId must be a short identifier' }) @MaxLength(64) agencyId?: string;
  @IsOptional() @IsString() @Matches(ID, { message: 'hubId must be a short identifier' }) @MaxLength(64) hubId?: string;
}

/** Only mounted when AUTH_MODE=dev; in any other mode both routes answer 404. */
@Public()
@Controller()
export class DevTokenController {
  constructor(@Inject(DEV_TOKEN_ISSUER) private readonly issuer: DevTokenIssuer | null) {}

  @Post('v1/auth/dev-token')
  @HttpCode(201)
  async devToken(@Body() body: DevTokenRequest) {
    if (!this.issuer) throw notFound('endpoint');
    if (AGENCY_ROLES.includes(body.role) && !body.agencyId) {
      throw badRequest('The request is not valid.', [{ field: 'agencyId', message: 'agency roles need an agencyId' }]);
    }
    return { accessToken: await this.issuer.issue(body), tokenType: 'Bearer', expiresIn: 8 * 3600 };
  }

  @Get('.well-known/jwks.json')
  jwks() {
    if (!this.issuer) throw notFound('endpoint');
    return this.issuer.jwks();
  }
}
